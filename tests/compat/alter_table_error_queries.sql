-- ALTER TABLE and TRUNCATE mistakes PostgreSQL rejects.

-- 42P01 undefined table
ALTER TABLE nosuch ADD COLUMN x int;

ALTER TABLE nosuch RENAME TO other;

TRUNCATE nosuch;

TRUNCATE cpu, nosuch;

-- 42703 undefined column
ALTER TABLE cpu DROP COLUMN nosuch;

ALTER TABLE cpu RENAME COLUMN nosuch TO other;

-- 42701 duplicate column
ALTER TABLE cpu ADD COLUMN hostname text;

ALTER TABLE cpu RENAME COLUMN hostname TO region;

-- 42P07 duplicate table
ALTER TABLE cpu RENAME TO readings;

-- 23502 a NOT NULL column without a default on a table with rows
ALTER TABLE readings ADD COLUMN z int NOT NULL;

-- 42704 unknown type
ALTER TABLE cpu ADD COLUMN z nosuchtype;

-- 22P02 a default that does not fit the column
ALTER TABLE cpu ADD COLUMN z int DEFAULT 'abc';
