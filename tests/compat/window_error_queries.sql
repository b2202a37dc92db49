-- Window function mistakes PostgreSQL rejects.

-- 42P20 window functions in WHERE, GROUP BY, HAVING
SELECT time FROM readings WHERE row_number() OVER (ORDER BY time) < 5;

SELECT count(*) FROM readings GROUP BY rank() OVER (ORDER BY level);

SELECT device FROM readings GROUP BY device HAVING rank() OVER (ORDER BY device) > 1;

-- 42P20 nested window function calls
SELECT sum(row_number() OVER ()) OVER () FROM readings;

-- 42803 window function inside an aggregate
SELECT sum(row_number() OVER ()) FROM readings;

-- 42803 ungrouped column in a window over a grouped query
SELECT device, rank() OVER (ORDER BY level) FROM readings GROUP BY device;

-- 42809 window function without OVER; OVER on a plain function
SELECT row_number() FROM readings;

SELECT lower(note) OVER () FROM readings;

-- 42704 unknown window name
SELECT count(*) OVER missing FROM readings;

-- 42P20 duplicate window name, overriding a copied window's clauses
SELECT count(*) OVER w FROM readings WINDOW w AS (), w AS (ORDER BY time);

SELECT count(*) OVER (w PARTITION BY device) FROM readings WINDOW w AS (ORDER BY time);

SELECT count(*) OVER (w ORDER BY level) FROM readings WINDOW w AS (ORDER BY time);

SELECT count(*) OVER (w ORDER BY level) FROM readings WINDOW w AS (PARTITION BY device ROWS UNBOUNDED PRECEDING);

-- 42P20 invalid frames
SELECT count(*) OVER (ORDER BY time ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (ORDER BY time ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM readings;

SELECT count(*) OVER (ORDER BY time ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM readings;

SELECT count(*) OVER (ORDER BY time ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (ORDER BY level, time RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM readings;

-- 22013 negative offsets, 22004 NULL offsets
SELECT count(*) OVER (ORDER BY time ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (ORDER BY level RANGE BETWEEN -2 PRECEDING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (ORDER BY time RANGE BETWEEN INTERVAL '-1 hour' PRECEDING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (ORDER BY time ROWS BETWEEN NULL PRECEDING AND CURRENT ROW) FROM readings;

-- 22014 / 22016 bad ntile and nth_value arguments
SELECT ntile(0) OVER (ORDER BY time) FROM readings;

SELECT nth_value(level, 0) OVER (ORDER BY time) FROM readings;

-- 0A000 DISTINCT in a window aggregate
SELECT count(DISTINCT device) OVER () FROM readings;

-- 42883 wrong argument counts
SELECT lag() OVER (ORDER BY time) FROM readings;

SELECT rank(level) OVER (ORDER BY time) FROM readings;

-- 0A000 RANGE offsets of a type the order key has no in_range support for
SELECT count(*) OVER (ORDER BY level RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (ORDER BY time RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (ORDER BY note RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM readings;

-- 22004 a NULL RANGE offset
SELECT count(*) OVER (ORDER BY level RANGE BETWEEN CURRENT ROW AND NULL FOLLOWING) FROM readings;

-- 42P20 GROUPS without ORDER BY; 42804 a ROWS offset that is not a number
SELECT count(*) OVER (GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM readings;

SELECT count(*) OVER (ORDER BY time ROWS BETWEEN '1'::text PRECEDING AND CURRENT ROW) FROM readings;

-- 22013 a negative GROUPS offset
SELECT count(*) OVER (ORDER BY level GROUPS BETWEEN CURRENT ROW AND -1 FOLLOWING) FROM readings;
