SELECT hostname, bool_and(usage_user < 99) AS never_full, bool_or(usage_idle > 99) AS sometimes_idle
FROM cpu GROUP BY hostname ORDER BY hostname;
