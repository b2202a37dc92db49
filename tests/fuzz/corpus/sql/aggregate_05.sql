SELECT hostname, count(DISTINCT round(usage_user / 10)) AS bands FROM cpu
GROUP BY hostname HAVING count(DISTINCT round(usage_user / 10)) > 10 ORDER BY hostname;
