-- INTERSECT and EXCEPT [ALL] whose distinct rows far outgrow work_mem = 64kB
-- (the setup of spill_test.cpp sets it on both sides): Sundial counts rows
-- per side in radix partitions on disk; the answers must not change.
-- Statements without ORDER BY are compared as multisets. Rows that can hold
-- both -0 and 0 are printed through x + 0, since which of the two equal
-- values a set operation keeps is unspecified.

-- 28,800 distinct (hostname, time) rows per side
SELECT hostname, time FROM cpu WHERE usage_user > 30
INTERSECT
SELECT hostname, time FROM cpu WHERE usage_system > 30;

SELECT hostname, time FROM cpu
EXCEPT
SELECT hostname, time + interval '1 minute' FROM cpu WHERE usage_idle > 20;

-- whole rows, every column
SELECT * FROM cpu
INTERSECT
SELECT * FROM cpu WHERE usage_user > 10 OR usage_guest < 50;

SELECT * FROM cpu
EXCEPT
SELECT * FROM cpu WHERE usage_iowait < 75;

-- duplicates: multiplicities min(l, r) and l - r
SELECT hostname, round(usage_user) AS u, time_bucket('2 hours', time) AS bucket FROM cpu
INTERSECT ALL
SELECT hostname, round(usage_system), time_bucket('2 hours', time) FROM cpu;

SELECT hostname, round(usage_user) AS u, time_bucket('2 hours', time) AS bucket FROM cpu
EXCEPT ALL
SELECT hostname, round(usage_system), time_bucket('2 hours', time) FROM cpu;

SELECT hostname, round(usage_user) AS u, time_bucket('2 hours', time) AS bucket FROM cpu
INTERSECT
SELECT hostname, round(usage_system), time_bucket('2 hours', time) FROM cpu;

SELECT hostname, round(usage_user) AS u, time_bucket('2 hours', time) AS bucket FROM cpu
EXCEPT
SELECT hostname, round(usage_system), time_bucket('2 hours', time) FROM cpu;

-- NULLs are equal to each other
SELECT CASE WHEN usage_nice > 50 THEN hostname END AS h, round(usage_user / 4) AS u,
       CASE WHEN usage_irq > 30 THEN time END AS t
FROM cpu
EXCEPT ALL
SELECT CASE WHEN usage_steal > 50 THEN hostname END, round(usage_system / 4),
       CASE WHEN usage_softirq > 30 THEN time END
FROM cpu;

SELECT CASE WHEN usage_nice > 50 THEN hostname END AS h, round(usage_user / 4) AS u,
       CASE WHEN usage_irq > 30 THEN time END AS t
FROM cpu
INTERSECT ALL
SELECT CASE WHEN usage_steal > 50 THEN hostname END, round(usage_system / 4),
       CASE WHEN usage_softirq > 30 THEN time END
FROM cpu;

-- -0 equals 0 and NaN equals NaN
SELECT hostname, x + 0 AS x, time FROM (
  SELECT hostname, CASE WHEN usage_user < 25 THEN -0.0::float8 WHEN usage_user > 75 THEN 'NaN'::float8
                        ELSE round(usage_user / 10) END AS x, time
  FROM cpu
  INTERSECT ALL
  SELECT hostname, CASE WHEN usage_system < 25 THEN 0.0::float8 WHEN usage_system > 75 THEN -'NaN'::float8
                        ELSE round(usage_system / 10) END, time
  FROM cpu) s;

SELECT hostname, x + 0 AS x, time FROM (
  SELECT hostname, CASE WHEN usage_user < 25 THEN -0.0::float8 WHEN usage_user > 75 THEN 'NaN'::float8
                        ELSE round(usage_user / 10) END AS x, time
  FROM cpu
  EXCEPT
  SELECT hostname, CASE WHEN usage_system < 25 THEN 0.0::float8 WHEN usage_system > 75 THEN -'NaN'::float8
                        ELSE round(usage_system / 10) END, time
  FROM cpu) s;

SELECT hostname, x + 0 AS x, bucket, count(*) AS n FROM (
  SELECT hostname, CASE WHEN usage_user < 25 THEN -0.0::float8 WHEN usage_user > 75 THEN 'NaN'::float8
                        ELSE round(usage_user / 10) END AS x, time_bucket('1 hour', time) AS bucket
  FROM cpu
  EXCEPT ALL
  SELECT hostname, CASE WHEN usage_system < 25 THEN 0.0::float8 WHEN usage_system > 75 THEN -'NaN'::float8
                        ELSE round(usage_system / 10) END, time_bucket('1 hour', time)
  FROM cpu) s
GROUP BY 1, 2, 3;

-- nested set operations, UNION, ORDER BY and LIMIT over spilled ones
(SELECT hostname, time FROM cpu EXCEPT ALL SELECT hostname, time FROM cpu WHERE usage_user < 50)
INTERSECT
SELECT hostname, time FROM cpu WHERE usage_system < 50;

SELECT hostname, time FROM cpu WHERE usage_user > 95
UNION
SELECT hostname, time FROM cpu WHERE usage_idle > 40
INTERSECT
SELECT hostname, time FROM cpu WHERE usage_nice < 60;

SELECT hostname, time FROM cpu
INTERSECT
SELECT hostname, time FROM cpu WHERE usage_idle < 50
ORDER BY time DESC, hostname
LIMIT 20;

SELECT count(*) AS n, count(DISTINCT hostname) AS hosts, min(time) AS first_time, max(time) AS last_time
FROM (SELECT hostname, time, round(usage_user) FROM cpu
      EXCEPT ALL
      SELECT hostname, time - interval '1 minute', round(usage_user) FROM cpu) s;
