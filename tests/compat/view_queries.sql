-- Views compared with PostgreSQL, in order on both servers: CREATE VIEW with
-- and without column lists, views over aggregates, joins, CTEs and other
-- views, CREATE OR REPLACE, filters and joins on views, DROP VIEW, and the
-- catalog's view of them. Statements without ORDER BY compare as multisets.

CREATE VIEW busy AS SELECT time, hostname, usage_user FROM cpu WHERE usage_user > 90;

SELECT * FROM busy ORDER BY time, hostname;

SELECT hostname, count(*) FROM busy GROUP BY hostname;

CREATE VIEW hourly (bucket, host, peak, mean, n) AS
  SELECT time_bucket('1 hour', time), hostname, max(usage_user), avg(usage_system), count(*)
  FROM cpu GROUP BY 1, 2;

SELECT * FROM hourly WHERE host = 'host_1' ORDER BY bucket;

SELECT bucket, max(peak) AS top FROM hourly WHERE bucket >= '2016-01-01 03:00:00+00' GROUP BY bucket ORDER BY bucket;

-- a view of a view, joined with its base
CREATE VIEW busy_hosts AS SELECT DISTINCT hostname FROM busy;

SELECT h.hostname, count(*) FROM busy_hosts h JOIN cpu c ON c.hostname = h.hostname GROUP BY h.hostname;

SELECT b.host, b.peak FROM hourly b WHERE b.host IN (SELECT hostname FROM busy_hosts) AND b.peak > 95 ORDER BY b.host, b.bucket;

-- a view with a CTE, ORDER BY and LIMIT kept inside
CREATE VIEW top_readings AS
  WITH ranked AS (SELECT device, value, time FROM readings WHERE value IS NOT NULL)
  SELECT device, value, time FROM ranked ORDER BY value DESC, time LIMIT 5;

SELECT * FROM top_readings;

SELECT count(*), max(value) FROM top_readings;

-- constant and expression columns take PostgreSQL's names and types
CREATE VIEW shapes AS SELECT 1 AS one, 'x' AS letter, 2.5 AS half, hostname || '!' AS loud, usage_user::int FROM cpu WHERE hostname = 'host_2';

SELECT one, letter, half, loud, count(*), max(usage_user) FROM shapes GROUP BY 1, 2, 3, 4;

-- CREATE OR REPLACE may add columns at the end
CREATE OR REPLACE VIEW busy AS SELECT time, hostname, usage_user, usage_system FROM cpu WHERE usage_user > 95;

SELECT * FROM busy ORDER BY time, hostname;

-- the catalog sees views
SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name;

SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY viewname;

SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'v' ORDER BY c.relname;

SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'hourly' ORDER BY ordinal_position;

-- dropping views: dependents first, IF EXISTS
DROP VIEW busy_hosts;

DROP VIEW busy, shapes;

DROP VIEW IF EXISTS busy;

SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY viewname;

-- a view keeps working after its base gains rows and columns
INSERT INTO readings VALUES ('2016-01-03 00:00:00+00', 'omega', 1, 1, true, 'new', 1000.5);

SELECT * FROM top_readings;

ALTER TABLE cpu ADD COLUMN extra integer;

SELECT count(*) FROM hourly;

-- CASCADE takes the views that read a view along
CREATE VIEW peaks AS SELECT host, max(peak) AS top FROM hourly GROUP BY host;

CREATE VIEW top_peak AS SELECT max(top) FROM peaks;

DROP VIEW hourly CASCADE;

SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY viewname;

DROP VIEW top_readings;
