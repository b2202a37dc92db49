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

-- a failing constant in a CASE branch that constant conditions rule out
-- failed the statement; PostgreSQL drops such branches before folding
SELECT lower(t0.region) AS c0, avg(CASE WHEN 0 <> 0 THEN 0 / 0 END) AS c1,
       sum(CAST(t0.usage_steal AS integer)) FILTER (WHERE LEAST(t0.hostname, t0.hostname) IS NOT NULL) AS c2
FROM cpu t0 GROUP BY 1 ORDER BY 3 NULLS FIRST, 1 DESC, 2;

SELECT substr(t0.region, 1, 2) AS c0, t0.time AS c1, sum(CASE WHEN 0 <> 0 THEN (-250) % 0 END) AS c2,
       max(time_bucket(INTERVAL '1 hour', t0.time)) AS c3, count(*) AS c4
FROM cpu t0 WHERE 0 > 250 GROUP BY substr(t0.region, 1, 2), t0.time ORDER BY 4, 1, 3, 2, 5 NULLS FIRST;

SELECT CASE WHEN 0 <> 0 THEN 0 / 0 END AS a, CASE WHEN true THEN 1 ELSE 1 / 0 END AS b,
       CASE WHEN NULL THEN 1 % 0 WHEN 1 = 1 THEN 5 WHEN false THEN 2 / 0 END AS c,
       CASE 1 WHEN 2 THEN 1 / 0 ELSE 3 END AS d;

-- a left-nested IS test is fine, as in PostgreSQL
SELECT count(*) AS a, count(*) FILTER (WHERE flag ISNULL IS DISTINCT FROM true) AS b,
       count(*) FILTER (WHERE note IS NULL IS NOT TRUE) AS c,
       count(*) FILTER (WHERE note IS DISTINCT FROM (device IS NULL)::text) AS d
FROM readings;
