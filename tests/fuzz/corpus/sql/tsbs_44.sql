SELECT time_bucket('60 seconds', time) AS minute,
        max(usage_user) as max_usage_user
        FROM cpu
        WHERE hostname IN ('host_4') AND time >= '2016-01-01 07:06:48 +0000' AND time < '2016-01-01 08:06:48 +0000'
        GROUP BY minute ORDER BY minute ASC;
