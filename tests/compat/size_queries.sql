-- TimescaleDB's size functions and chunk views, each paired with a
-- PostgreSQL query computing the same answer from the rows (cpu is
-- hypertable 1 with 6-hour chunks, readings hypertable 2 with 1-day chunks;
-- a chunk's number is its start divided by the chunk interval). The setup
-- runs CHECKPOINT, so every row is in segment files.

-- the chunks chunks_detailed_size reports are show_chunks'
SELECT chunk_schema || '.' || chunk_name AS chunk FROM chunks_detailed_size('cpu');
SELECT DISTINCT '_timescaledb_internal._hyper_1_' || floor(extract(epoch FROM time) / 21600)::bigint || '_chunk' AS chunk FROM cpu;

-- every chunk has bytes, and they add up to the hypertable's
SELECT count(*) AS chunks, bool_and(total_bytes > 0) AS sized, sum(total_bytes) = hypertable_size('readings') AS adds_up, max(index_bytes) AS index_bytes FROM chunks_detailed_size('readings');
SELECT count(DISTINCT floor(extract(epoch FROM time) / 86400)) AS chunks, true AS sized, true AS adds_up, 0::bigint AS index_bytes FROM readings;

-- approximate_row_count is exact
SELECT approximate_row_count('cpu') AS n, approximate_row_count('public.readings') AS m;
SELECT (SELECT count(*) FROM cpu) AS n, (SELECT count(*) FROM readings) AS m;

-- show_chunks in FROM feeds compress_chunk
SELECT compress_chunk(c) AS chunk FROM show_chunks('cpu', older_than => TIMESTAMPTZ '2016-01-01 13:00:00+00') c;
SELECT DISTINCT '_timescaledb_internal._hyper_1_' || floor(extract(epoch FROM time) / 21600)::bigint || '_chunk' AS chunk FROM cpu WHERE time < '2016-01-01 12:00:00+00';

-- timescaledb_information.chunks: names and ranges
SELECT hypertable_name, chunk_name, range_start, range_end, is_compressed FROM timescaledb_information.chunks WHERE hypertable_name = 'readings';
SELECT DISTINCT 'readings' AS hypertable_name, '_hyper_2_' || floor(extract(epoch FROM time) / 86400)::bigint || '_chunk' AS chunk_name, to_timestamp(floor(extract(epoch FROM time) / 86400) * 86400) AS range_start, to_timestamp((floor(extract(epoch FROM time) / 86400) + 1) * 86400) AS range_end, true AS is_compressed FROM readings;

-- timescaledb_information.dimensions: the time column and chunk interval
SELECT hypertable_name, dimension_number, column_name, column_type, dimension_type, time_interval FROM timescaledb_information.dimensions ORDER BY hypertable_name;
SELECT * FROM (VALUES ('cpu', 1::bigint, 'time', 'timestamp with time zone', 'Time', INTERVAL '6 hours'), ('readings', 1::bigint, 'time', 'timestamp with time zone', 'Time', INTERVAL '1 day')) AS d (hypertable_name, dimension_number, column_name, column_type, dimension_type, time_interval) ORDER BY hypertable_name;
