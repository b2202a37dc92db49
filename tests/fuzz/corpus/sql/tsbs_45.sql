SELECT time_bucket('60 seconds', time) AS minute,
        max(usage_user) as max_usage_user, max(usage_system) as max_usage_system, max(usage_idle) as max_usage_idle, max(usage_nice) as max_usage_nice, max(usage_iowait) as max_usage_iowait
        FROM cpu
        WHERE hostname IN ('host_4') AND time >= '2016-01-01 22:06:03 +0000' AND time < '2016-01-01 23:06:03 +0000'
        GROUP BY minute ORDER BY minute ASC;
