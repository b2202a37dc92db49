-- Join, set operation and subquery mistakes PostgreSQL rejects.

-- 42702 ambiguous column
SELECT hostname FROM cpu JOIN hosts ON cpu.hostname = hosts.hostname;

-- 42703 USING column missing on one side
SELECT * FROM hosts JOIN device_info USING (hostname);

-- 42601 set operation inputs of different widths
SELECT hostname, rack FROM hosts UNION SELECT hostname FROM hosts;

-- 42804 set operation types that do not match
SELECT rack FROM hosts UNION SELECT owner FROM hosts;

-- 42601 scalar subquery with two columns
SELECT (SELECT hostname, rack FROM hosts LIMIT 1);

-- 21000 scalar subquery with several rows
SELECT (SELECT rack FROM hosts);

-- 21000 inside WHERE
SELECT count(*) FROM cpu WHERE usage_user > (SELECT usage_user FROM cpu);

-- 42601 IN subquery with two columns
SELECT 1 IN (SELECT rack, owner FROM hosts);

-- 42883 IN subquery comparing text with integer
SELECT count(*) FROM hosts WHERE owner IN (SELECT rack FROM hosts);

-- 42804 JOIN/ON not boolean
SELECT * FROM hosts a JOIN hosts b ON a.rack;

-- 42P01 qualifier of a table not in FROM
SELECT nosuch.hostname FROM hosts JOIN device_info ON true;

-- 21000 a correlated scalar subquery with several rows for one outer row
SELECT rack, (SELECT hostname FROM hosts h2 WHERE h2.rack = h.rack) FROM hosts h;

-- 42803 a correlated subquery using an ungrouped outer column
SELECT rack, (SELECT count(*) FROM device_info d WHERE d.kind = h.owner) FROM hosts h GROUP BY rack;

-- 22023 a zero step
SELECT * FROM generate_series(1, 10, 0);

-- 42883 no generate_series for text
SELECT * FROM generate_series('a'::text, 'b'::text);
