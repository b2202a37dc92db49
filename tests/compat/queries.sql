-- Generic SQL over the compat data set, compared with PostgreSQL statement by
-- statement. Statements without ORDER BY are compared as multisets; those with
-- ORDER BY must order totally (ties would make the order legitimately differ).
-- first()/last() only run where each group has one row per timestamp.

-- the issue's query
SELECT time_bucket('5 minutes', time) AS bucket, hostname,
       avg(usage_user) AS avg_user, max(usage_system) AS max_system, count(*) AS samples,
       first(usage_user, time) AS first_user, last(usage_user, time) AS last_user
FROM cpu
WHERE time >= '2016-01-01 06:00:00+00' AND time < '2016-01-01 10:00:00+00'
  AND hostname IN ('host_3', 'host_12', 'host_17')
GROUP BY bucket, hostname
ORDER BY bucket, hostname
LIMIT 100;

-- literal selects
SELECT 1, 'a', 1.5::float8, INTERVAL '90 minutes', '2016-01-01 07:47:52 +0000'::timestamptz;

SELECT 1 AS one, NULL::text AS nothing, true AS yes, -7::bigint AS minus, 2.5e3::float8 AS big;

SELECT INTERVAL '1 day 2 hours', INTERVAL '36 hours', INTERVAL '-5 minutes', INTERVAL '1 week';

SELECT '2016-03-01 12:00:00'::timestamp, '2016-03-01'::date, '2016-06-15 23:59:59.5+02'::timestamptz;

SELECT 7 / 2, 7 % 3, -7 / 2, 7.0::float8 / 2, 2 * 3 + 4, (2 + 3) * 4;

-- counting
SELECT count(*) FROM cpu;

SELECT count(*), count(usage_steal), count(usage_guest), count(usage_guest_nice) FROM cpu;

SELECT count(*) FROM readings;

-- WHERE with AND / OR / NOT
SELECT count(*) FROM cpu WHERE usage_user > 50 AND usage_system < 20;

SELECT count(*) FROM cpu WHERE usage_user > 95 OR usage_idle < 1;

SELECT count(*) FROM cpu WHERE NOT (usage_user > 10) AND hostname = 'host_7';

SELECT hostname, time, usage_user FROM cpu
WHERE hostname = 'host_5' AND time >= '2016-01-01 03:00:00+00' AND time < '2016-01-01 03:10:00+00'
ORDER BY time;

-- IN, BETWEEN, IS [NOT] NULL, LIKE
SELECT hostname, count(*) FROM cpu WHERE hostname IN ('host_1', 'host_2', 'host_19') GROUP BY hostname;

SELECT count(*) FROM cpu WHERE hostname NOT IN ('host_1', 'host_2');

SELECT count(*) FROM cpu WHERE usage_user BETWEEN 25 AND 26.5;

SELECT count(*) FROM cpu WHERE time BETWEEN '2016-01-01 10:00:00+00' AND '2016-01-01 11:00:00+00';

SELECT count(*) FROM cpu WHERE usage_steal IS NULL;

SELECT hostname, count(*) FROM cpu WHERE usage_guest_nice IS NOT NULL GROUP BY hostname ORDER BY hostname;

SELECT DISTINCT hostname FROM cpu WHERE service_version IS NULL ORDER BY hostname;

SELECT count(*) FROM cpu WHERE region LIKE 'us-%';

SELECT DISTINCT datacenter FROM cpu WHERE datacenter LIKE '%a' ORDER BY datacenter;

SELECT DISTINCT note FROM readings WHERE note LIKE 'h%' ORDER BY note;

SELECT DISTINCT note FROM readings WHERE note NOT LIKE '%o%' ORDER BY note;

-- arithmetic and casts
SELECT hostname, time, usage_user + usage_system AS total, usage_user * 2 - 1 AS scaled,
       usage_idle / 100 AS fraction, -usage_nice AS negated
FROM cpu WHERE hostname = 'host_0' AND time < '2016-01-01 00:15:00+00' ORDER BY time;

SELECT time, reading, reading * 2 AS doubled, reading + level AS summed, reading::float8 / 3 AS third,
       level::text AS level_text, CAST(value AS bigint) AS rounded
FROM readings WHERE reading IS NOT NULL AND value IS NOT NULL ORDER BY time LIMIT 30;

SELECT '42'::bigint + 1, '3.25'::float8 * 2, 17::float8, CAST('2016-01-01 00:00:00+00' AS timestamptz);

-- aggregates
SELECT min(usage_user), max(usage_user), avg(usage_user), sum(usage_user) FROM cpu;

SELECT min(time), max(time) FROM cpu;

SELECT hostname, min(usage_steal), max(usage_steal), avg(usage_steal), count(usage_steal)
FROM cpu GROUP BY hostname ORDER BY hostname;

SELECT max(usage_guest_nice), avg(usage_guest_nice), count(*) FROM cpu WHERE hostname = 'host_13';

SELECT device, count(*), min(reading), max(reading), sum(reading)::float8 AS total,
       avg(reading)::float8 AS mean, min(note), max(note)
FROM readings GROUP BY device ORDER BY device NULLS FIRST;

SELECT hostname, first(usage_user, time), last(usage_user, time), first(time, time), last(time, time)
FROM cpu GROUP BY hostname ORDER BY hostname;

