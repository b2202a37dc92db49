-- Scalar function and operator errors: each statement must fail with
-- PostgreSQL's SQLSTATE.

-- logarithms (2201E), roots and powers (2201F), division by zero (22012)
SELECT log(0);
SELECT ln(-1);
SELECT log(-5);
SELECT log(2, 0);
SELECT log(1, 10);
SELECT sqrt(-1);
SELECT power(0, -1);
SELECT power(-8, 0.5);
SELECT mod(5, 0);
SELECT mod(5::bigint, 0::bigint);
SELECT mod(reading, level - level) FROM readings;
SELECT ln(value - 200) FROM readings;

-- width_bucket (2201G)
SELECT width_bucket(1, 0, 10, 0);
SELECT width_bucket(1, 0, 10, -3);
SELECT width_bucket(1, 5, 5, 3);
SELECT width_bucket('nan'::float8, 0, 10, 3);
SELECT width_bucket(1, 0, 'infinity'::float8, 3);

-- greatest / least types
SELECT greatest(1, now());
SELECT least(1, 'x');

-- regular expressions (2201B) and options (22023)
SELECT 'a' ~ '(';
SELECT 'a' ~* '[a';
SELECT regexp_replace('a', '(', 'b');
SELECT regexp_replace('a', 'a', 'b', 'z');
SELECT count(*) FROM readings WHERE note ~ 'a{2,1}';
SELECT 1 ~ 'a';

-- IS DISTINCT FROM needs comparable types
SELECT 1 IS DISTINCT FROM 'x'::text;
SELECT now() IS NOT DISTINCT FROM 1;

-- date_bin
SELECT date_bin('1 month', timestamp '2020-01-01', timestamp '2000-01-01');
SELECT date_bin('0 seconds', timestamp '2020-01-01', timestamp '2000-01-01');
SELECT date_bin('-1 hour', timestamptz '2020-01-01 00:00+00', timestamptz '2000-01-01 00:00+00');
SELECT date_bin('1 day', timestamp '2020-01-01', 'infinity'::timestamp);
SELECT date_bin('1 year', time, timestamptz '2000-01-01 00:00+00') FROM readings;

-- time zones
SELECT timezone('Nowhere/Special', timestamptz '2020-01-01 00:00+00');
SELECT timestamp '2020-01-01 00:00' AT TIME ZONE 'not a zone';
SELECT timestamptz '2020-01-01 00:00+00' AT TIME ZONE INTERVAL '1 day';
SELECT date_trunc('day', timestamptz '2020-01-01 00:00+00', 'Mars/Olympus');
SELECT date_trunc('fortnight', timestamptz '2020-01-01 00:00+00', 'UTC');

-- make_interval
SELECT make_interval(secs => 'infinity');
SELECT make_interval(fortnights => 1);
SELECT make_interval(hours => 'x');

-- concat
SELECT concat();
SELECT concat_ws();
-- format
SELECT format('%s %s', 1);
SELECT format('%q', 1);
SELECT format('%I', NULL);
SELECT format('abc %');
SELECT format('%0$s', 1);
SELECT format('%*s', 'x', 'y');
