-- LATERAL subqueries and functions in FROM that read the items before them,
-- over the compat data set and the dimension tables of join_test.cpp,
-- compared with PostgreSQL statement by statement. Items correlated by
-- equalities become joins; the rest run once per row. Statements without
-- ORDER BY are compared as multisets.

-- functions in FROM read earlier items without the keyword
SELECT h.hostname, s FROM hosts h, generate_series(1, h.rack) s WHERE h.rack < 4;

SELECT h.hostname, u FROM hosts h, unnest(ARRAY[h.rack, h.rack * 10, NULL]) u WHERE h.owner = 'ann';

SELECT h.hostname, d FROM hosts h CROSS JOIN LATERAL generate_series(timestamptz '2016-01-01', timestamptz '2016-01-01' + h.rack * interval '1 hour', interval '90 minutes') d;

SELECT d.device, g FROM device_info d LEFT JOIN LATERAL generate_series(1, d.max_reading) g ON true WHERE d.max_reading IS NULL OR d.max_reading < 10;

-- the newest row per host (TimescaleDB's lastpoint written with LATERAL)
SELECT h.hostname, l.time, l.usage_user FROM hosts h
CROSS JOIN LATERAL (SELECT time, usage_user FROM cpu c WHERE c.hostname = h.hostname ORDER BY time DESC LIMIT 1) l;

SELECT h.hostname, l.time, l.usage_user FROM hosts h
LEFT JOIN LATERAL (SELECT time, usage_user FROM cpu c WHERE c.hostname = h.hostname ORDER BY time DESC LIMIT 1) l ON true;

SELECT k.hostname, l.* FROM (SELECT DISTINCT hostname FROM cpu) k,
LATERAL (SELECT time, usage_user, usage_system FROM cpu WHERE cpu.hostname = k.hostname ORDER BY time DESC LIMIT 1) l;

-- the oldest row per host in a window, and ties broken by a second key
SELECT h.hostname, l.time, l.usage_idle FROM hosts h,
LATERAL (SELECT time, usage_idle FROM cpu c WHERE c.hostname = h.hostname AND c.time >= '2016-01-01 05:00:00+00' ORDER BY time LIMIT 1) l;

SELECT h.owner, l.hostname, l.usage_user FROM hosts h,
LATERAL (SELECT hostname, usage_user FROM cpu c WHERE c.rack = h.rack::text ORDER BY usage_user DESC, hostname LIMIT 1) l;

-- correlated by equality: every matching row, joined
SELECT h.hostname, h.owner, l.time FROM hosts h,
LATERAL (SELECT time FROM cpu c WHERE c.hostname = h.hostname AND c.usage_user > 97) l;

SELECT h.hostname, l.bucket, l.avg_user FROM hosts h,
LATERAL (SELECT time_bucket('4 hours', time) AS bucket, round(avg(usage_user)::numeric, 6) AS avg_user FROM cpu c WHERE c.hostname = h.hostname GROUP BY bucket) l
WHERE h.rack <= 2;

SELECT h.hostname, l.* FROM hosts h LEFT JOIN LATERAL (SELECT DISTINCT region, datacenter FROM cpu c WHERE c.hostname = h.hostname) l ON true;

SELECT h.hostname, l.n FROM hosts h JOIN LATERAL (SELECT hostname, count(*) AS n FROM cpu c WHERE c.hostname = h.hostname GROUP BY hostname) l ON l.n > 0 AND h.rack > 1;

-- a condition on the left row alone keeps or empties the item
SELECT h.hostname, l.time FROM hosts h,
LATERAL (SELECT time FROM cpu c WHERE c.hostname = h.hostname AND h.rack = 3 AND c.time < '2016-01-01 00:30:00+00') l;

SELECT h.hostname, l.t FROM hosts h LEFT JOIN LATERAL (SELECT max(time) AS t FROM cpu c WHERE h.weight > 1.2 AND c.hostname = h.hostname GROUP BY c.hostname) l ON true;

-- run once per row: aggregates over no rows, values from the left row in the select list, other correlations
SELECT h.hostname, l.n, l.top FROM hosts h,
LATERAL (SELECT count(*) AS n, round(max(usage_user)::numeric, 6) AS top FROM cpu c WHERE c.hostname = h.hostname) l;

SELECT h.hostname, l.scaled FROM hosts h,
LATERAL (SELECT round((usage_user * h.weight)::numeric, 6) AS scaled FROM cpu c WHERE c.hostname = h.hostname AND c.time < '2016-01-01 00:20:00+00') l;

SELECT h.hostname, l.n FROM hosts h,
LATERAL (SELECT count(*) AS n FROM cpu c WHERE c.usage_user > h.weight * 60 AND c.time < '2016-01-01 01:00:00+00') l;

SELECT h.hostname, l.time, l.usage_user FROM hosts h,
LATERAL (SELECT time, usage_user FROM cpu c WHERE c.hostname = h.hostname ORDER BY usage_user DESC LIMIT 3) l;

SELECT h.hostname, l.time FROM hosts h LEFT JOIN LATERAL (SELECT time FROM cpu c WHERE c.hostname = h.hostname ORDER BY time DESC LIMIT 2 OFFSET 1) l ON true;

SELECT h.hostname, v.x FROM hosts h, LATERAL (VALUES (h.rack), (h.rack + 100)) v(x) WHERE h.owner IS NOT NULL;

SELECT h.hostname, l.x FROM hosts h, LATERAL (SELECT h.rack * 2 AS x) l;

-- an ON condition over both sides; a LEFT JOIN keeps the rows it rejects
SELECT h.hostname, l.time FROM hosts h LEFT JOIN LATERAL (SELECT time, usage_user FROM cpu c WHERE c.hostname = h.hostname ORDER BY time LIMIT 3) l ON l.usage_user > h.weight * 40;

SELECT h.hostname, l.n FROM hosts h JOIN LATERAL (SELECT count(*) AS n FROM cpu c WHERE c.hostname = h.hostname) l ON l.n > h.rack;

-- chains: an item reads the lateral item before it
SELECT h.hostname, a.newest, b.before FROM hosts h,
LATERAL (SELECT max(time) AS newest FROM cpu c WHERE c.hostname = h.hostname) a,
LATERAL (SELECT count(*) AS before FROM cpu c WHERE c.hostname = h.hostname AND c.time > a.newest - interval '1 hour') b;

SELECT h.hostname, s, l.usage_user FROM hosts h, generate_series(1, 2) s,
LATERAL (SELECT usage_user FROM cpu c WHERE c.hostname = h.hostname AND c.time = '2016-01-01 00:00:00+00'::timestamptz + s * interval '10 minutes') l;

-- inside CTEs, subqueries, aggregates and set operations
WITH newest AS (SELECT h.hostname, l.usage_user FROM hosts h, LATERAL (SELECT usage_user FROM cpu c WHERE c.hostname = h.hostname ORDER BY time DESC LIMIT 1) l)
SELECT count(*), round(avg(usage_user)::numeric, 6) FROM newest;

SELECT owner, sum(l.n) FROM hosts h, LATERAL (SELECT count(*) AS n FROM cpu c WHERE c.hostname = h.hostname AND c.usage_user > 50) l GROUP BY owner;

SELECT hostname FROM hosts h WHERE EXISTS (SELECT 1 FROM generate_series(1, h.rack) s WHERE s > 4);

SELECT h.hostname, s FROM hosts h, generate_series(1, h.rack) s WHERE h.rack < 3
UNION ALL SELECT d.device, s FROM device_info d, generate_series(1, d.max_reading) s WHERE d.max_reading < 4;

-- readings: NULL-heavy rows; the latest value per device and level
SELECT d.device, l.time, l.reading, l.note FROM device_info d LEFT JOIN LATERAL
(SELECT time, reading, note FROM readings r WHERE r.device = d.device ORDER BY time DESC LIMIT 1) l ON true;

SELECT lv, l.reading FROM generate_series(0, 4) lv LEFT JOIN LATERAL
(SELECT reading FROM readings r WHERE r.level = lv AND r.reading IS NOT NULL ORDER BY time DESC LIMIT 1) l ON true;

-- ORDER BY ... LIMIT 1 in scalar subqueries and EXISTS takes each key's first row too
SELECT h.hostname, (SELECT usage_user FROM cpu c WHERE c.hostname = h.hostname ORDER BY time DESC LIMIT 1) AS latest FROM hosts h;

SELECT h.hostname, (SELECT time FROM cpu c WHERE c.hostname = h.hostname AND c.usage_user > 99 ORDER BY time LIMIT 1) AS first_high FROM hosts h;

SELECT d.device FROM device_info d WHERE EXISTS (SELECT 1 FROM readings r WHERE r.device = d.device LIMIT 1);

SELECT h.hostname FROM hosts h WHERE h.rack::text IN (SELECT rack FROM cpu c WHERE c.hostname = h.hostname ORDER BY time DESC LIMIT 1);
