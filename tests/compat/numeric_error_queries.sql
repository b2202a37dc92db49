-- numeric errors: each statement must fail with PostgreSQL's SQLSTATE.

-- invalid text (22P02)
SELECT 'abc'::numeric;
SELECT '1.2.3'::numeric;
SELECT ''::numeric;
SELECT '1e'::numeric;

-- division by zero (22012)
SELECT 1 / 0.0;
SELECT 1.5 % 0;
SELECT mod(2.5, 0.00);
SELECT sum(level) / 0.0 FROM readings;

-- numeric field overflow (22003)
SELECT 1000::numeric(5, 2);
SELECT 999.995::numeric(5, 2);
SELECT 12.5::numeric(2, 1);
SELECT 'Infinity'::numeric::numeric(10, 2);
SELECT usage_user::numeric(2, 1) FROM cpu;

-- out of range integers (22003)
SELECT 2147483647.5::integer;
SELECT 32767.5::smallint;
SELECT 9223372036854775807.5::bigint;

-- NaN and infinity cannot become integers (0A000)
SELECT 'NaN'::numeric::integer;
SELECT 'Infinity'::numeric::bigint;

-- bad modifiers
SELECT 1::numeric(0);
SELECT 1::numeric(5, 7);

-- columns of type numeric are not stored (0A000 in Sundial, accepted by
-- PostgreSQL): checked in numeric_test.cpp instead
