-- PRIMARY KEY and UNIQUE constraints as the catalogs show them, compared
-- with PostgreSQL: pg_constraint, pg_index, pg_get_constraintdef,
-- pg_get_indexdef, information_schema, the names PostgreSQL generates (cut
-- to 63 bytes and numbered when taken), and what DROP COLUMN and DROP
-- TABLE leave. Sundial records the constraints; it does not enforce
-- uniqueness.

CREATE TABLE ck_items (id serial PRIMARY KEY, code text UNIQUE, name text, CONSTRAINT ck_items_name_uq UNIQUE (name, code));

CREATE TABLE ck_pair (a int, b int, c int, PRIMARY KEY (b, a), UNIQUE (c), UNIQUE (a, c));

CREATE TABLE ck_a_very_long_table_name_that_goes_on_and_on_for_quite_a_while (a_very_long_column_name_that_goes_on_and_on int UNIQUE, b int PRIMARY KEY);

CREATE TABLE ck_pair_c_key2 (x int);

CREATE TABLE ck_taken (c int UNIQUE, d int, UNIQUE (c), CONSTRAINT ck_taken_d UNIQUE (d), UNIQUE (d), PRIMARY KEY (d));

SELECT conname, contype, conkey, condeferrable, condeferred, convalidated, conislocal, coninhcount, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE contype IN ('p', 'u') AND connamespace = 2200 ORDER BY conname;

SELECT conrelid::regclass::text, conindid::regclass::text FROM pg_constraint WHERE contype IN ('p', 'u') AND connamespace = 2200 ORDER BY 1, 2;

SELECT c.relname, i.indisprimary, i.indisunique, i.indnatts, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 2200 ORDER BY 1;

SELECT t.relname, a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND t.relnamespace = 2200 ORDER BY 1, 2;

SELECT constraint_name, table_name, constraint_type, is_deferrable, initially_deferred FROM information_schema.table_constraints WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND table_schema = 'public' ORDER BY 1;

SELECT constraint_name, table_name, column_name, ordinal_position FROM information_schema.key_column_usage WHERE table_schema = 'public' ORDER BY 1, 4;

SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' ORDER BY 1, 2;

SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'ck_pair'::regclass AND attnum > 0 ORDER BY attnum;

-- a dropped column takes its constraints with it; a dropped table all of them
ALTER TABLE ck_pair DROP COLUMN c;

SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ck_pair'::regclass ORDER BY 1;

DROP TABLE ck_items;

SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u') AND connamespace = 2200 ORDER BY 1;

SELECT relname FROM pg_class WHERE relname LIKE 'ck_items%' ORDER BY 1;
