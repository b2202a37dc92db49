-- The 15 TSBS cpu-only query types exactly as ../shared/bench-peers/tsbs_queries.py renders
-- them for PostgreSQL (and Sundial), for the compat data set:
--   tsbs_queries.py --hosts 20 --start 2016-01-01T00:00:00Z --duration 1d --interval 60s --seed 123

-- single-groupby-1-1-1
SELECT time_bucket('60 seconds', time) AS minute,
        max(usage_user) as max_usage_user
        FROM cpu
        WHERE hostname IN ('host_4') AND time >= '2016-01-01 07:06:48 +0000' AND time < '2016-01-01 08:06:48 +0000'
        GROUP BY minute ORDER BY minute ASC;

-- single-groupby-1-1-12
SELECT time_bucket('60 seconds', time) AS minute,
        max(usage_user) as max_usage_user
        FROM cpu
        WHERE hostname IN ('host_16') AND time >= '2016-01-01 00:34:01 +0000' AND time < '2016-01-01 12:34:01 +0000'
        GROUP BY minute ORDER BY minute ASC;

-- single-groupby-1-8-1
SELECT time_bucket('60 seconds', time) AS minute,
        max(usage_user) as max_usage_user
        FROM cpu
        WHERE hostname IN ('host_19','host_8','host_7','host_17','host_18','host_9','host_11','host_12') AND time >= '2016-01-01 15:38:59 +0000' AND time < '2016-01-01 16:38:59 +0000'
        GROUP BY minute ORDER BY minute ASC;

-- single-groupby-5-1-1
SELECT time_bucket('60 seconds', time) AS minute,
        max(usage_user) as max_usage_user, max(usage_system) as max_usage_system, max(usage_idle) as max_usage_idle, max(usage_nice) as max_usage_nice, max(usage_iowait) as max_usage_iowait
        FROM cpu
        WHERE hostname IN ('host_4') AND time >= '2016-01-01 22:06:03 +0000' AND time < '2016-01-01 23:06:03 +0000'
        GROUP BY minute ORDER BY minute ASC;

-- single-groupby-5-1-12
SELECT time_bucket('60 seconds', time) AS minute,
        max(usage_user) as max_usage_user, max(usage_system) as max_usage_system, max(usage_idle) as max_usage_idle, max(usage_nice) as max_usage_nice, max(usage_iowait) as max_usage_iowait
        FROM cpu
        WHERE hostname IN ('host_4') AND time >= '2016-01-01 05:19:34 +0000' AND time < '2016-01-01 17:19:34 +0000'
        GROUP BY minute ORDER BY minute ASC;

-- single-groupby-5-8-1
SELECT time_bucket('60 seconds', time) AS minute,
        max(usage_user) as max_usage_user, max(usage_system) as max_usage_system, max(usage_idle) as max_usage_idle, max(usage_nice) as max_usage_nice, max(usage_iowait) as max_usage_iowait
        FROM cpu
        WHERE hostname IN ('host_12','host_4','host_17','host_6','host_18','host_0','host_15','host_10') AND time >= '2016-01-01 06:19:15 +0000' AND time < '2016-01-01 07:19:15 +0000'
        GROUP BY minute ORDER BY minute ASC;

-- cpu-max-all-1
SELECT time_bucket('3600 seconds', time) AS hour,
        max(usage_user) as max_usage_user, max(usage_system) as max_usage_system, max(usage_idle) as max_usage_idle, max(usage_nice) as max_usage_nice, max(usage_iowait) as max_usage_iowait, max(usage_irq) as max_usage_irq, max(usage_softirq) as max_usage_softirq, max(usage_steal) as max_usage_steal, max(usage_guest) as max_usage_guest, max(usage_guest_nice) as max_usage_guest_nice
        FROM cpu
        WHERE hostname IN ('host_0') AND time >= '2016-01-01 08:17:43 +0000' AND time < '2016-01-01 16:17:43 +0000'
        GROUP BY hour ORDER BY hour;

