SELECT time_bucket('5 minutes', time) AS bucket, hostname,
       avg(usage_user) AS avg_user, max(usage_system) AS max_system, count(*) AS samples,
       first(usage_user, time) AS first_user, last(usage_user, time) AS last_user
FROM cpu
WHERE time >= '2016-01-01 06:00:00+00' AND time < '2016-01-01 10:00:00+00'
  AND hostname IN ('host_3', 'host_12', 'host_17')
GROUP BY bucket, hostname
ORDER BY bucket, hostname
LIMIT 100;
