-- UPDATE mistakes: each statement must fail with PostgreSQL's SQLSTATE,
-- and change nothing (the harness counts cpu's rows after each).

-- unknown table and columns (42P01, 42703)
UPDATE no_such_table SET x = 1;
UPDATE cpu SET no_such_column = 1;
UPDATE cpu SET usage_user = no_such_column;
UPDATE cpu SET usage_user = 1 WHERE no_such_column = 1;
UPDATE cpu AS c SET usage_user = 1 WHERE cpu.usage_user > 1;

-- the same column twice, lists of different lengths (42601)
UPDATE cpu SET usage_user = 1, usage_user = 2;
UPDATE cpu SET (usage_user, usage_system) = (1);

-- values that do not fit (42804, 22P02, 22003, 22012, 23502)
UPDATE cpu SET usage_user = 'high';
UPDATE cpu SET usage_user = true;
UPDATE readings SET level = 3000000000 WHERE device = 'dev_1';
UPDATE cpu SET usage_user = usage_user / 0 WHERE hostname = 'host_1';
UPDATE cpu SET time = NULL WHERE hostname = 'host_2';
UPDATE cpu SET usage_user = 1 WHERE usage_user;

-- an identity column defined as GENERATED ALWAYS (428C9)
UPDATE ident SET id = 5;

-- 42P01 an item the SET names but FROM lacks
UPDATE cpu SET usage_user = x.weight FROM hosts h WHERE cpu.hostname = h.hostname;

-- 42702 a column both the table and an item have, unqualified
UPDATE cpu SET usage_user = 1 FROM hosts h WHERE hostname = 'host_1';

-- 42703 an unknown column of an item
DELETE FROM cpu USING hosts h WHERE cpu.hostname = h.nope;

-- 42P01 an unknown item
DELETE FROM cpu USING no_such_table t WHERE cpu.hostname = t.hostname;
