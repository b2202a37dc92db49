SELECT percentile_cont(0.5) FROM cpu;
