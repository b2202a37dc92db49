-- numeric compared with PostgreSQL. Answers that could differ only in
-- their display scale are also compared as text (x::text), since numbers
-- that are equal as values would otherwise match.

-- literals keep their digits and display scale
SELECT 1.50 AS a, 1.50::text AS a_text, 0.000 AS b, -12.345 AS c, 1e3 AS d, 1.5e-3 AS e,
       12345678901234567890 AS big, pg_typeof(2.5) AS t, pg_typeof(12345678901234567890) AS t_big;

-- text input: spaces, signs, exponents, NaN and infinities
SELECT ' 1.25 '::numeric::text AS a, '+7'::numeric::text AS b, '-0.0010'::numeric::text AS c,
       '2.5E+2'::numeric::text AS d, 'NaN'::numeric::text AS e, 'infinity'::numeric::text AS f,
       '-Infinity'::numeric::text AS g;

-- arithmetic result scales
SELECT (1.5 + 2.25)::text AS a, (1.50 - 1)::text AS b, (1.5 * 2.25)::text AS c,
       (-0.10 * 3)::text AS d, (10.5 % 3)::text AS e, (-7 % 2.0)::text AS f, (-1.50)::text AS g;

-- division keeps at least 16 significant digits
SELECT (1 / 3.0)::text AS a, (10 / 4.0)::text AS b, (2.0 / 3)::text AS c,
       (100000 / 3.0)::text AS d, (1.5 / 0.003)::text AS e, (1 / 7000000.0)::text AS f,
       (12345678901234567890 / 7)::text AS g, (0.001 / 3)::text AS h;

-- integers mix with numeric and give numeric; float8 wins over numeric
SELECT pg_typeof(1 + 2.5) AS a, (1 + 2.5)::text AS a_text, pg_typeof(2.5 * 2::bigint) AS b,
       (2.5 * 2::bigint)::text AS b_text, pg_typeof(1.5::float8 + 2.5) AS c, 1.5::float8 + 2.5 AS c_value,
       pg_typeof(2.5::real + 1.0) AS d;

-- comparisons ignore the display scale
SELECT 1.50 = 1.5 AS a, 1.5 < 1.51 AS b, 2.5 > 2 AS c, 0.1 + 0.2 = 0.3 AS d,
       1.5 <> 1.50 AS e, greatest(1.5, 2.25, 2)::text AS f, least(1.5, 0.25)::text AS g,
       'NaN'::numeric > 'Infinity'::numeric AS h, 1.0 IN (1, 2) AS i;

-- round half away from zero, trunc toward zero, with and without digits
SELECT round(2.5)::text AS a, round(-2.5)::text AS b, round(1.2345, 2)::text AS c,
       round(1.235, 2)::text AS d, round(1.5, 3)::text AS e, round(1249.5, -2)::text AS f,
       trunc(-1.99, 1)::text AS g, trunc(1299, -2)::text AS h, trunc(5.5)::text AS i,
       round(0.5::numeric)::text AS j;

-- integers with digits are numeric (PostgreSQL has no round(float8, int))
SELECT round(5, 2)::text AS a, pg_typeof(round(5, 2)) AS a_type, round(1249, -2)::text AS b,
       trunc(-1299::bigint, -2)::text AS c, pg_typeof(trunc(7::smallint, 1)) AS c_type,
       round(level, 1)::text AS d FROM readings ORDER BY time LIMIT 3;

SELECT ceil(1.1)::text AS a, ceil(-1.9)::text AS b, floor(-1.1)::text AS c, ceiling(2.000)::text AS d,
       abs(-3.50)::text AS e, sign(-3.5)::text AS f, sign(0.0)::text AS g, (-(2.50))::text AS h,
       mod(10.5, 3)::text AS i;

