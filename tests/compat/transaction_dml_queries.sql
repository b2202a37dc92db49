-- DELETE and UPDATE inside transaction blocks, compared with PostgreSQL
-- statement by statement on one connection per side: the block's own reads
-- see its changes (to committed rows and to rows it inserted itself),
-- ROLLBACK and ROLLBACK TO SAVEPOINT undo them, COMMIT keeps them. Tables:
-- the TSBS cpu hypertable, the NULL-heavy readings table and a plain table.

CREATE TABLE notes (id integer, body text, score double precision);

INSERT INTO notes VALUES (1, 'a', 1.5), (2, 'b', NULL), (3, 'c', 3.5), (4, NULL, 4.5);

-- a rolled back block leaves everything as it was
BEGIN;

DELETE FROM cpu WHERE hostname = 'host_3';

SELECT hostname, count(*) FROM cpu WHERE hostname IN ('host_2', 'host_3', 'host_4') GROUP BY hostname ORDER BY hostname;

UPDATE cpu SET usage_user = usage_user + 100 WHERE hostname = 'host_4' AND time < '2016-01-01 01:00:00+00';

SELECT hostname, count(*), round(sum(usage_user)::numeric, 5) FROM cpu WHERE hostname IN ('host_3', 'host_4') GROUP BY hostname ORDER BY hostname;

SELECT count(*) FROM cpu WHERE usage_user > 100;

ROLLBACK;

SELECT hostname, count(*), round(sum(usage_user)::numeric, 5) FROM cpu WHERE hostname IN ('host_3', 'host_4') GROUP BY hostname ORDER BY hostname;

-- a committed block keeps its changes, in statement order
BEGIN;

INSERT INTO cpu (time, hostname, usage_user, usage_system) VALUES ('2016-01-02 00:00:00+00', 'host_new', 1, 2), ('2016-01-02 00:00:10+00', 'host_new', 3, 4), ('2016-01-02 00:00:20+00', 'host_3', 5, 6);

UPDATE cpu SET usage_system = usage_system * 10 WHERE hostname IN ('host_new', 'host_3') RETURNING time, hostname, usage_system;

DELETE FROM cpu WHERE hostname = 'host_3' AND time >= '2016-01-01 06:00:00+00' RETURNING time, usage_user;

SELECT hostname, count(*), round(sum(usage_system)::numeric, 5), max(time) FROM cpu WHERE hostname IN ('host_3', 'host_new') GROUP BY hostname ORDER BY hostname;

UPDATE cpu SET time = time + interval '2 days' WHERE hostname = 'host_new' AND usage_user = 1;

DELETE FROM cpu WHERE usage_user < 1 AND time < '2016-01-01 00:30:00+00';

SELECT date_trunc('day', time) AS day, count(*) FROM cpu GROUP BY day ORDER BY day;

UPDATE notes SET score = coalesce(score, 0) + 10 WHERE id <= 2;

DELETE FROM notes WHERE body IS NULL;

INSERT INTO notes VALUES (5, 'e', 5.5);

UPDATE notes SET body = upper(body) WHERE id >= 3;

SELECT * FROM notes ORDER BY id;

COMMIT;

SELECT * FROM notes ORDER BY id;

SELECT hostname, count(*), round(sum(usage_system)::numeric, 5), max(time) FROM cpu WHERE hostname IN ('host_3', 'host_new') GROUP BY hostname ORDER BY hostname;

SELECT date_trunc('day', time) AS day, count(*), round(sum(usage_user)::numeric, 5) FROM cpu GROUP BY day ORDER BY day;

-- savepoints: ROLLBACK TO undoes only what came after, RELEASE keeps it
BEGIN;

DELETE FROM notes WHERE id = 1;

SAVEPOINT s1;

DELETE FROM notes WHERE id = 2;

UPDATE notes SET score = -1 WHERE id = 3;

SELECT * FROM notes ORDER BY id;

ROLLBACK TO SAVEPOINT s1;

SELECT * FROM notes ORDER BY id;

SAVEPOINT s2;

UPDATE notes SET score = score * 2;

RELEASE SAVEPOINT s2;

SELECT * FROM notes ORDER BY id;

COMMIT;

SELECT * FROM notes ORDER BY id;

-- the same rows updated twice, deleted twice
BEGIN;

UPDATE readings SET reading = coalesce(reading, 0) + 1 WHERE device = 'alpha';

UPDATE readings SET reading = reading * 2 WHERE device = 'alpha';

DELETE FROM readings WHERE device = 'alpha' AND level = 2;

DELETE FROM readings WHERE device = 'alpha' AND level = 2;

SELECT device, count(*), sum(reading), count(note) FROM readings GROUP BY device ORDER BY device;

COMMIT;

SELECT device, count(*), sum(reading), count(note) FROM readings GROUP BY device ORDER BY device;
