SELECT time, level, first_value(time) OVER (ORDER BY level RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) IS NOT NULL AS has_first,
       last_value(level) OVER (ORDER BY level) AS peers_last
FROM readings ORDER BY time;
