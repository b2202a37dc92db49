-- Continuous aggregates against PostgreSQL, which has none: each Sundial
-- statement is followed by a PostgreSQL statement written to give the same
-- answer. A real-time aggregate (materialized_only = false) must always
-- equal a plain view of its query; a materialized one must equal a table
-- that PostgreSQL refreshes by hand exactly where Sundial refreshes.

-- real time: equal to the view before and after refreshes and late rows
CREATE MATERIALIZED VIEW cpu_hourly WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket('1 hour', time) AS bucket, hostname, max(usage_user) AS peak,
         avg(usage_system) AS mean, count(*) AS n, first(usage_idle, time) AS opening,
         count(usage_steal) AS steals
  FROM cpu GROUP BY bucket, hostname WITH NO DATA;
CREATE VIEW cpu_hourly AS
  SELECT time_bucket('1 hour', time) AS bucket, hostname, max(usage_user) AS peak,
         avg(usage_system) AS mean, count(*) AS n, first(usage_idle, time) AS opening,
         count(usage_steal) AS steals
  FROM cpu GROUP BY bucket, hostname;

SELECT * FROM cpu_hourly ORDER BY bucket, hostname;
SELECT * FROM cpu_hourly ORDER BY bucket, hostname;

CALL refresh_continuous_aggregate('cpu_hourly', '2016-01-01 02:00:00+00', '2016-01-01 10:30:00+00');
CALL refresh_continuous_aggregate('cpu_hourly', '2016-01-01 02:00:00+00', '2016-01-01 10:30:00+00');

SELECT * FROM cpu_hourly ORDER BY bucket, hostname;
SELECT * FROM cpu_hourly ORDER BY bucket, hostname;

INSERT INTO cpu (time, hostname, usage_user, usage_system, usage_idle) VALUES
  ('2016-01-01 03:15:00+00', 'host_1', 99.5, 1, 2), ('2016-01-01 20:00:30+00', 'host_9', 0.5, 2, 3),
  ('2016-01-02 01:00:00+00', 'host_new', 50, 50, 50);
INSERT INTO cpu (time, hostname, usage_user, usage_system, usage_idle) VALUES
  ('2016-01-01 03:15:00+00', 'host_1', 99.5, 1, 2), ('2016-01-01 20:00:30+00', 'host_9', 0.5, 2, 3),
  ('2016-01-02 01:00:00+00', 'host_new', 50, 50, 50);

SELECT bucket, hostname, peak, n FROM cpu_hourly WHERE hostname IN ('host_1', 'host_9', 'host_new') ORDER BY bucket, hostname;
SELECT bucket, hostname, peak, n FROM cpu_hourly WHERE hostname IN ('host_1', 'host_9', 'host_new') ORDER BY bucket, hostname;

DELETE FROM cpu WHERE hostname = 'host_4' AND time >= '2016-01-01 05:00:00+00' AND time < '2016-01-01 07:00:00+00';
DELETE FROM cpu WHERE hostname = 'host_4' AND time >= '2016-01-01 05:00:00+00' AND time < '2016-01-01 07:00:00+00';

CALL refresh_continuous_aggregate('cpu_hourly', NULL, NULL);
CALL refresh_continuous_aggregate('cpu_hourly', NULL, NULL);

SELECT * FROM cpu_hourly ORDER BY bucket, hostname;
SELECT * FROM cpu_hourly ORDER BY bucket, hostname;

SELECT hostname, sum(n), max(peak) FROM cpu_hourly WHERE bucket >= '2016-01-01 04:00:00+00' GROUP BY hostname ORDER BY hostname;
SELECT hostname, sum(n), max(peak) FROM cpu_hourly WHERE bucket >= '2016-01-01 04:00:00+00' GROUP BY hostname ORDER BY hostname;

-- materialized only: stale until refreshed, and only inside the window
CREATE MATERIALIZED VIEW readings_daily WITH (timescaledb.continuous) AS
  SELECT device, time_bucket(INTERVAL '6 hours', time) AS period, sum(reading) AS total,
         min(value) AS low, count(*) AS n
  FROM readings GROUP BY device, period;
CREATE TABLE readings_daily AS
  SELECT device, time_bucket(INTERVAL '6 hours', time) AS period, sum(reading) AS total,
         min(value) AS low, count(*) AS n
  FROM readings GROUP BY device, period;

SELECT * FROM readings_daily ORDER BY period, device NULLS FIRST;
SELECT * FROM readings_daily ORDER BY period, device NULLS FIRST;

INSERT INTO readings VALUES ('2016-01-01 01:00:00+00', 'alpha', 1000, 1, true, 'late', -50),
  ('2016-01-01 13:00:00+00', 'beta', 7, 1, false, 'late', 0.25);
INSERT INTO readings VALUES ('2016-01-01 01:00:00+00', 'alpha', 1000, 1, true, 'late', -50),
  ('2016-01-01 13:00:00+00', 'beta', 7, 1, false, 'late', 0.25);

SELECT * FROM readings_daily ORDER BY period, device NULLS FIRST;
SELECT * FROM readings_daily ORDER BY period, device NULLS FIRST;

CALL refresh_continuous_aggregate('readings_daily', '2015-12-31 23:00:00+00', '2016-01-01 12:00:00+00');
DELETE FROM readings_daily WHERE period >= '2016-01-01 00:00:00+00' AND period < '2016-01-01 12:00:00+00'; INSERT INTO readings_daily SELECT device, time_bucket(INTERVAL '6 hours', time) AS period, sum(reading), min(value), count(*) FROM readings WHERE time >= '2016-01-01 00:00:00+00' AND time < '2016-01-01 12:00:00+00' GROUP BY device, period;

