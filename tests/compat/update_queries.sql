-- UPDATE compared with PostgreSQL on the TSBS cpu hypertable (28,800 rows
-- over 6-hour chunks) and the NULL-heavy readings table: the rows changed,
-- what every later query sees of them (also after CHECKPOINT writes the
-- replaced rows' segments), RETURNING, DEFAULT, moves of the time column
-- across chunks, and UPDATEs that change nothing.

UPDATE cpu SET usage_user = usage_user * 2 WHERE hostname = 'host_3' AND time < '2016-01-01 03:00:00+00';

SELECT hostname, count(*), round(sum(usage_user)::numeric, 6), round(max(usage_user)::numeric, 6) FROM cpu GROUP BY hostname ORDER BY hostname;

UPDATE cpu SET usage_system = NULL, usage_idle = usage_idle + 1 WHERE usage_user > 95;

SELECT count(*), count(usage_system), round(sum(usage_idle)::numeric, 6) FROM cpu;

UPDATE cpu AS c SET region = upper(c.region), rack = c.hostname || '/' || c.rack WHERE c.time = '2016-01-01 00:10:00+00' RETURNING c.time, c.hostname, c.region, c.rack;

SELECT region, count(*) FROM cpu GROUP BY region ORDER BY region;

UPDATE cpu SET time = time + interval '1 day' WHERE hostname = 'host_7' AND time < '2016-01-01 01:00:00+00';

SELECT date_trunc('day', time) AS day, count(*) FROM cpu GROUP BY day ORDER BY day;

SELECT time, hostname, usage_user FROM cpu WHERE time >= '2016-01-02 00:00:00+00' ORDER BY time, hostname LIMIT 10;

UPDATE cpu SET usage_user = 0 WHERE hostname = 'no_such_host';

UPDATE cpu SET usage_user = usage_user WHERE false;

CHECKPOINT;

SELECT hostname, count(*), round(sum(usage_user)::numeric, 6), count(usage_system) FROM cpu GROUP BY hostname ORDER BY hostname;

UPDATE cpu SET (usage_nice, usage_steal) = (1.5, DEFAULT) WHERE hostname IN ('host_1', 'host_2') AND time BETWEEN '2016-01-01 10:00:00+00' AND '2016-01-01 10:30:00+00';

SELECT hostname, count(*), sum(usage_nice), count(usage_steal) FROM cpu WHERE usage_nice = 1.5 GROUP BY hostname ORDER BY hostname;

UPDATE readings SET note = coalesce(note, 'filled'), level = level + 1 WHERE device IS NOT NULL AND reading % 3 = 0;

SELECT device, count(*), count(note), sum(level), count(level) FROM readings GROUP BY device ORDER BY device NULLS FIRST;

UPDATE readings SET flag = NOT flag, value = value / 2 WHERE flag IS NOT NULL RETURNING device, reading, flag, value;

SELECT count(*) FILTER (WHERE flag), count(*) FILTER (WHERE NOT flag), round(sum(value)::numeric, 6) FROM readings;

UPDATE readings SET reading = reading * 1000;

SELECT min(reading), max(reading), count(*), count(reading) FROM readings;

CREATE TABLE settings (name text NOT NULL, value text DEFAULT 'unset', changed int DEFAULT 0);

INSERT INTO settings VALUES ('a', 'x', 1), ('b', 'y', 2), ('c', NULL, 3);

UPDATE settings SET value = DEFAULT, changed = changed + 10 WHERE name <> 'b';

SELECT * FROM settings ORDER BY name;

UPDATE settings SET name = name || '!' RETURNING *;

SELECT * FROM settings ORDER BY name;

CREATE TABLE host_weights (hostname text, weight int);

INSERT INTO host_weights VALUES ('host_1', 2), ('host_4', 3), ('host_9', NULL);

UPDATE cpu SET usage_guest = (SELECT max(weight) FROM host_weights) WHERE hostname IN (SELECT hostname FROM host_weights WHERE weight IS NOT NULL) AND time < '2016-01-01 02:00:00+00';

UPDATE cpu SET usage_guest_nice = (SELECT w.weight FROM host_weights w WHERE w.hostname = cpu.hostname) WHERE EXISTS (SELECT 1 FROM host_weights w WHERE w.hostname = cpu.hostname) AND time < '2016-01-01 01:00:00+00';

SELECT hostname, count(*), sum(usage_guest), sum(usage_guest_nice), count(usage_guest_nice) FROM cpu WHERE time < '2016-01-01 02:00:00+00' GROUP BY hostname ORDER BY hostname;

DELETE FROM cpu WHERE time = (SELECT max(time) FROM cpu);

DELETE FROM cpu WHERE hostname NOT IN (SELECT hostname FROM host_weights WHERE weight IS NOT NULL) AND time > '2016-01-01 23:00:00+00';

SELECT hostname, count(*), max(time) FROM cpu GROUP BY hostname ORDER BY hostname;
