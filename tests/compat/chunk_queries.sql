-- show_chunks and drop_chunks, each paired with a PostgreSQL query that
-- computes the same chunk names from the rows (cpu is hypertable 1 with
-- 6-hour chunks, readings hypertable 2 with 1-day chunks; a chunk's number
-- is its start divided by the chunk interval) and, for drop_chunks, deletes
-- exactly the rows of the chunks that lie wholly before / after the cutoff.

-- every chunk
SELECT show_chunks('cpu');
SELECT DISTINCT '_timescaledb_internal._hyper_1_' || floor(extract(epoch FROM time) / 21600)::bigint || '_chunk' AS show_chunks FROM cpu;

-- older_than: only chunks that end by the cutoff
SELECT show_chunks('cpu', older_than => TIMESTAMPTZ '2016-01-01 13:00:00+00');
SELECT DISTINCT '_timescaledb_internal._hyper_1_' || floor(extract(epoch FROM time) / 21600)::bigint || '_chunk' AS show_chunks FROM cpu WHERE time < '2016-01-01 12:00:00+00';

-- newer_than: only chunks that start at or after the cutoff
SELECT show_chunks('public.cpu', newer_than => TIMESTAMPTZ '2016-01-01 11:00:00+00');
SELECT DISTINCT '_timescaledb_internal._hyper_1_' || floor(extract(epoch FROM time) / 21600)::bigint || '_chunk' AS show_chunks FROM cpu WHERE time >= '2016-01-01 12:00:00+00';

-- drop_chunks older_than
SELECT drop_chunks('cpu', older_than => TIMESTAMPTZ '2016-01-01 13:00:00+00');
WITH d AS (DELETE FROM cpu WHERE time < '2016-01-01 12:00:00+00' RETURNING time) SELECT DISTINCT '_timescaledb_internal._hyper_1_' || floor(extract(epoch FROM time) / 21600)::bigint || '_chunk' AS drop_chunks FROM d;

-- the surviving rows
SELECT count(*), min(time), max(time), sum(usage_user) FROM cpu;
SELECT count(*), min(time), max(time), sum(usage_user) FROM cpu;

SELECT hostname, count(*) FROM cpu GROUP BY hostname ORDER BY hostname;
SELECT hostname, count(*) FROM cpu GROUP BY hostname ORDER BY hostname;

-- drop_chunks newer_than, positional relation and named cutoff
SELECT drop_chunks('cpu', newer_than => TIMESTAMPTZ '2016-01-01 17:00:00+00');
WITH d AS (DELETE FROM cpu WHERE time >= '2016-01-01 18:00:00+00' RETURNING time) SELECT DISTINCT '_timescaledb_internal._hyper_1_' || floor(extract(epoch FROM time) / 21600)::bigint || '_chunk' AS drop_chunks FROM d;

SELECT count(*), min(time), max(time) FROM cpu;
SELECT count(*), min(time), max(time) FROM cpu;

-- a cutoff that covers no whole chunk drops nothing
SELECT drop_chunks('cpu', older_than => TIMESTAMPTZ '2016-01-01 17:59:00+00');
SELECT 'x' AS drop_chunks WHERE false;

SELECT count(*) FROM cpu;
SELECT count(*) FROM cpu;

-- an interval counts back from now: every 2016 chunk is older than a day
SELECT drop_chunks('readings', INTERVAL '1 day');
WITH d AS (DELETE FROM readings RETURNING time) SELECT DISTINCT '_timescaledb_internal._hyper_2_' || floor(extract(epoch FROM time) / 86400)::bigint || '_chunk' AS drop_chunks FROM d;

SELECT count(*) FROM readings;
SELECT count(*) FROM readings;

SELECT show_chunks('readings');
SELECT 'x' AS show_chunks WHERE false;
