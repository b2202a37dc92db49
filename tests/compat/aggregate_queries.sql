-- PostgreSQL's aggregate surface: DISTINCT and ORDER BY inside aggregates,
-- FILTER, string_agg, statistics, bool aggregates and the ordered-set
-- aggregates. aggregate_test.cpp also runs this file under work_mem = 64kB,
-- so the grouped statements spill their collected values. Statements with
-- ORDER BY order totally.

-- count(DISTINCT) without GROUP BY
SELECT count(DISTINCT hostname) AS hosts, count(DISTINCT region) AS regions, count(*) AS n FROM cpu;

SELECT count(DISTINCT device) AS devices, count(DISTINCT reading) AS readings,
       count(DISTINCT level) AS levels, count(DISTINCT flag) AS flags FROM readings;

-- DISTINCT aggregates mixed with plain ones, several different DISTINCT arguments
SELECT count(DISTINCT level) AS levels, sum(DISTINCT level) AS level_sum, avg(DISTINCT level) AS level_avg,
       sum(level) AS all_levels, count(level) AS level_count, max(DISTINCT value) AS max_value
FROM readings;

SELECT region, count(DISTINCT hostname) AS hosts, count(DISTINCT rack) AS racks,
       count(*) AS n, avg(usage_user) AS avg_user
FROM cpu GROUP BY region ORDER BY region;

SELECT hostname, count(DISTINCT round(usage_user)) AS user_values,
       sum(DISTINCT round(usage_system)) AS system_sum, min(usage_idle) AS idle
FROM cpu GROUP BY hostname ORDER BY hostname;

SELECT device, count(DISTINCT note) AS notes, count(DISTINCT flag) AS flags,
       sum(DISTINCT reading) AS reading_sum, avg(DISTINCT reading) AS reading_avg
FROM readings GROUP BY device ORDER BY device NULLS FIRST;

SELECT count(DISTINCT level IS NULL) AS nullish, count(DISTINCT flag OR level > 2) AS mixed FROM readings;

SELECT time_bucket('1 hour', time) AS bucket, count(DISTINCT hostname) AS hosts,
       count(DISTINCT os) AS systems, stddev(DISTINCT round(usage_user)) AS spread
FROM cpu GROUP BY bucket ORDER BY bucket;

-- one group per (time, hostname): every DISTINCT collection has one value
SELECT time, hostname, count(DISTINCT usage_user) AS n, string_agg(DISTINCT region, ',') AS r
FROM cpu GROUP BY time, hostname;

-- float DISTINCT: -0 equals 0
SELECT count(DISTINCT v) AS n FROM (VALUES (0.0::float8), (-0.0::float8), (1.5), (1.5), (NULL)) AS t(v);

SELECT count(DISTINCT v) AS n, sum(DISTINCT v) AS s FROM (VALUES (1), (1), (2), (NULL), (NULL)) AS t(v);

-- DISTINCT over empty input
SELECT count(DISTINCT level) AS n, sum(DISTINCT level) AS s, string_agg(DISTINCT note, ',') AS notes
FROM readings WHERE level > 1000000;

SELECT device, count(DISTINCT level) AS n FROM readings WHERE level > 1000000 GROUP BY device;

-- HAVING on DISTINCT aggregates
SELECT hostname, count(DISTINCT round(usage_user / 10)) AS bands FROM cpu
GROUP BY hostname HAVING count(DISTINCT round(usage_user / 10)) > 10 ORDER BY hostname;

SELECT region FROM cpu GROUP BY region HAVING count(DISTINCT hostname) > 1 ORDER BY region;

-- ORDER BY a DISTINCT aggregate
SELECT region, count(DISTINCT hostname) AS hosts FROM cpu GROUP BY region
ORDER BY count(DISTINCT hostname) DESC, region;

-- FILTER
SELECT count(*) FILTER (WHERE usage_user > 50) AS busy, count(*) AS n,
       avg(usage_user) FILTER (WHERE hostname = 'host_1') AS host_1_user,
       max(usage_idle) FILTER (WHERE region LIKE 'us%') AS us_idle
FROM cpu;

