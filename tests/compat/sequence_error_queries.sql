-- Sequence mistakes: each statement must fail with PostgreSQL's SQLSTATE.

-- nothing handed out yet in this session (55000)
SELECT currval('taken_seq');

-- names taken (42P07)
CREATE SEQUENCE taken_seq;
CREATE SEQUENCE cpu;
CREATE TABLE taken_seq (x int);

-- bad options (22023, 42601, 22003)
CREATE SEQUENCE s0 INCREMENT 0;
CREATE SEQUENCE s1 MINVALUE 10 MAXVALUE 5;
CREATE SEQUENCE s2 START 0;
CREATE SEQUENCE s3 AS smallint MAXVALUE 40000;
CREATE SEQUENCE s4 AS text;
CREATE SEQUENCE s5 CACHE 0;
CREATE SEQUENCE s6 INCREMENT 1 INCREMENT 2;
CREATE SEQUENCE s7 MAXVALUE 99999999999999999999;
CREATE SEQUENCE s8 INCREMENT -1 START 5;
ALTER SEQUENCE taken_seq RESTART WITH 0;
ALTER SEQUENCE taken_seq MINVALUE 10;

-- owners that do not exist (42P01, 42703)
CREATE SEQUENCE s9 OWNED BY no_such_table.x;
CREATE SEQUENCE s10 OWNED BY cpu.no_such_column;

-- the wrong relation (42P01, 42809)
SELECT nextval('no_such_seq');
SELECT nextval('cpu');
SELECT currval('cpu');
ALTER SEQUENCE no_such_seq RESTART;
ALTER SEQUENCE cpu RESTART;
DROP SEQUENCE no_such_seq;
DROP SEQUENCE cpu;

-- past the end (2200H) and out of bounds (22003)
SELECT nextval('tiny');
SELECT setval('taken_seq', 0);
SELECT setval('tiny', 3);

-- serial and identity definitions (42601, 42804)
CREATE TABLE t1 (id serial DEFAULT 5);
CREATE TABLE t2 (id int GENERATED ALWAYS AS IDENTITY DEFAULT 5);
CREATE TABLE t3 (id text GENERATED ALWAYS AS IDENTITY);
CREATE TABLE t4 (id int GENERATED ALWAYS AS IDENTITY (INCREMENT 0));

-- values for a GENERATED ALWAYS column (428C9)
INSERT INTO ident VALUES (1, 'x');
INSERT INTO ident (id, v) SELECT 1, 'x';
INSERT INTO ident (id, v) VALUES (DEFAULT, 'x'), (2, 'y');

-- column defaults that cannot be (42703, 22P02, 42601 for an identity column)
ALTER TABLE ser ALTER COLUMN nope SET DEFAULT 1;
ALTER TABLE ser ALTER COLUMN id SET DEFAULT 'x';
ALTER TABLE ident ALTER COLUMN id SET DEFAULT 5;

-- a sequence is no table (42809)
INSERT INTO taken_seq VALUES (1, 1, true);

-- sequences others need (2BP01)
DROP SEQUENCE ident_id_seq;
DROP SEQUENCE ser_id_seq;
