-- Joins and window functions whose inputs are far larger than work_mem =
-- 64kB (the setup of spill_test.cpp sets it on both sides): Sundial's hash
-- joins partition both inputs to temp files (splitting big partitions again,
-- joining one-key partitions and key-less joins block by block), and window
-- partitions larger than work_mem go to disk; the answers must not change.
-- Statements without ORDER BY are compared as multisets. Window orderings
-- that number rows are total, and floating-point sums run over frames whose
-- rows come in one defined order.

-- inner join of 28,800 rows with 28,800
SELECT a.hostname, a.time, a.usage_user, b.usage_system
FROM cpu a JOIN cpu b ON a.hostname = b.hostname AND a.time = b.time;

-- left join: unmatched by key (the last minute) and by condition
SELECT a.hostname, a.time, b.time AS next_time, b.usage_user
FROM cpu a LEFT JOIN cpu b
  ON b.hostname = a.hostname AND b.time = a.time + interval '1 minute' AND b.usage_user > a.usage_user;

-- right and full joins keep the build side's unmatched rows
SELECT a.time AS idle_time, b.hostname, b.time, b.usage_idle
FROM (SELECT * FROM cpu WHERE usage_idle > 50) a RIGHT JOIN cpu b ON a.hostname = b.hostname AND a.time = b.time;

SELECT a.hostname, a.time, b.hostname, b.time
FROM (SELECT hostname, time FROM cpu WHERE usage_user < 60) a
FULL JOIN (SELECT hostname, time FROM cpu WHERE usage_system < 60) b ON a.hostname = b.hostname AND a.time = b.time;

-- NULL keys on both sides never match, but full joins keep them
SELECT a.k, a.time, b.k AS other_k, b.time AS other_time
FROM (SELECT CASE WHEN usage_nice > 20 THEN hostname END AS k, time FROM cpu) a
FULL JOIN (SELECT CASE WHEN usage_steal > 20 THEN hostname END AS k, time FROM cpu) b
  ON a.k = b.k AND a.time = b.time;

-- semi and anti joins with a condition over both sides
SELECT a.hostname, a.time FROM cpu a
WHERE EXISTS (SELECT 1 FROM cpu b WHERE b.hostname = a.hostname AND b.time = a.time + interval '2 minutes'
              AND b.usage_user > a.usage_user);

SELECT a.hostname, a.time, a.usage_idle FROM cpu a
WHERE NOT EXISTS (SELECT 1 FROM cpu b WHERE b.hostname = a.hostname AND b.time = a.time - interval '1 minute'
                  AND b.usage_idle < a.usage_idle);

-- one key holds most build rows: its partition cannot be split
SELECT v.k, b.hostname, b.time
FROM (VALUES ('busy'), ('host_3'), ('none')) v(k)
JOIN (SELECT CASE WHEN usage_user < 90 THEN 'busy' ELSE hostname END AS k, hostname, time FROM cpu) b ON v.k = b.k;

SELECT v.k, count(b.time) AS n, min(b.time) AS first_time
FROM (VALUES ('busy'), ('host_3'), ('none'), (NULL)) v(k)
LEFT JOIN (SELECT CASE WHEN usage_user < 90 THEN 'busy' ELSE hostname END AS k, time, usage_system FROM cpu) b
  ON v.k = b.k AND b.usage_system > 10
GROUP BY v.k;

-- joins without equal keys: nested loops over a spilled build side
SELECT a.hostname, a.time, count(b.time) AS close_rows
FROM (SELECT hostname, time, usage_user FROM cpu WHERE time < '2016-01-01 00:03:00+00') a
LEFT JOIN cpu b ON b.usage_user BETWEEN a.usage_user AND a.usage_user + 0.01
GROUP BY a.hostname, a.time;

SELECT count(*) AS pairs, count(a.time) AS left_rows, count(b.time) AS right_rows
FROM (SELECT time, usage_user FROM cpu WHERE time < '2016-01-01 00:02:00+00') a
RIGHT JOIN cpu b ON abs(b.usage_user - a.usage_user) < 0.001;

-- ranking over the whole input as one partition
SELECT hostname, time, row_number() OVER (ORDER BY time, hostname) AS rn,
       ntile(7) OVER (ORDER BY time, hostname) AS n7
FROM cpu;

SELECT hostname, time, rank() OVER w AS r, dense_rank() OVER w AS dr, percent_rank() OVER w AS pr,
       cume_dist() OVER w AS cd
FROM cpu WINDOW w AS (ORDER BY time);

-- running, peer-group and whole-partition aggregates and frame values
SELECT hostname, time, sum(usage_user) OVER (ORDER BY time, hostname) AS running_user,
       count(*) OVER (ORDER BY time) AS rows_so_far, max(usage_user) OVER () AS top_user,
       first_value(hostname) OVER (ORDER BY time, hostname) AS first_host,
       last_value(time) OVER (ORDER BY time) AS peer_time,
       last_value(hostname) OVER (ORDER BY time, hostname ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS self
FROM cpu;

SELECT region, hostname, time, row_number() OVER w AS rn, min(usage_idle) OVER w AS min_idle,
       max(usage_user) OVER (PARTITION BY region) AS region_top,
       count(*) OVER (PARTITION BY region ORDER BY time) AS region_rows,
       last_value(hostname) OVER (PARTITION BY region ORDER BY time, hostname
                                  ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS region_last
FROM cpu WINDOW w AS (PARTITION BY region ORDER BY time, hostname);

-- offsets and sliding frames read a spilled partition back
SELECT hostname, time, lag(usage_user) OVER w AS prev_user, lead(hostname, 3) OVER w AS later_host,
       sum(usage_user) OVER (ORDER BY time, hostname ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS nearby
FROM cpu WINDOW w AS (ORDER BY time, hostname);
