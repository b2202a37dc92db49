SELECT nth_value(level, 0) OVER (ORDER BY time) FROM readings;
