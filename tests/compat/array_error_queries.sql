-- Array mistakes fail like PostgreSQL (same SQLSTATE).
SELECT ARRAY[];
SELECT '{1,2'::int[];
SELECT '{a}'::int[];
SELECT 'x' = ANY (1);
SELECT * FROM unnest('{1}');
SELECT ARRAY[1, 'a'];
SELECT (SELECT hostname FROM hosts h2 WHERE h2.rack >= h.rack) FROM hosts h;
