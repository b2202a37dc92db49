-- Rounding compared with PostgreSQL. float8 rounds half to even (rint);
-- decimal literals are numeric there, and numeric rounds half away from zero,
-- both in round() and when cast to an integer type.

-- round() of float8 values
SELECT round(16.5::float8) AS a, round(-2.5::float8) AS b, round(0.5::float8) AS c,
       round(1.5::float8) AS d, round(-0.5::float8) AS e, round(2.4999::float8) AS f;

-- round() of decimal literals
SELECT round(2.5) AS a, round(-2.5) AS b, round(0.5) AS c, round(16.5) AS d, round(1.49) AS e;

-- decimal literals cast to integer types
SELECT 2.5::integer AS a, -2.5::integer AS b, (-2.5)::integer AS c, 3.5::int AS d,
       0.5::int4 AS e, 2.49::int AS f, CAST(2.5 AS integer) AS g;

SELECT 2.5::smallint AS a, -2.5::bigint AS b, 25e-1::int AS c, 1.5e0::int8 AS d,
       .5::int AS e, 12345678901.5::bigint AS f;

-- float8 values cast to integer types round half to even
SELECT 2.5::float8::integer AS a, 3.5::float8::int AS b, (-2.5)::float8::bigint AS c,
       0.5::float8::smallint AS d;

-- float8 columns
SELECT hostname, round(usage_user) AS r, usage_user::integer AS i FROM cpu
WHERE time = '2016-01-01 00:00:00+00' ORDER BY hostname;

-- decimal literals assigned to integer columns
SELECT * FROM rounding ORDER BY i;
