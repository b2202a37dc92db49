EXPLAIN SELECT time_bucket(INTERVAL '5 minutes', time) AS b, hostname, avg(usage_user) FROM cpu WHERE time >= '2016-01-01' AND hostname IN ('host_0', 'host_1') GROUP BY 1, 2 ORDER BY 1 DESC LIMIT 5;
