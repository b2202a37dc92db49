-- Window functions over the compat data set, compared with PostgreSQL
-- statement by statement. Every ORDER BY orders totally, and windows that
-- number rows order their partitions by a unique key, so ties cannot make an
-- answer ambiguous. Floating-point sums and averages run only over frames
-- whose rows come in one defined order.

-- ranking functions
SELECT hostname, time, row_number() OVER (PARTITION BY hostname ORDER BY time) AS rn
FROM cpu WHERE time < '2016-01-01 00:10:00+00' ORDER BY hostname, time;

SELECT hostname, time, usage_user, rank() OVER (PARTITION BY hostname ORDER BY round(usage_user / 10)) AS r,
       dense_rank() OVER (PARTITION BY hostname ORDER BY round(usage_user / 10)) AS dr
FROM cpu WHERE time < '2016-01-01 01:00:00+00' ORDER BY hostname, time;

SELECT device, time, level, rank() OVER (PARTITION BY device ORDER BY level) AS r,
       percent_rank() OVER (PARTITION BY device ORDER BY level) AS pr,
       cume_dist() OVER (PARTITION BY device ORDER BY level) AS cd
FROM readings ORDER BY device, time;

SELECT time, level, rank() OVER (ORDER BY level DESC) AS r, dense_rank() OVER (ORDER BY level DESC) AS dr
FROM readings ORDER BY time;

SELECT time, reading, rank() OVER (ORDER BY reading NULLS FIRST) AS r,
       row_number() OVER (ORDER BY reading NULLS FIRST, time) AS rn
FROM readings ORDER BY time;

SELECT device, time, ntile(4) OVER (PARTITION BY device ORDER BY time) AS quartile
FROM readings ORDER BY device, time;

SELECT time, ntile(7) OVER (ORDER BY time) AS bucket, ntile(500) OVER (ORDER BY time) AS many
FROM readings ORDER BY time;

SELECT device, time, row_number() OVER () IS NOT NULL AS numbered, count(*) OVER () AS n
FROM readings ORDER BY time;

-- lag and lead
SELECT hostname, time, usage_user, lag(usage_user) OVER w AS prev, lead(usage_user) OVER w AS next
FROM cpu WHERE time < '2016-01-01 00:30:00+00'
WINDOW w AS (PARTITION BY hostname ORDER BY time) ORDER BY hostname, time;

SELECT time, reading, lag(reading, 2) OVER (ORDER BY time) AS lag2,
       lead(reading, 3, 0) OVER (ORDER BY time) AS lead3,
       lag(reading, 0) OVER (ORDER BY time) AS same
FROM readings ORDER BY time;

SELECT device, time, note, lag(note, 1, 'none') OVER (PARTITION BY device ORDER BY time) AS prev_note
FROM readings ORDER BY device, time;

SELECT time, level, lag(level, 1, 2.5) OVER (ORDER BY time) AS prev_level,
       lead(value, -1) OVER (ORDER BY time) AS back
FROM readings ORDER BY time;

SELECT time, reading - lag(reading) OVER (ORDER BY time) AS delta FROM readings ORDER BY time;

SELECT hostname, time, usage_user - lag(usage_user, 1, usage_user) OVER (PARTITION BY hostname ORDER BY time) AS change
FROM cpu WHERE time < '2016-01-01 00:20:00+00' ORDER BY hostname, time;

-- first_value, last_value, nth_value
SELECT device, time, first_value(reading) OVER w AS first_r, last_value(reading) OVER w AS last_r,
       nth_value(reading, 3) OVER w AS third
FROM readings WINDOW w AS (PARTITION BY device ORDER BY time) ORDER BY device, time;