SELECT device, first(reading, time), last(reading, time), first(note, time), last(note, time)
FROM readings WHERE device IS NOT NULL GROUP BY device ORDER BY device;

-- GROUP BY names, aliases and ordinals; HAVING
SELECT region, count(*) AS n, max(usage_user) AS peak FROM cpu GROUP BY region ORDER BY region;

SELECT region AS r, os AS o, count(*) FROM cpu GROUP BY r, o ORDER BY r, o;

SELECT team, arch, avg(usage_system) FROM cpu GROUP BY 1, 2 ORDER BY 1, 2;

SELECT hostname, avg(usage_user) AS mean FROM cpu GROUP BY hostname HAVING avg(usage_user) > 50 ORDER BY hostname;

SELECT service, count(*) FROM cpu GROUP BY service HAVING count(*) > 5000 ORDER BY service;

SELECT service_version, count(*) FROM cpu GROUP BY service_version ORDER BY service_version NULLS FIRST;

-- ORDER BY directions and NULL placement, LIMIT / OFFSET
SELECT time, reading FROM readings ORDER BY reading ASC NULLS FIRST, time LIMIT 20;

SELECT time, reading FROM readings ORDER BY reading DESC NULLS LAST, time LIMIT 20;

SELECT time, reading FROM readings ORDER BY reading DESC, time DESC LIMIT 15;

SELECT time, value FROM readings ORDER BY value NULLS FIRST, time LIMIT 10 OFFSET 5;

SELECT time, hostname, usage_user FROM cpu ORDER BY usage_user DESC, time, hostname LIMIT 10;

SELECT time, hostname FROM cpu ORDER BY time DESC, hostname DESC LIMIT 5 OFFSET 100;

-- DISTINCT and DISTINCT ON
SELECT DISTINCT region, os FROM cpu;

SELECT DISTINCT flag FROM readings;

SELECT DISTINCT ON (device) device, time, reading FROM readings ORDER BY device, time DESC;

SELECT DISTINCT ON (region) region, hostname, usage_user FROM cpu
WHERE time = '2016-01-01 12:00:00+00' ORDER BY region, usage_user DESC;

-- CTEs and subqueries in FROM
WITH busy AS (
  SELECT hostname, count(*) AS n FROM cpu WHERE usage_user > 90 GROUP BY hostname
)
SELECT hostname, n FROM busy WHERE n > 140 ORDER BY hostname;

WITH hourly AS (
  SELECT time_bucket('1 hour', time) AS hour, hostname, max(usage_user) AS peak
  FROM cpu GROUP BY 1, 2
)
SELECT hour, max(peak), min(peak) FROM hourly GROUP BY hour ORDER BY hour;

SELECT s.hostname, s.mean FROM (
  SELECT hostname, avg(usage_idle) AS mean FROM cpu GROUP BY hostname
) AS s WHERE s.mean < 50 ORDER BY s.hostname;

SELECT count(*) FROM (SELECT DISTINCT region, team FROM cpu) AS pairs;

-- time_bucket with several widths and an origin
SELECT time_bucket('1 minute', time) AS bucket, count(*) FROM cpu
WHERE time < '2016-01-01 00:10:00+00' GROUP BY bucket ORDER BY bucket;

SELECT time_bucket('15 minutes', time) AS bucket, hostname, avg(usage_user), first(usage_user, time), last(usage_user, time)
FROM cpu WHERE hostname IN ('host_2', 'host_9') AND time < '2016-01-01 06:00:00+00'
GROUP BY bucket, hostname ORDER BY bucket, hostname;

SELECT time_bucket('1 hour', time) AS bucket, max(usage_irq), min(usage_softirq) FROM cpu GROUP BY bucket ORDER BY bucket;

SELECT time_bucket('1 day', time) AS day, count(*), avg(usage_user) FROM cpu GROUP BY day ORDER BY day;

SELECT time_bucket('1 day', time) AS day, count(*), sum(level)::float8 FROM readings GROUP BY day ORDER BY day;

SELECT time_bucket('1 week', time) AS week, count(*) FROM readings GROUP BY week ORDER BY week;

SELECT time_bucket('7 minutes', time) AS bucket, count(*), max(usage_user) FROM cpu
WHERE hostname = 'host_11' AND time < '2016-01-01 02:00:00+00' GROUP BY bucket ORDER BY bucket;

SELECT time_bucket('1 hour', time, '2016-01-01 00:30:00+00'::timestamptz) AS bucket, count(*) FROM cpu
WHERE time < '2016-01-01 05:00:00+00' GROUP BY bucket ORDER BY bucket;

SELECT time_bucket('1 day', time, origin => '2015-12-31 06:00:00+00') AS bucket, count(*) FROM readings GROUP BY bucket ORDER BY bucket;

SELECT time, time_bucket('90 minutes', time) FROM readings ORDER BY time LIMIT 12;

-- session time zone
SET TIME ZONE 'Europe/Berlin';

SELECT '2016-01-01 07:47:52 +0000'::timestamptz, '2016-07-01 07:47:52 +0000'::timestamptz;

SELECT time, device FROM readings ORDER BY time LIMIT 8;

SELECT min(time), max(time) FROM cpu;

SET TIME ZONE 'UTC';

SELECT time FROM readings ORDER BY time DESC LIMIT 3;
