SELECT count(DISTINCT max(usage_user)) FROM cpu;