SELECT hostname, count(*) FILTER (WHERE usage_user > 90) AS very_busy,
       sum(usage_system) FILTER (WHERE usage_user < 10) AS quiet_system,
       min(time) FILTER (WHERE usage_idle > 99) AS first_idle
FROM cpu GROUP BY hostname ORDER BY hostname;

SELECT device, count(*) FILTER (WHERE flag) AS flagged, count(*) FILTER (WHERE NOT flag) AS unflagged,
       count(*) FILTER (WHERE flag IS NULL) AS unknown, sum(reading) FILTER (WHERE level > 2) AS high
FROM readings GROUP BY device ORDER BY device NULLS FIRST;

-- FILTER keeps the arguments of rejected rows from being evaluated
SELECT sum(100 / level) FILTER (WHERE level <> 0) AS ratio FROM readings;

SELECT count(DISTINCT hostname) FILTER (WHERE usage_user > 95) AS busy_hosts,
       count(DISTINCT region) FILTER (WHERE usage_idle < 5) AS idle_regions
FROM cpu;

SELECT region, string_agg(DISTINCT hostname, ',' ORDER BY hostname) FILTER (WHERE usage_user > 99) AS hosts
FROM cpu GROUP BY region ORDER BY region;

-- FILTER with a NULL condition keeps nothing
SELECT count(*) FILTER (WHERE NULL) AS none, sum(level) FILTER (WHERE flag) AS flagged FROM readings;

-- string_agg and aggregate ORDER BY
SELECT string_agg(hostname, ',' ORDER BY hostname) AS hosts FROM (SELECT DISTINCT hostname FROM cpu) AS h;

SELECT region, string_agg(DISTINCT hostname, ', ' ORDER BY hostname DESC) AS hosts
FROM cpu GROUP BY region ORDER BY region;

SELECT device, string_agg(note, '|' ORDER BY time) AS notes,
       string_agg(note, '' ORDER BY time DESC) AS backwards
FROM readings GROUP BY device ORDER BY device NULLS FIRST;

SELECT string_agg(DISTINCT note, ';') AS notes FROM readings;

SELECT string_agg(note, ',' ORDER BY note NULLS FIRST, time) AS notes,
       string_agg(device, ',' ORDER BY level DESC NULLS LAST, time) AS devices
FROM readings;

SELECT string_agg(v, d ORDER BY n) AS joined
FROM (VALUES ('a', '-', 1), ('b', NULL, 2), ('c', '+', 3), (NULL, '*', 4)) AS t(v, d, n);

SELECT string_agg(v, ',') AS joined FROM (VALUES (NULL::text), (NULL)) AS t(v);

SELECT hostname, string_agg(to_char(time, 'HH24:MI'), ' ' ORDER BY time) AS times
FROM cpu WHERE usage_user > 99 GROUP BY hostname ORDER BY hostname;

SELECT time_bucket('6 hours', time) AS bucket,
       string_agg(hostname, ',' ORDER BY usage_user DESC, hostname) FILTER (WHERE usage_user > 99.5) AS top
FROM cpu GROUP BY bucket ORDER BY bucket;

SELECT hostname, first(usage_user, time) AS first_user, sum(usage_user ORDER BY time) AS total,
       max(usage_idle ORDER BY usage_idle DESC) AS max_idle
FROM cpu GROUP BY hostname ORDER BY hostname;

-- statistics
SELECT stddev(usage_user) AS s, stddev_samp(usage_user) AS ss, stddev_pop(usage_user) AS sp,
       variance(usage_user) AS v, var_samp(usage_user) AS vs, var_pop(usage_user) AS vp
FROM cpu;

SELECT device, stddev(reading) AS s, stddev_pop(level) AS sp, variance(value) AS v,
       var_pop(reading) AS vp, var_samp(level) AS vs
FROM readings GROUP BY device ORDER BY device NULLS FIRST;

SELECT stddev(v) AS one_row_samp, stddev_pop(v) AS one_row_pop FROM (VALUES (3.0::float8)) AS t(v);

SELECT hostname, stddev(DISTINCT round(usage_user)) AS s, var_pop(usage_user) FILTER (WHERE usage_user > 50) AS vp
FROM cpu GROUP BY hostname ORDER BY hostname;

