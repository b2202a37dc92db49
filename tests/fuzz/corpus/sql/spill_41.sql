SELECT time_bucket('5 minutes', time) AS bucket, hostname, avg(usage_user) AS avg_user,
       first(usage_user, time) AS first_user, last(usage_user, time) AS last_user
FROM cpu
GROUP BY bucket, hostname
ORDER BY bucket, hostname;
