SELECT DISTINCT round(usage_user) AS u, round(usage_system) AS s, hostname FROM cpu;
