SELECT DISTINCT device, count(*) OVER (PARTITION BY device) AS n FROM readings ORDER BY device;
