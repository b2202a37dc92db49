-- Statements the seeded random query generator found failing with another
-- SQLSTATE than PostgreSQL's, kept as regressions.

-- IS DISTINCT FROM takes no IS test as its right operand and does not chain:
-- syntax errors, not a nested test
SELECT count(*) FROM hosts s2 WHERE 'bob' IS DISTINCT FROM s2.owner IS NULL;

SELECT count(*) FROM readings t2 WHERE 'zed' IS NOT DISTINCT FROM t2.note IS NOT NULL;

SELECT count(*) FROM readings WHERE note IS DISTINCT FROM device IS NOT DISTINCT FROM 'ok';
