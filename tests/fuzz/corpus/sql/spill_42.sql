SELECT hostname, region, time, usage_guest_nice FROM cpu
ORDER BY region DESC, hostname, usage_guest_nice, time;
