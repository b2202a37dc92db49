SELECT hostname, count(*) FROM cpu;