-- bool_and, bool_or, every
SELECT bool_and(flag) AS all_flags, bool_or(flag) AS any_flag, every(flag) AS every_flag FROM readings;

SELECT device, bool_and(flag) AS a, bool_or(flag) AS o, every(level > 0) AS positive,
       bool_or(note IS NULL) FILTER (WHERE level > 1) AS missing_note
FROM readings GROUP BY device ORDER BY device NULLS FIRST;

SELECT hostname, bool_and(usage_user < 99) AS never_full, bool_or(usage_idle > 99) AS sometimes_idle
FROM cpu GROUP BY hostname ORDER BY hostname;

-- ordered-set aggregates
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY usage_user) AS median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY usage_user) AS p90,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY usage_user) AS disc_median,
       percentile_cont(0) WITHIN GROUP (ORDER BY usage_user) AS p0,
       percentile_cont(1) WITHIN GROUP (ORDER BY usage_user) AS p100
FROM cpu;

SELECT hostname, percentile_cont(0.25) WITHIN GROUP (ORDER BY usage_user) AS q1,
       percentile_cont(0.75) WITHIN GROUP (ORDER BY usage_user DESC) AS q1_desc,
       percentile_disc(0.95) WITHIN GROUP (ORDER BY usage_system) AS p95,
       mode() WITHIN GROUP (ORDER BY round(usage_idle / 10)) AS idle_mode
FROM cpu GROUP BY hostname ORDER BY hostname;

SELECT device, percentile_cont(0.5) WITHIN GROUP (ORDER BY reading) AS median,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY reading) AS disc,
       percentile_disc(0) WITHIN GROUP (ORDER BY note) AS first_note,
       mode() WITHIN GROUP (ORDER BY level) AS level_mode,
       mode() WITHIN GROUP (ORDER BY note DESC) AS note_mode
FROM readings GROUP BY device ORDER BY device NULLS FIRST;

SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY time) AS median_time,
       percentile_disc(0.3) WITHIN GROUP (ORDER BY flag) AS flag_30,
       mode() WITHIN GROUP (ORDER BY flag) AS flag_mode
FROM readings;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median,
       percentile_cont(0.3) WITHIN GROUP (ORDER BY d) AS p30,
       percentile_disc(0.3) WITHIN GROUP (ORDER BY d) AS disc
FROM (VALUES (INTERVAL '1 day'), (INTERVAL '1 month 3 hours'), (INTERVAL '10 minutes'), (NULL)) AS t(d);

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median, mode() WITHIN GROUP (ORDER BY v) AS m
FROM (VALUES (1), (2), (2), (3), (3), (NULL)) AS t(v);

SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY usage_user) AS none FROM cpu;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY level) AS median, mode() WITHIN GROUP (ORDER BY note) AS m
FROM readings WHERE level > 1000000;

SELECT time_bucket('2 hours', time) AS bucket,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY usage_user) FILTER (WHERE hostname <> 'host_0') AS median,
       count(DISTINCT hostname) AS hosts, string_agg(DISTINCT region, ',' ORDER BY region) AS regions
FROM cpu GROUP BY bucket ORDER BY bucket;

-- one group per row with ordered-set states
SELECT time, hostname, percentile_cont(0.5) WITHIN GROUP (ORDER BY usage_user) AS median,
       mode() WITHIN GROUP (ORDER BY region) AS region
FROM cpu GROUP BY time, hostname;

-- many groups with large DISTINCT collections
SELECT round(usage_user) AS band, count(DISTINCT hostname) AS hosts, count(DISTINCT time) AS times,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY usage_system) AS system
FROM cpu GROUP BY band ORDER BY band;

-- aggregates in expressions and subqueries
SELECT hostname, count(DISTINCT round(usage_user)) * 2 + count(*) FILTER (WHERE usage_user > 50) AS score
FROM cpu GROUP BY hostname ORDER BY score DESC, hostname LIMIT 5;

SELECT h.region, h.hosts FROM (SELECT region, count(DISTINCT hostname) AS hosts FROM cpu GROUP BY region) AS h
WHERE h.hosts > 0 ORDER BY h.region;
