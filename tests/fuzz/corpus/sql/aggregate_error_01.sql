SELECT lower(hostname) FILTER (WHERE usage_user > 1) FROM cpu;
