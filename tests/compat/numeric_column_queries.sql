-- numeric table columns compared with PostgreSQL, in order on both
-- servers: INSERT rounds to the column's scale, NULL, NaN and the
-- infinities are kept, aggregates, filters and sorts read the values, and
-- all of it again once CHECKPOINT moved Sundial's rows into segments.
-- Values are also compared as text, so display scales must match. The setup
-- creates the hypertable trades (time, symbol, price numeric(12, 4),
-- qty numeric, fee decimal(6, 2)).

INSERT INTO trades SELECT time, hostname, round(usage_user::numeric * 100.123456, 6), round(usage_system::numeric, 3), round(usage_idle::numeric / 3, 4) FROM cpu;

INSERT INTO trades VALUES ('2016-01-01 00:00:00+00', 'special', NULL, 'NaN', 1.005), ('2016-01-01 00:00:01+00', 'special', -0.00005, 'Infinity', -1.004), ('2016-01-01 00:00:02+00', 'special', 99999999.99994, '-Infinity', NULL), ('2016-01-01 00:00:03+00', 'special', 0, 12345678901234567890.123456789, 0.5);

SELECT time, symbol, price, price::text AS price_text, qty::text AS qty_text, fee::text AS fee_text FROM trades WHERE symbol = 'special' ORDER BY time;

SELECT symbol, count(*), count(price), sum(price)::text AS price_sum, avg(fee)::text AS fee_avg, min(price)::text AS price_min, max(qty)::text AS qty_max FROM trades GROUP BY symbol ORDER BY symbol;

SELECT time, symbol, price::text, fee::text FROM trades WHERE price > 5000 AND fee < 10 ORDER BY time, symbol;

SELECT symbol, time, price FROM trades ORDER BY price DESC NULLS LAST, time, symbol LIMIT 12;

SELECT time_bucket('1 hour', time) AS bucket, sum(price * fee)::text AS notional, max(qty) FROM trades WHERE symbol <> 'special' GROUP BY bucket ORDER BY bucket;

SELECT count(*) FROM trades WHERE qty = 'NaN' OR qty > 1e20 OR qty IN (1.5, 2.25);

CHECKPOINT;

SELECT time, symbol, price, price::text AS price_text, qty::text AS qty_text, fee::text AS fee_text FROM trades WHERE symbol = 'special' ORDER BY time;

SELECT symbol, count(*), count(price), sum(price)::text AS price_sum, avg(fee)::text AS fee_avg, min(price)::text AS price_min, max(qty)::text AS qty_max FROM trades GROUP BY symbol ORDER BY symbol;

SELECT time, symbol, price::text, fee::text FROM trades WHERE price > 5000 AND fee < 10 ORDER BY time, symbol;

SELECT symbol, time, price FROM trades ORDER BY price DESC NULLS LAST, time, symbol LIMIT 12;

SELECT DISTINCT ON (symbol) symbol, time, price::text FROM trades ORDER BY symbol, time DESC;

-- a numeric column added later: old rows read its default, rounded to its scale
ALTER TABLE trades ADD COLUMN rebate numeric(5, 1) DEFAULT 2.25;

INSERT INTO trades (time, symbol, price, rebate) VALUES ('2016-01-01 12:00:00+00', 'late', 1.23456, -0.05), ('2016-01-01 12:00:01+00', 'late', 2, NULL);

SELECT rebate::text, count(*) FROM trades GROUP BY rebate ORDER BY rebate;

CHECKPOINT;

SELECT symbol, price::text, qty, rebate::text FROM trades WHERE symbol IN ('late', 'special') ORDER BY time;

SELECT sum(rebate)::text AS rebates, sum(price)::text AS prices FROM trades;

DELETE FROM trades WHERE price < 1000;

SELECT count(*), sum(price)::text, min(fee)::text FROM trades;