-- casts between numeric and integers, floats and text
SELECT 2.5::integer AS a, (-2.5)::bigint AS b, 1.5::smallint AS c, 2.4999::int AS d,
       0.1::float8 AS e, 1.5::real AS f, 0.1::float8::numeric::text AS g,
       (1.0 / 3)::float8::numeric::text AS h, 1e20::float8::numeric::text AS i,
       7::numeric::text AS j, 0.1::real::numeric::text AS k, (2.5::numeric)::text::numeric::text AS l;

-- numeric(p, s) rounds to s digits
SELECT 3.14159::numeric(10, 2)::text AS a, 7::numeric(5, 2)::text AS b,
       CAST(2.345 AS numeric(4, 2))::text AS c, (-2.345)::decimal(4, 2)::text AS d,
       1.5::numeric(3)::text AS e, usage_user::numeric(6, 2)::text AS f,
       pg_typeof(1.5::numeric(10, 2)) AS g
FROM cpu WHERE time = '2016-01-01 00:00:00+00' ORDER BY hostname LIMIT 3;

-- dashboards: round(avg(x)::numeric, 2)
SELECT hostname, round(avg(usage_user)::numeric, 2)::text AS avg_user,
       round(max(usage_system)::numeric, 1)::text AS max_system
FROM cpu GROUP BY hostname ORDER BY hostname;

SELECT time_bucket('1 hour', time) AS bucket, round(avg(usage_user)::numeric, 2) AS avg_user
FROM cpu WHERE hostname = 'host_1' GROUP BY bucket ORDER BY bucket;

-- sum(bigint) and avg of integers are numeric; sum(integer) stays bigint
SELECT device, sum(reading)::text AS sum_reading, pg_typeof(sum(reading)) AS sum_type,
       avg(reading)::text AS avg_reading, avg(level)::text AS avg_level,
       pg_typeof(avg(level)) AS avg_type, sum(level) AS sum_level, pg_typeof(sum(level)) AS level_type
FROM readings GROUP BY device ORDER BY device;

SELECT avg(x)::text AS a, sum(x::bigint)::text AS b, avg(x::smallint)::text AS c
FROM generate_series(1, 4) AS g(x);

-- sum, avg, min and max of numeric
SELECT device, sum(value::numeric(10, 2))::text AS s, avg(value::numeric(10, 2))::text AS a,
       min(level * 1.5)::text AS lo, max(level * 1.5)::text AS hi, count(level * 1.5) AS n
FROM readings GROUP BY device ORDER BY device;

SELECT sum(x)::text AS s, avg(x)::text AS a, min(x)::text AS lo, max(x)::text AS hi
FROM (VALUES (1.5), (2.25), (NULL), (-0.125)) AS v(x);

-- numeric in GROUP BY, DISTINCT and ORDER BY
SELECT round(usage_user::numeric, -1) AS band, count(*) FROM cpu
GROUP BY band ORDER BY band;

SELECT DISTINCT x FROM (VALUES (1.5), (1.50), (2.0), (2)) AS v(x) ORDER BY x;

SELECT x::text FROM (VALUES (3.5), (-1.25), (10), (0.001)) AS v(x) ORDER BY x DESC;

SELECT level * 0.5 AS half, count(*) FROM readings GROUP BY half ORDER BY half DESC NULLS LAST;

-- numeric in CASE, COALESCE and joins
SELECT CASE WHEN level > 3 THEN 1.5 ELSE level END AS c, coalesce(NULL, 2.50)::text AS d
FROM readings ORDER BY time LIMIT 5;

SELECT a.x, b.y FROM (VALUES (1.5), (2.0)) AS a(x) JOIN (VALUES (1.50), (2)) AS b(y) ON a.x = b.y
ORDER BY a.x;

-- float8 predicates with decimal literals stay float8 comparisons
SELECT hostname, usage_user FROM cpu WHERE usage_user > 90.5 AND time < '2016-01-01 02:00:00+00'
ORDER BY hostname, time;

SELECT count(*) FROM cpu WHERE usage_user BETWEEN 10.5 AND 20.25;
