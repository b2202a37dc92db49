SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY usage_user) FROM cpu;
