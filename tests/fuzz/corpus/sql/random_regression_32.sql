SELECT CASE WHEN (t0.value <= (-2.5)) IS NOT FALSE THEN GREATEST('2016-01-01 22:37:00+00'::timestamptz, t0.time)
            WHEN t0.time IS NOT DISTINCT FROM t0.time THEN t0.time END AS c0,
       (t0.level * 7)::text AS c1
FROM readings t0
WHERE (t0.note NOT LIKE '%a' OR '2016-01-05 19:17:00+00'::timestamptz BETWEEN '2016-01-02 02:00:00+00'::timestamptz AND '2016-01-02 22:00:00+00'::timestamptz)
ORDER BY 1 NULLS LAST, 2 DESC;