SELECT * FROM readings_daily ORDER BY period, device NULLS FIRST;
SELECT * FROM readings_daily ORDER BY period, device NULLS FIRST;

CALL refresh_continuous_aggregate('readings_daily', NULL, NULL);
DELETE FROM readings_daily; INSERT INTO readings_daily SELECT device, time_bucket(INTERVAL '6 hours', time) AS period, sum(reading), min(value), count(*) FROM readings GROUP BY device, period;

SELECT * FROM readings_daily ORDER BY period, device NULLS FIRST;
SELECT * FROM readings_daily ORDER BY period, device NULLS FIRST;

SELECT device, sum(total), min(low) FROM readings_daily GROUP BY device ORDER BY device;
SELECT device, sum(total), min(low) FROM readings_daily GROUP BY device ORDER BY device;

-- a timestamp (without time zone) source, numeric sums and HAVING, refreshed in parts
CREATE MATERIALIZED VIEW meter_daily WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket('1 day', ts) AS day, site, sum(kwh) AS total, count(*) AS n, max(ts) AS last_seen
  FROM meter GROUP BY day, site HAVING count(*) > 20 WITH NO DATA;
CREATE VIEW meter_daily AS
  SELECT time_bucket('1 day', ts) AS day, site, sum(kwh) AS total, count(*) AS n, max(ts) AS last_seen
  FROM meter GROUP BY day, site HAVING count(*) > 20;

CALL refresh_continuous_aggregate('meter_daily', '2024-01-02', '2024-01-04');
CALL refresh_continuous_aggregate('meter_daily', '2024-01-02', '2024-01-04');

SELECT * FROM meter_daily ORDER BY day, site;
SELECT * FROM meter_daily ORDER BY day, site;

INSERT INTO meter SELECT '2024-01-02 12:00'::timestamp + (i || ' minutes')::interval, 1, 0.25 FROM generate_series(1, 30) AS i;
INSERT INTO meter SELECT '2024-01-02 12:00'::timestamp + (i || ' minutes')::interval, 1, 0.25 FROM generate_series(1, 30) AS i;

SELECT day, site, total, n FROM meter_daily WHERE day = '2024-01-02' ORDER BY site;
SELECT day, site, total, n FROM meter_daily WHERE day = '2024-01-02' ORDER BY site;

DELETE FROM meter WHERE site = 2 AND ts < '2024-01-03';
DELETE FROM meter WHERE site = 2 AND ts < '2024-01-03';

CALL refresh_continuous_aggregate('meter_daily', NULL, NULL);
CALL refresh_continuous_aggregate('meter_daily', NULL, NULL);

SELECT * FROM meter_daily ORDER BY day, site;
SELECT * FROM meter_daily ORDER BY day, site;

ALTER MATERIALIZED VIEW meter_daily SET (timescaledb.materialized_only = true);
SET client_min_messages TO notice;

SELECT site, sum(total), sum(n) FROM meter_daily GROUP BY site ORDER BY site;
SELECT site, sum(total), sum(n) FROM meter_daily GROUP BY site ORDER BY site;

-- buckets on another grid: an origin, and an offset
CREATE MATERIALIZED VIEW cpu_shifted WITH (timescaledb.continuous) AS
  SELECT time_bucket('2 hours', time, origin => '2016-01-01 00:30:00+00') AS bucket, region, avg(usage_user) AS mean, count(*) AS n
  FROM cpu GROUP BY time_bucket('2 hours', time, origin => '2016-01-01 00:30:00+00'), region;
CREATE VIEW cpu_shifted AS
  SELECT time_bucket('2 hours', time, origin => '2016-01-01 00:30:00+00') AS bucket, region, avg(usage_user) AS mean, count(*) AS n
  FROM cpu GROUP BY time_bucket('2 hours', time, origin => '2016-01-01 00:30:00+00'), region;

SELECT * FROM cpu_shifted ORDER BY bucket, region;
SELECT * FROM cpu_shifted ORDER BY bucket, region;

CREATE MATERIALIZED VIEW cpu_offset WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket('3 hours', time, INTERVAL '20 minutes') AS bucket, count(*) AS n, max(usage_system) AS top
  FROM cpu GROUP BY 1 WITH NO DATA;
CREATE VIEW cpu_offset AS
  SELECT time_bucket('3 hours', time, INTERVAL '20 minutes') AS bucket, count(*) AS n, max(usage_system) AS top
  FROM cpu GROUP BY 1;

CALL refresh_continuous_aggregate('cpu_offset', '2016-01-01 02:00:00+00', '2016-01-01 14:00:00+00');
CALL refresh_continuous_aggregate('cpu_offset', '2016-01-01 02:00:00+00', '2016-01-01 14:00:00+00');

INSERT INTO cpu (time, hostname, usage_system) VALUES ('2016-01-01 05:19:59+00', 'host_x', 1000), ('2016-01-01 05:20:00+00', 'host_x', 2000);
INSERT INTO cpu (time, hostname, usage_system) VALUES ('2016-01-01 05:19:59+00', 'host_x', 1000), ('2016-01-01 05:20:00+00', 'host_x', 2000);

SELECT * FROM cpu_offset ORDER BY bucket;
SELECT * FROM cpu_offset ORDER BY bucket;