-- cpu-max-all-8
SELECT time_bucket('3600 seconds', time) AS hour,
        max(usage_user) as max_usage_user, max(usage_system) as max_usage_system, max(usage_idle) as max_usage_idle, max(usage_nice) as max_usage_nice, max(usage_iowait) as max_usage_iowait, max(usage_irq) as max_usage_irq, max(usage_softirq) as max_usage_softirq, max(usage_steal) as max_usage_steal, max(usage_guest) as max_usage_guest, max(usage_guest_nice) as max_usage_guest_nice
        FROM cpu
        WHERE hostname IN ('host_2','host_6','host_14','host_19','host_4','host_0','host_9','host_18') AND time >= '2016-01-01 01:46:55 +0000' AND time < '2016-01-01 09:46:55 +0000'
        GROUP BY hour ORDER BY hour;

-- double-groupby-1

        WITH cpu_avg AS (
          SELECT time_bucket('3600 seconds', time) as hour, hostname,
          avg(usage_user) as mean_usage_user
          FROM cpu
          WHERE time >= '2016-01-01 10:18:04 +0000' AND time < '2016-01-01 22:18:04 +0000'
          GROUP BY 1, 2
        )
        SELECT hour, hostname, mean_usage_user
        FROM cpu_avg
        
        ORDER BY hour, hostname;

-- double-groupby-5

        WITH cpu_avg AS (
          SELECT time_bucket('3600 seconds', time) as hour, hostname,
          avg(usage_user) as mean_usage_user, avg(usage_system) as mean_usage_system, avg(usage_idle) as mean_usage_idle, avg(usage_nice) as mean_usage_nice, avg(usage_iowait) as mean_usage_iowait
          FROM cpu
          WHERE time >= '2016-01-01 09:27:58 +0000' AND time < '2016-01-01 21:27:58 +0000'
          GROUP BY 1, 2
        )
        SELECT hour, hostname, mean_usage_user, mean_usage_system, mean_usage_idle, mean_usage_nice, mean_usage_iowait
        FROM cpu_avg
        
        ORDER BY hour, hostname;

-- double-groupby-all

        WITH cpu_avg AS (
          SELECT time_bucket('3600 seconds', time) as hour, hostname,
          avg(usage_user) as mean_usage_user, avg(usage_system) as mean_usage_system, avg(usage_idle) as mean_usage_idle, avg(usage_nice) as mean_usage_nice, avg(usage_iowait) as mean_usage_iowait, avg(usage_irq) as mean_usage_irq, avg(usage_softirq) as mean_usage_softirq, avg(usage_steal) as mean_usage_steal, avg(usage_guest) as mean_usage_guest, avg(usage_guest_nice) as mean_usage_guest_nice
          FROM cpu
          WHERE time >= '2016-01-01 07:24:38 +0000' AND time < '2016-01-01 19:24:38 +0000'
          GROUP BY 1, 2
        )
        SELECT hour, hostname, mean_usage_user, mean_usage_system, mean_usage_idle, mean_usage_nice, mean_usage_iowait, mean_usage_irq, mean_usage_softirq, mean_usage_steal, mean_usage_guest, mean_usage_guest_nice
        FROM cpu_avg
        
        ORDER BY hour, hostname;

-- high-cpu-1
SELECT * FROM cpu WHERE usage_user > 90.0 and time >= '2016-01-01 04:29:43 +0000' AND time < '2016-01-01 16:29:43 +0000' AND hostname IN ('host_15');

-- high-cpu-all
SELECT * FROM cpu WHERE usage_user > 90.0 and time >= '2016-01-01 02:02:35 +0000' AND time < '2016-01-01 14:02:35 +0000';

-- lastpoint
SELECT DISTINCT ON (hostname) * FROM cpu ORDER BY hostname, time DESC;

-- lastpoint written with TimescaleDB's last()
SELECT hostname, last(usage_user, time), last(usage_guest_nice, time), max(time)
        FROM cpu GROUP BY hostname ORDER BY hostname;

-- groupby-orderby-limit
SELECT time_bucket('60 seconds', time) AS minute, max(usage_user)
        FROM cpu
        WHERE time < '2016-01-01 08:50:37 +0000'
        GROUP BY minute
        ORDER BY minute DESC
        LIMIT 5;

