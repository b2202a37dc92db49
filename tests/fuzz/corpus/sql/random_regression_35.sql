SELECT (-(-1)) AS c0, 25.0 AS c1 FROM device_info t1
WHERE (NOT (t1.kind = 'delta') OR '2016-01-01 03:00:00+00'::timestamptz BETWEEN '2016-01-05 03:00:00+00'::timestamptz AND '2016-01-04 10:00:00+00'::timestamptz)
EXCEPT SELECT t0.reading AS c0, NULLIF(t0.value, t0.value) AS c1 FROM readings t0 WHERE t0.reading <= 0
ORDER BY 2, 1;
