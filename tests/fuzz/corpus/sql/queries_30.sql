SELECT region, count(*) AS n, max(usage_user) AS peak FROM cpu GROUP BY region ORDER BY region;
