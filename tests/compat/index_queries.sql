-- CREATE INDEX and DROP INDEX compared with PostgreSQL: generated names,
-- the definitions pg_indexes and pg_get_indexdef print, and answers that
-- stay the same with indexes in place. Sundial keeps no index structures
-- (see src/sql/indexes.cpp); what clients see of them must still match.

CREATE INDEX ON cpu (hostname, time DESC);

CREATE INDEX cpu_region_idx ON cpu USING btree (region, usage_user DESC NULLS LAST);

CREATE INDEX IF NOT EXISTS cpu_region_idx ON cpu (region);

CREATE INDEX ON cpu (lower(hostname), (usage_user * 2) DESC NULLS LAST);

CREATE INDEX ON readings (device, time);

CREATE INDEX ON readings (device, time);

-- expression elements print as PostgreSQL deparses them, which Sundial does not
SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname <> 'cpu_lower_expr_idx' ORDER BY indexname;

SELECT ci.relname, ct.relname, i.indnatts, i.indisunique, i.indisprimary FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class ct ON ct.oid = i.indrelid WHERE ct.relname IN ('cpu', 'readings') ORDER BY 1;

SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'i' ORDER BY c.relname;

SELECT pg_get_indexdef('cpu_region_idx'::regclass);

SELECT hostname, max(usage_user) FROM cpu WHERE hostname IN ('host_1', 'host_7') AND time < '2016-01-01 06:00:00+00' GROUP BY hostname ORDER BY hostname;

SELECT device, count(*), min(time) FROM readings GROUP BY device ORDER BY device NULLS FIRST;

DROP INDEX cpu_region_idx, readings_device_time_idx1;

DROP INDEX IF EXISTS cpu_region_idx;

SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname;

ALTER TABLE readings DROP COLUMN device;

SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname;
