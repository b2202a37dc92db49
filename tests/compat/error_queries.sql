-- Statements PostgreSQL rejects; Sundial must reject them with the same SQLSTATE.

-- 42601 syntax error
SELECT * FORM cpu;

-- 42601 syntax error at end of input
SELECT hostname FROM cpu WHERE;

-- 42P01 undefined table
SELECT * FROM no_such_table;

-- 42703 undefined column
SELECT no_such_column FROM cpu;

-- 42883 undefined function
SELECT no_such_function(1);

-- 42883 operator does not exist: text = integer
SELECT count(*) FROM cpu WHERE hostname = 1;

-- 42803 grouping error
SELECT hostname, count(*) FROM cpu;

-- 42P10 ORDER BY position out of range
SELECT hostname FROM cpu ORDER BY 5;

-- 42P07 duplicate table
CREATE TABLE cpu (time timestamptz NOT NULL);

-- 22012 division by zero
SELECT 1 / 0;

-- 22012 division by zero on column data
SELECT reading / 0 FROM readings WHERE reading IS NOT NULL;

-- 22P02 invalid text for an integer
SELECT 'abc'::bigint;

-- 22007 invalid timestamptz text
SELECT 'not a time'::timestamptz;

-- 22003 bigint overflow
SELECT 9223372036854775807::bigint + 1;

-- 23502 NULL into a NOT NULL column
INSERT INTO readings (time, device) VALUES (NULL, 'x');
