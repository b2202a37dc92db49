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
