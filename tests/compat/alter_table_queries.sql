-- ALTER TABLE and TRUNCATE, run in order on both servers: every answer after
-- a schema change must match PostgreSQL's.

-- ADD COLUMN with a constant default: existing rows read the default
ALTER TABLE readings ADD COLUMN extra integer DEFAULT 42;

SELECT extra, count(*) FROM readings GROUP BY extra;

-- filters on the added column test the default on stored rows
SELECT count(*) FROM readings WHERE extra = 42;

SELECT count(*) FROM readings WHERE extra > 50;

-- new rows get their own value or the default
INSERT INTO readings (time, device, extra) VALUES ('2016-02-01 00:00:00+00', 'new', 7), ('2016-02-01 00:01:00+00', 'new2', DEFAULT);

SELECT device, extra, reading FROM readings WHERE time >= '2016-02-01' ORDER BY time;

-- ADD COLUMN without a default reads NULL; COLUMN is optional
ALTER TABLE readings ADD label text;

SELECT count(*), count(label) FROM readings;

-- a text default and a NOT NULL column with a default
ALTER TABLE readings ADD COLUMN site text DEFAULT 'north';

ALTER TABLE readings ADD COLUMN weight double precision NOT NULL DEFAULT 1.5;

SELECT site, weight, count(*) FROM readings WHERE site = 'north' GROUP BY site, weight;

INSERT INTO readings (time, device) VALUES ('2016-02-01 00:02:00+00', 'new3');

SELECT device, extra, label, site, weight FROM readings WHERE time >= '2016-02-01' ORDER BY time;

-- DROP COLUMN: the column is gone from * and from the catalog
ALTER TABLE readings DROP COLUMN note;

SELECT * FROM readings ORDER BY time, device LIMIT 5;

-- a re-added column of the same name sees none of the old data
ALTER TABLE readings ADD COLUMN note text;

SELECT count(note) FROM readings;

-- RENAME COLUMN
ALTER TABLE readings RENAME COLUMN value TO val;

SELECT device, sum(val), count(val) FROM readings GROUP BY device ORDER BY device;

ALTER TABLE readings RENAME level TO lvl;

SELECT max(lvl) FROM readings;

-- the hypertable's schema as information_schema shows it
SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'readings' ORDER BY ordinal_position;

SELECT column_name, column_default FROM information_schema.columns WHERE table_name = 'readings' AND data_type <> 'text' AND column_default IS NOT NULL ORDER BY ordinal_position;

SELECT a.attname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'readings' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;

-- RENAME TO
ALTER TABLE readings RENAME TO readings2;

SELECT count(*) FROM readings2;

SELECT relname FROM pg_class WHERE relname LIKE 'readings%' ORDER BY relname;

-- IF EXISTS and IF NOT EXISTS skip quietly
ALTER TABLE IF EXISTS nosuch ADD COLUMN x int;

ALTER TABLE readings2 ADD COLUMN IF NOT EXISTS extra int;

ALTER TABLE readings2 DROP COLUMN IF EXISTS nosuch;

ALTER TABLE public.readings2 DROP COLUMN flag;

SELECT count(*), sum(extra) FROM readings2;

-- ALTER on the wide hypertable, then TRUNCATE
ALTER TABLE cpu ADD COLUMN usage_total double precision DEFAULT 100;

SELECT hostname, avg(usage_total), max(usage_user) FROM cpu GROUP BY hostname ORDER BY hostname;

TRUNCATE cpu;

SELECT count(*) FROM cpu;

INSERT INTO cpu (time, hostname, usage_user) VALUES ('2016-03-01 00:00:00+00', 'host_0', 5);

SELECT hostname, usage_user, usage_total FROM cpu;

TRUNCATE TABLE cpu, readings2;

SELECT (SELECT count(*) FROM cpu) AS cpu_rows, (SELECT count(*) FROM readings2) AS readings_rows;
