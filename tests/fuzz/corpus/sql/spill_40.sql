SELECT time, hostname, count(*) AS n, avg(usage_user) AS avg_user, max(usage_system) AS max_system,
       min(region) AS region, first(usage_idle, time) AS first_idle, last(usage_nice, time) AS last_nice
FROM cpu
GROUP BY time, hostname;
