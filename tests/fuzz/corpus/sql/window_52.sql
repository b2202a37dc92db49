SELECT hostname, time, row_number() OVER (PARTITION BY hostname ORDER BY time) AS rn
FROM cpu WHERE time < '2016-01-01 00:10:00+00' ORDER BY hostname, time;
