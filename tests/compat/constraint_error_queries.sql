-- PRIMARY KEY and UNIQUE mistakes PostgreSQL rejects.

-- 42P16 two primary keys
CREATE TABLE bad_keys (a int PRIMARY KEY, b int PRIMARY KEY);

CREATE TABLE bad_keys (a int PRIMARY KEY, b int, PRIMARY KEY (b));

-- 42701 a column twice in one key
CREATE TABLE bad_keys (a int, b int, PRIMARY KEY (a, a));

CREATE TABLE bad_keys (a int, UNIQUE (a, a));

-- 42703 a key on a column the table lacks
CREATE TABLE bad_keys (a int, UNIQUE (nope));

-- 42P07 a constraint name another relation has
CREATE TABLE bad_keys (a int CONSTRAINT hosts PRIMARY KEY);

-- 2BP01 the index behind a constraint is dropped with the constraint
DROP INDEX keyed_pkey;
