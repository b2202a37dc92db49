-- Queries the seeded random query generator (random_query_test.cpp) found
-- answering differently from PostgreSQL, kept as regressions. Run over the
-- compat data set and the dimension tables of dimension_tables.h.

-- LIKE's pattern swallowed a following OR / AND (the grammar's optional
-- ESCAPE made ANTLR parse the pattern at the lowest precedence)
SELECT CASE WHEN (t0.value <= (-2.5)) IS NOT FALSE THEN GREATEST('2016-01-01 22:37:00+00'::timestamptz, t0.time)
            WHEN t0.time IS NOT DISTINCT FROM t0.time THEN t0.time END AS c0,
       (t0.level * 7)::text AS c1
FROM readings t0
WHERE (t0.note NOT LIKE '%a' OR '2016-01-05 19:17:00+00'::timestamptz BETWEEN '2016-01-02 02:00:00+00'::timestamptz AND '2016-01-02 22:00:00+00'::timestamptz)
ORDER BY 1 NULLS LAST, 2 DESC;

SELECT 'ab' LIKE 'a%' OR false AS a, 'ab' NOT LIKE 'a%' OR true AS b, 'a' LIKE 'b' AND true AS c,
       'Hot' ILIKE 'h%' OR false AS d, 'x' LIKE 'x' = true AS e;

SELECT device, count(*) FROM readings WHERE device LIKE '_e%' OR note NOT LIKE '%o%' AND level > 4
GROUP BY device;

-- minus applied to an already negative literal answered 0
SELECT (-(-1)) AS c0, 25.0 AS c1 FROM device_info t1
WHERE (NOT (t1.kind = 'delta') OR '2016-01-01 03:00:00+00'::timestamptz BETWEEN '2016-01-05 03:00:00+00'::timestamptz AND '2016-01-04 10:00:00+00'::timestamptz)
EXCEPT SELECT t0.reading AS c0, NULLIF(t0.value, t0.value) AS c1 FROM readings t0 WHERE t0.reading <= 0
ORDER BY 2, 1;

SELECT -(-7) AS a, - (-2.5) AS b, -(-(2)) AS c, -(-9223372036854775807) AS d;
