-- GROUP BY, ORDER BY and DISTINCT whose state outgrows work_mem = 64kB (the
-- setup of spill_test.cpp sets it on both sides), so Sundial's operators
-- spill to temp files; the answers must not change. Statements without ORDER
-- BY are compared as multisets; those with ORDER BY order totally.

-- one group per row: 28,800 (time, hostname) groups
SELECT time, hostname, count(*) AS n, avg(usage_user) AS avg_user, max(usage_system) AS max_system,
       min(region) AS region, first(usage_idle, time) AS first_idle, last(usage_nice, time) AS last_nice
FROM cpu
GROUP BY time, hostname;

-- numeric keys print with the display scale of their first row, spilled or not
SELECT round(usage_user::numeric, 2)::text AS user_exact, hostname, count(*) AS n,
       sum(round(usage_system::numeric, 3))::text AS system_exact
FROM cpu
GROUP BY round(usage_user::numeric, 2), hostname;

SELECT DISTINCT round(usage_idle::numeric, 1)::text AS idle_exact, time FROM cpu;

CREATE TABLE quarters (time timestamptz NOT NULL, f float8);

INSERT INTO quarters SELECT '2024-01-01'::timestamptz + i * interval '1 second', (i % 5000) / 4.0 FROM generate_series(1, 20000) i;

SELECT round(f::numeric, 2)::text AS exact, count(*) AS n FROM quarters GROUP BY round(f::numeric, 2);

-- rounded metric keys, NULL keys from CASE, and string states
SELECT hostname, round(usage_user) AS user_rounded, count(*) AS n, sum(usage_system) AS system,
       stddev(usage_idle) AS idle_stddev, max(service_version) AS version
FROM cpu
GROUP BY hostname, round(usage_user);

SELECT CASE WHEN usage_idle > 50 THEN hostname END AS busy_host, floor(usage_user / 5) AS user_band,
       time_bucket('10 minutes', time) AS bucket, count(*) AS n, min(usage_guest) AS guest,
       bool_or(usage_steal > 90) AS stolen
FROM cpu
GROUP BY 1, 2, 3;

SELECT time_bucket('5 minutes', time) AS bucket, hostname, avg(usage_user) AS avg_user,
       first(usage_user, time) AS first_user, last(usage_user, time) AS last_user
FROM cpu
GROUP BY bucket, hostname
ORDER BY bucket, hostname;

-- every row sorted (external merge sort)
SELECT * FROM cpu ORDER BY time, hostname;

SELECT hostname, time, usage_user, usage_system FROM cpu ORDER BY usage_user DESC, time, hostname;

SELECT hostname, region, time, usage_guest_nice FROM cpu
ORDER BY region DESC, hostname, usage_guest_nice, time;

-- top-N over all rows
SELECT hostname, time, usage_iowait FROM cpu ORDER BY usage_iowait DESC, time, hostname LIMIT 25;

-- DISTINCT and DISTINCT ON over many keys
SELECT DISTINCT time, hostname FROM cpu;

SELECT DISTINCT round(usage_user) AS u, round(usage_system) AS s, hostname FROM cpu;

SELECT DISTINCT CASE WHEN usage_nice > 40 THEN hostname END AS h, time_bucket('2 minutes', time) AS b
FROM cpu;

SELECT DISTINCT ON (hostname, time_bucket('15 minutes', time)) hostname,
       time_bucket('15 minutes', time) AS bucket, time, usage_user
FROM cpu
ORDER BY hostname, time_bucket('15 minutes', time), usage_user DESC, time;

SELECT DISTINCT ON (round(usage_idle)) round(usage_idle) AS idle, hostname, time
FROM cpu
ORDER BY round(usage_idle), time DESC, hostname;