SELECT device, time, last_value(note) OVER (PARTITION BY device ORDER BY time
         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_note,
       nth_value(time, 2) OVER (PARTITION BY device ORDER BY time
         ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS middle
FROM readings ORDER BY device, time;

SELECT time, level, first_value(time) OVER (ORDER BY level RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) IS NOT NULL AS has_first,
       last_value(level) OVER (ORDER BY level) AS peers_last
FROM readings ORDER BY time;

-- running and whole-partition aggregates (default frames)
SELECT hostname, time, sum(usage_user) OVER (PARTITION BY hostname ORDER BY time) AS running
FROM cpu WHERE time < '2016-01-01 01:00:00+00' ORDER BY hostname, time;

SELECT device, time, sum(reading) OVER (PARTITION BY device ORDER BY time) AS running,
       count(reading) OVER (PARTITION BY device ORDER BY time) AS seen,
       count(*) OVER (PARTITION BY device) AS total,
       max(reading) OVER (PARTITION BY device) AS top,
       min(note) OVER (PARTITION BY device) AS first_note
FROM readings ORDER BY device, time;

SELECT time, level, sum(reading) OVER (ORDER BY level) AS by_level_peers,
       count(*) OVER (ORDER BY level) AS rows_so_far
FROM readings ORDER BY time;

SELECT hostname, time, avg(usage_idle) OVER (PARTITION BY hostname ORDER BY time) AS running_avg,
       min(usage_idle) OVER (PARTITION BY hostname) AS lowest,
       max(usage_idle) OVER (PARTITION BY hostname) AS highest
FROM cpu WHERE time < '2016-01-01 00:45:00+00' ORDER BY hostname, time;

SELECT time, bool_and(flag) OVER (ORDER BY time) AS all_true, bool_or(flag) OVER (ORDER BY time) AS any_true
FROM readings ORDER BY time;

SELECT time, avg(level) OVER (ORDER BY time) AS running_avg, sum(level) OVER () AS total
FROM readings ORDER BY time;

SELECT time, stddev(reading) OVER (ORDER BY time ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS sd5
FROM readings ORDER BY time;

-- ROWS frames
SELECT hostname, time, avg(usage_user) OVER (PARTITION BY hostname ORDER BY time
         ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving_avg
FROM cpu WHERE time < '2016-01-01 01:00:00+00' ORDER BY hostname, time;

SELECT time, reading, sum(reading) OVER (ORDER BY time ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s3,
       count(reading) OVER (ORDER BY time ROWS BETWEEN 3 FOLLOWING AND 5 FOLLOWING) AS ahead,
       max(reading) OVER (ORDER BY time ROWS BETWEEN 5 PRECEDING AND 2 PRECEDING) AS behind
FROM readings ORDER BY time;

SELECT time, sum(level) OVER (ORDER BY time ROWS UNBOUNDED PRECEDING) AS running,
       sum(level) OVER (ORDER BY time ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS remaining,
       sum(level) OVER (ORDER BY time ROWS CURRENT ROW) AS itself
FROM readings ORDER BY time;

SELECT device, time, min(level) OVER (PARTITION BY device ORDER BY time ROWS BETWEEN 100 PRECEDING AND 100 FOLLOWING) AS all_min,
       count(*) OVER (PARTITION BY device ORDER BY time ROWS BETWEEN 0 PRECEDING AND 0 FOLLOWING) AS one
FROM readings ORDER BY device, time;

SELECT time, sum(reading) OVER (ORDER BY time ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS empty_frame,
       count(*) OVER (ORDER BY time ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS zero
FROM readings ORDER BY time;

SELECT time, first_value(reading) OVER (ORDER BY time ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS f,
       last_value(reading) OVER (ORDER BY time ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS l
FROM readings ORDER BY time;

-- RANGE frames with offsets
SELECT hostname, time, count(*) OVER (PARTITION BY hostname ORDER BY time
         RANGE BETWEEN INTERVAL '1 hour' PRECEDING AND CURRENT ROW) AS last_hour,
       max(usage_user) OVER (PARTITION BY hostname ORDER BY time
         RANGE BETWEEN INTERVAL '5 minutes' PRECEDING AND INTERVAL '5 minutes' FOLLOWING) AS near_max
FROM cpu WHERE time < '2016-01-01 03:00:00+00' AND hostname IN ('host_0', 'host_1') ORDER BY hostname, time;

SELECT time, sum(reading) OVER (ORDER BY time RANGE BETWEEN '2 hours' PRECEDING AND CURRENT ROW) AS two_hours,
       count(*) OVER (ORDER BY time RANGE BETWEEN CURRENT ROW AND '1 day' FOLLOWING) AS next_day
FROM readings ORDER BY time;

SELECT time, count(*) OVER (ORDER BY time DESC RANGE BETWEEN INTERVAL '90 minutes' PRECEDING AND INTERVAL '30 minutes' FOLLOWING) AS window_desc
FROM readings ORDER BY time;

SELECT time, level, count(*) OVER (ORDER BY level RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS near_levels,
       sum(reading) OVER (ORDER BY level RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS low_sum
FROM readings ORDER BY time;

SELECT time, reading, count(*) OVER (ORDER BY reading RANGE BETWEEN 100 PRECEDING AND 100 FOLLOWING) AS close,
       min(time) OVER (ORDER BY reading DESC RANGE BETWEEN 50 PRECEDING AND 10 FOLLOWING) AS earliest
FROM readings ORDER BY time;

SELECT time, value, count(*) OVER (ORDER BY value RANGE BETWEEN 5.5 PRECEDING AND 0.5 FOLLOWING) AS close
FROM readings ORDER BY time;

SELECT time, level, count(*) OVER (ORDER BY level RANGE UNBOUNDED PRECEDING) AS upto,
       count(*) OVER (ORDER BY level RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS peers
FROM readings ORDER BY time;

SELECT time, count(*) OVER (ORDER BY time::date RANGE BETWEEN '1 day' PRECEDING AND CURRENT ROW) AS two_days
FROM readings ORDER BY time;

-- several windows in one query, OVER () and named windows
SELECT device, time, row_number() OVER (ORDER BY time) AS global_rn,
       row_number() OVER (PARTITION BY device ORDER BY time) AS device_rn,
       count(*) OVER (PARTITION BY flag) AS per_flag,
       count(*) OVER () AS total
FROM readings ORDER BY time;

SELECT time, sum(level) OVER w AS running, rank() OVER (w2 ORDER BY level) AS r
FROM readings WINDOW w AS (ORDER BY time), w2 AS (PARTITION BY device) ORDER BY time;

SELECT device, time, count(*) OVER w AS n, sum(level) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS pair
FROM readings WINDOW w AS (PARTITION BY device ORDER BY time) ORDER BY device, time;

SELECT time, level FROM readings WINDOW unused AS (ORDER BY time) ORDER BY time LIMIT 5;

-- windows over grouped queries
SELECT hostname, avg(usage_user) AS a, rank() OVER (ORDER BY avg(usage_user) DESC) AS r
FROM cpu GROUP BY hostname ORDER BY hostname;

SELECT region, count(*) AS n, sum(count(*)) OVER () AS total,
       100 * count(*) / sum(count(*)) OVER () AS pct
FROM cpu GROUP BY region ORDER BY region;

SELECT time_bucket('1 hour', time) AS hour, max(usage_user) AS peak,
       lag(max(usage_user)) OVER (ORDER BY time_bucket('1 hour', time)) AS prev_peak,
       row_number() OVER (ORDER BY max(usage_user) DESC, time_bucket('1 hour', time)) AS rn
FROM cpu WHERE hostname = 'host_3' GROUP BY hour ORDER BY hour;

SELECT device, level, count(*) AS n,
       sum(count(*)) OVER (PARTITION BY device ORDER BY level) AS cumulative
FROM readings GROUP BY device, level ORDER BY device, level;

SELECT device, count(*) AS n, dense_rank() OVER (ORDER BY count(*)) AS dr
FROM readings GROUP BY device HAVING count(*) > 10 ORDER BY device;

SELECT hostname, max(usage_user) AS m, ntile(3) OVER (ORDER BY max(usage_user), hostname) AS third
FROM cpu GROUP BY hostname ORDER BY hostname;

-- windows with DISTINCT, ORDER BY, LIMIT and in subqueries
SELECT DISTINCT device, count(*) OVER (PARTITION BY device) AS n FROM readings ORDER BY device;

SELECT time, reading FROM readings ORDER BY row_number() OVER (ORDER BY reading DESC NULLS LAST, time) LIMIT 10;

SELECT time, rank() OVER (ORDER BY level) AS r FROM readings ORDER BY r, time LIMIT 15 OFFSET 5;

SELECT hostname, time, usage_user FROM (
  SELECT hostname, time, usage_user, row_number() OVER (PARTITION BY hostname ORDER BY usage_user DESC, time) AS rn
  FROM cpu) ranked
WHERE rn <= 2 ORDER BY hostname, rn;

SELECT device, time, reading FROM (
  SELECT device, time, reading, lag(reading) OVER (PARTITION BY device ORDER BY time) AS prev FROM readings) t
WHERE reading > prev ORDER BY device, time;

WITH hourly AS (
  SELECT time_bucket('1 hour', time) AS hour, hostname, avg(usage_user) AS u FROM cpu GROUP BY 1, 2)
SELECT hour, hostname, rank() OVER (PARTITION BY hour ORDER BY u DESC, hostname) AS r
FROM hourly WHERE hour < '2016-01-01 03:00:00+00' ORDER BY hour, r;

SELECT count(*) FROM (SELECT time, sum(usage_user) OVER (PARTITION BY hostname ORDER BY time) AS s FROM cpu) t;

SELECT time, level, row_number() OVER (ORDER BY time) + rank() OVER (ORDER BY level) AS combined,
       CASE WHEN lag(level) OVER (ORDER BY time) < level THEN 'up' ELSE 'flat or down' END AS trend
FROM readings ORDER BY time;

SELECT time, count(*) OVER (PARTITION BY note IS NULL ORDER BY time) AS c, row_number() OVER (PARTITION BY device, flag ORDER BY time) AS rn
FROM readings ORDER BY time;

SELECT 1 AS one, row_number() OVER () AS rn, count(*) OVER () AS n;

SELECT x, sum(x) OVER (ORDER BY x) AS running FROM (VALUES (1), (2), (2), (NULL::int), (5)) v(x) ORDER BY x NULLS FIRST;

SELECT time, lead(time) OVER (ORDER BY time) - time AS gap FROM readings WHERE reading IS NOT NULL ORDER BY time;

-- GROUPS frames and frame exclusion
SELECT time, level, sum(reading) OVER (ORDER BY level GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS near_groups,
       count(*) OVER (ORDER BY level GROUPS 2 PRECEDING) AS two_back,
       count(*) OVER (ORDER BY level GROUPS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) AS ahead
FROM readings ORDER BY time;

SELECT device, time, level, count(*) OVER (PARTITION BY device ORDER BY level DESC GROUPS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest,
       max(time) OVER (PARTITION BY device ORDER BY level GROUPS BETWEEN 2 PRECEDING AND 1 PRECEDING) AS lower_max
FROM readings ORDER BY device, time;

SELECT time, level, sum(level) OVER (ORDER BY level, time ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW) AS others,
       count(*) OVER (ORDER BY level RANGE UNBOUNDED PRECEDING EXCLUDE GROUP) AS below,
       count(*) OVER (ORDER BY level RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES) AS all_but_ties,
       sum(reading) OVER (ORDER BY time ROWS BETWEEN 3 PRECEDING AND 2.5 FOLLOWING EXCLUDE NO OTHERS) AS seven,
       count(*) OVER (ORDER BY time ROWS BETWEEN 1.5::float8 PRECEDING AND 2.5::float8 FOLLOWING) AS rounded
FROM readings ORDER BY time;

SELECT time, level, first_value(time) OVER w AS f, last_value(time) OVER w AS l, nth_value(time, 2) OVER w AS second
FROM readings WINDOW w AS (ORDER BY level, time ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW)
ORDER BY time;

SELECT time, level, min(reading) OVER (ORDER BY level GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING EXCLUDE GROUP) AS next_group_min,
       nth_value(level, 2) OVER (ORDER BY level RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES) AS second
FROM readings ORDER BY time;
