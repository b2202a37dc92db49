SELECT time, count(*) OVER (ORDER BY time DESC RANGE BETWEEN INTERVAL '90 minutes' PRECEDING AND INTERVAL '30 minutes' FOLLOWING) AS window_desc
FROM readings ORDER BY time;
