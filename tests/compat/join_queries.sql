-- Joins, set operations and subqueries over the compat data set plus two
-- small dimension tables (hosts, device_info; created by join_test.cpp),
-- compared with PostgreSQL statement by statement. Statements without ORDER
-- BY are compared as multisets.

-- inner joins: ON, USING, comma with WHERE
SELECT c.hostname, h.owner, count(*) FROM cpu c JOIN hosts h ON c.hostname = h.hostname
GROUP BY c.hostname, h.owner;

SELECT hostname, owner, h.rack, max(usage_user) FROM cpu JOIN hosts h USING (hostname)
WHERE time < '2016-01-01 02:00:00+00' GROUP BY hostname, owner, h.rack;

SELECT count(*) FROM cpu, hosts WHERE cpu.hostname = hosts.hostname AND hosts.rack = 2;

SELECT count(*) FROM cpu INNER JOIN hosts ON cpu.hostname = hosts.hostname AND cpu.usage_user > hosts.weight * 30;

SELECT h.owner, avg(c.usage_system) FROM hosts h JOIN cpu c ON h.hostname = c.hostname
WHERE c.time >= '2016-01-01 10:00:00+00' AND c.time < '2016-01-01 11:00:00+00' GROUP BY h.owner;

-- SELECT * with USING lists the merged column first
SELECT * FROM hosts JOIN device_info ON hosts.rack = device_info.max_reading;

SELECT * FROM (SELECT hostname, rack FROM hosts) a JOIN (SELECT hostname, owner FROM hosts) b USING (hostname);

SELECT a.*, b.owner FROM hosts a JOIN hosts b ON a.rack = b.rack AND a.hostname < b.hostname;

-- NATURAL joins use every common column name (none: a cross join)
SELECT * FROM (SELECT hostname, rack FROM hosts) a NATURAL JOIN (SELECT hostname, owner FROM hosts) b;

SELECT * FROM (SELECT hostname, rack FROM hosts) a NATURAL LEFT JOIN (SELECT rack, hostname, weight FROM hosts WHERE rack > 2) b;

SELECT * FROM (SELECT DISTINCT hostname FROM cpu) c NATURAL FULL JOIN (SELECT hostname, owner FROM hosts) h;

SELECT count(*) FROM (SELECT hostname FROM hosts) a NATURAL JOIN (SELECT kind FROM device_info) b;

SELECT hostname, x.rack FROM hosts x NATURAL JOIN hosts y WHERE x.owner IS NOT NULL;

-- outer joins
SELECT h.hostname, h.owner, count(c.time) FROM hosts h LEFT JOIN cpu c ON c.hostname = h.hostname
GROUP BY h.hostname, h.owner;

SELECT h.hostname, count(*) FROM hosts h LEFT JOIN cpu c ON c.hostname = h.hostname AND c.usage_user > 99
GROUP BY h.hostname;

SELECT c.hostname, h.owner FROM (SELECT DISTINCT hostname FROM cpu) c LEFT JOIN hosts h USING (hostname);

SELECT hostname, h.owner FROM (SELECT DISTINCT hostname FROM cpu) c RIGHT JOIN hosts h USING (hostname);

SELECT c.hostname, h.hostname, h.owner FROM (SELECT DISTINCT hostname FROM cpu) c FULL JOIN hosts h ON c.hostname = h.hostname;

SELECT hostname, owner FROM (SELECT DISTINCT hostname FROM cpu) c FULL JOIN hosts h USING (hostname);

SELECT d.device, i.kind, count(*) FROM readings d LEFT JOIN device_info i ON d.device = i.device GROUP BY d.device, i.kind;

SELECT i.device, i.kind, count(d.time) FROM readings d RIGHT JOIN device_info i ON d.device = i.device GROUP BY i.device, i.kind;

SELECT d.device, i.device, count(*) FROM readings d FULL JOIN device_info i ON d.device = i.device GROUP BY d.device, i.device;

-- WHERE on the padded side of an outer join sees the NULLs
SELECT h.hostname FROM hosts h LEFT JOIN device_info i ON h.rack = i.max_reading WHERE i.kind IS NULL;

SELECT h.hostname, i.kind FROM hosts h LEFT JOIN device_info i ON h.rack = i.max_reading AND i.kind = 'meter';

SELECT count(*) FROM hosts h FULL JOIN device_info i ON h.rack = i.max_reading WHERE h.hostname IS NULL OR i.device IS NULL;

-- NULL keys never match
SELECT a.owner, b.owner FROM hosts a JOIN hosts b ON a.hostname = b.hostname;

SELECT count(*) FROM hosts a LEFT JOIN hosts b ON a.owner = b.owner;

-- non-equi and cross joins
SELECT a.hostname, b.hostname FROM hosts a JOIN hosts b ON a.rack < b.rack WHERE a.hostname IS NOT NULL AND b.hostname IS NOT NULL;

SELECT count(*) FROM hosts CROSS JOIN device_info;

SELECT h.owner, i.kind FROM hosts h, device_info i WHERE h.rack + 1 = i.max_reading OR i.kind = 'sensor';

SELECT a.hostname, b.device FROM hosts a LEFT JOIN device_info b ON a.weight > b.max_reading / 100.0;

-- joins of three relations, mixed types
SELECT h.owner, i.kind, count(*) FROM cpu c JOIN hosts h USING (hostname) JOIN device_info i ON h.rack = i.max_reading
GROUP BY h.owner, i.kind;

SELECT c.hostname, count(*) FROM cpu c JOIN hosts h ON c.hostname = h.hostname LEFT JOIN device_info i ON i.max_reading = h.rack
WHERE c.time < '2016-01-01 01:00:00+00' GROUP BY c.hostname;

SELECT count(*) FROM hosts a JOIN hosts b USING (rack) JOIN hosts c USING (rack);

SELECT * FROM hosts a JOIN hosts b USING (hostname, rack);

-- int and bigint keys, double and integer
SELECT h.hostname, i.device FROM hosts h JOIN device_info i ON h.rack = i.max_reading;

SELECT h.hostname, r.reading FROM hosts h JOIN readings r ON h.rack = r.level WHERE r.time < '2016-01-01 00:00:00+00';

-- self join on time: one host against another per minute
SELECT a.time, a.usage_user - b.usage_user FROM cpu a JOIN cpu b ON a.time = b.time
WHERE a.hostname = 'host_1' AND b.hostname = 'host_2' AND a.time < '2016-01-01 00:10:00+00'
ORDER BY a.time;

-- joins of CTEs and subqueries
WITH busy AS (SELECT hostname, avg(usage_user) AS u FROM cpu GROUP BY hostname)
SELECT busy.hostname, h.owner, busy.u FROM busy JOIN hosts h USING (hostname) ORDER BY busy.hostname;

WITH b AS (SELECT time_bucket('1 hour', time) AS hour, hostname, max(usage_user) AS m FROM cpu GROUP BY 1, 2)
SELECT x.hour, x.hostname, x.m FROM b x JOIN (SELECT hour, max(m) AS top FROM b GROUP BY hour) y ON x.hour = y.hour AND x.m = y.top
ORDER BY x.hour;

SELECT v.k, v.name, h.owner FROM (VALUES (1, 'host_1'), (2, 'host_2'), (3, 'nohost')) AS v(k, name) LEFT JOIN hosts h ON h.hostname = v.name;

SELECT count(*) FROM (SELECT * FROM hosts WHERE rack > 1) a JOIN (SELECT * FROM hosts WHERE rack < 9) b ON a.rack = b.rack;

-- join results feeding ORDER BY, LIMIT, DISTINCT
SELECT DISTINCT h.owner FROM cpu c JOIN hosts h USING (hostname) WHERE h.owner IS NOT NULL ORDER BY h.owner;

SELECT c.hostname, c.time, c.usage_user FROM cpu c JOIN hosts h USING (hostname)
ORDER BY c.usage_user DESC, c.time LIMIT 5;

SELECT DISTINCT ON (h.rack) h.rack, c.hostname, c.usage_user FROM cpu c JOIN hosts h USING (hostname)
ORDER BY h.rack, c.usage_user DESC, c.hostname;

-- set operations
SELECT hostname FROM hosts UNION SELECT DISTINCT hostname FROM cpu;

SELECT hostname FROM hosts UNION ALL SELECT hostname FROM hosts;

SELECT rack FROM hosts INTERSECT SELECT level FROM readings;

SELECT rack FROM hosts EXCEPT SELECT level FROM readings;

SELECT level FROM readings EXCEPT ALL SELECT rack FROM hosts;

SELECT level FROM readings INTERSECT ALL SELECT level FROM readings WHERE reading > 0;

SELECT owner FROM hosts UNION SELECT kind FROM device_info ORDER BY 1 NULLS FIRST;

SELECT rack, owner FROM hosts UNION SELECT 1, 'x' UNION SELECT NULL, NULL;

SELECT 1 AS n UNION ALL SELECT 2.5::float8 UNION ALL SELECT 3 ORDER BY n DESC;

SELECT hostname FROM hosts WHERE rack < 3 UNION SELECT hostname FROM hosts WHERE rack > 2 EXCEPT SELECT 'host_1' ORDER BY hostname LIMIT 4;

(SELECT rack FROM hosts ORDER BY rack LIMIT 2) UNION ALL (SELECT rack FROM hosts ORDER BY rack DESC LIMIT 2);

SELECT count(*) FROM (SELECT hostname FROM cpu UNION ALL SELECT hostname FROM cpu) u;

WITH a AS (SELECT device FROM readings), b AS (SELECT device FROM device_info)
SELECT device FROM a INTERSECT SELECT device FROM b;

SELECT x FROM (VALUES (1), (1), (2), (NULL)) t(x) INTERSECT ALL SELECT x FROM (VALUES (1), (NULL), (NULL), (3)) s(x);

-- uncorrelated subqueries: scalar, IN, NOT IN, EXISTS
SELECT hostname, max(usage_user) FROM cpu GROUP BY hostname
HAVING max(usage_user) > (SELECT avg(usage_user) FROM cpu) + 49.9;

SELECT count(*) FROM cpu WHERE usage_user > (SELECT max(usage_user) - 1 FROM cpu);

SELECT (SELECT count(*) FROM hosts), (SELECT max(rack) FROM hosts WHERE rack < 0);

SELECT count(*) FROM cpu WHERE hostname IN (SELECT hostname FROM hosts WHERE rack = 1);

SELECT count(*) FROM cpu WHERE hostname NOT IN (SELECT hostname FROM hosts WHERE hostname IS NOT NULL);

SELECT count(*) FROM cpu WHERE hostname NOT IN (SELECT hostname FROM hosts);

SELECT device, count(*) FROM readings WHERE device IN (SELECT device FROM device_info) GROUP BY device;

SELECT x, x IN (SELECT rack FROM hosts), x NOT IN (SELECT rack FROM hosts), x IN (SELECT rack FROM hosts WHERE false)
FROM (VALUES (1), (2), (4), (NULL)) t(x);

SELECT x, x IN (SELECT max_reading FROM device_info), x NOT IN (SELECT max_reading FROM device_info)
FROM (VALUES (1), (500), (7)) t(x);

SELECT level, level IN (SELECT rack FROM hosts) FROM readings WHERE time < '2016-01-01 02:00:00+00';

SELECT count(*) FROM readings WHERE EXISTS (SELECT 1 FROM hosts WHERE rack > 5);

SELECT count(*) FROM readings WHERE NOT EXISTS (SELECT 1 FROM hosts WHERE rack > 50);

SELECT EXISTS (SELECT * FROM hosts WHERE owner = 'ann'), NOT EXISTS (SELECT * FROM hosts);

SELECT hostname, CASE WHEN hostname IN (SELECT hostname FROM hosts) THEN 'known' ELSE 'unknown' END
FROM (SELECT DISTINCT hostname FROM cpu) c;

SELECT r.device, (SELECT kind FROM device_info WHERE device = 'beta') FROM readings r WHERE r.time < '2016-01-01 00:00:00+00';

SELECT count(*) FROM cpu WHERE time > (SELECT max(time) FROM cpu) - INTERVAL '10 minutes';

SELECT hostname FROM hosts WHERE rack = (SELECT min(rack) FROM hosts WHERE rack > 1);

SELECT * FROM (SELECT hostname, (SELECT count(*) FROM device_info) AS n FROM hosts) s WHERE n > 1;

SELECT count(*) FROM cpu WHERE hostname IN (SELECT hostname FROM hosts WHERE rack IN (SELECT level FROM readings));

SELECT rack, count(*) FROM hosts WHERE rack IN (SELECT level FROM readings UNION SELECT 9) GROUP BY rack;

SELECT count(*) FROM cpu c JOIN hosts h USING (hostname) WHERE h.rack IN (SELECT max_reading FROM device_info);

-- correlated subqueries (equality correlation)
SELECT hostname FROM hosts h WHERE EXISTS (SELECT 1 FROM device_info d WHERE d.max_reading = h.rack);

SELECT hostname, rack FROM hosts h WHERE NOT EXISTS (SELECT 1 FROM device_info d WHERE d.max_reading = h.rack AND d.kind = 'sensor');

SELECT hostname, (SELECT count(*) FROM device_info d WHERE d.max_reading = h.rack) AS n,
       (SELECT max(device) FROM device_info d WHERE d.max_reading = h.rack) FROM hosts h;

SELECT owner, 'sensor' IN (SELECT kind FROM device_info d WHERE d.max_reading = h.rack),
       'meter' NOT IN (SELECT kind FROM device_info d WHERE d.max_reading = h.rack) FROM hosts h;

SELECT rack, count(*), (SELECT count(*) FROM device_info d WHERE d.max_reading = h.rack) FROM hosts h GROUP BY rack;

SELECT hostname FROM hosts h WHERE rack > (SELECT avg(max_reading) FROM device_info d WHERE d.kind = h.owner);

SELECT h.hostname, (SELECT max(c.usage_user) FROM cpu c WHERE c.hostname = h.hostname) FROM hosts h;

-- PostgreSQL runs this subplan once per outer row: the host filter keeps its side quick.
SELECT count(*) FROM cpu c WHERE c.hostname IN ('host_0', 'host_3') AND c.usage_user > (SELECT avg(usage_user) + 40 FROM cpu c2 WHERE c2.hostname = c.hostname);

SELECT d.device, d.kind FROM device_info d WHERE d.max_reading IN (SELECT h.rack FROM hosts h WHERE h.owner = d.kind);

SELECT r.device, count(*) FROM readings r
WHERE EXISTS (SELECT 1 FROM device_info i WHERE i.device = r.device AND i.max_reading > 100) GROUP BY r.device;

SELECT hostname, (SELECT count(*) FROM hosts h2 WHERE h2.rack = h.rack AND h2.hostname <> 'host_1') FROM hosts h;

SELECT count(*) FROM readings r WHERE r.level IN (SELECT h.rack FROM hosts h WHERE h.owner = r.note);

-- subquery WHERE terms over the enclosing query's columns alone (guards)
SELECT h.hostname, (SELECT count(*) FROM cpu c WHERE c.hostname = h.hostname AND h.rack > 1) FROM hosts h;

SELECT h.hostname, (SELECT max(usage_user) FROM cpu c WHERE c.hostname = h.hostname AND h.owner = 'ann') FROM hosts h;

SELECT h.hostname, EXISTS (SELECT 1 FROM cpu c WHERE c.hostname = h.hostname AND h.rack = 1),
       NOT EXISTS (SELECT 1 FROM device_info d WHERE h.weight > 1) FROM hosts h;

SELECT h.hostname, (SELECT count(*) FROM device_info WHERE h.rack > 2),
       (SELECT min(kind) FROM device_info WHERE h.owner IS NOT NULL) FROM hosts h;

SELECT hostname, rack IN (SELECT max_reading FROM device_info d WHERE d.kind = h.owner AND h.rack < 9),
       owner NOT IN (SELECT kind FROM device_info WHERE h.rack = 3) FROM hosts h;

SELECT h.owner, count(*) FROM hosts h
WHERE (SELECT count(*) FROM cpu c WHERE c.hostname = h.hostname AND h.weight >= 1) > 0 GROUP BY h.owner;

-- correlated EXISTS / NOT EXISTS / IN with any condition (semi and anti joins)
SELECT r.device, count(*) FROM readings r
WHERE EXISTS (SELECT 1 FROM device_info i WHERE i.device = r.device AND i.max_reading > r.level) GROUP BY r.device;

SELECT hostname FROM hosts h WHERE EXISTS (SELECT 1 FROM device_info d WHERE d.max_reading > h.rack);

SELECT hostname, rack FROM hosts h WHERE NOT EXISTS (SELECT 1 FROM device_info d WHERE d.max_reading >= h.rack AND d.kind = 'meter');

SELECT count(*) FROM cpu c WHERE NOT EXISTS (SELECT 1 FROM hosts h WHERE h.hostname = c.hostname AND h.weight * 40 > c.usage_user);

SELECT hostname FROM hosts h WHERE rack IN (SELECT max_reading FROM device_info d WHERE d.device <> h.owner);

SELECT h.hostname, h.rack FROM hosts h WHERE EXISTS (SELECT 1 FROM hosts h2 WHERE h2.rack = h.rack AND h2.hostname <> h.hostname) AND h.weight > 0.6;

SELECT count(*) FROM readings r WHERE EXISTS (SELECT 1 FROM readings r2 WHERE r2.device = r.device AND r2.time > r.time AND r2.reading > r.reading);

-- generate_series as a relation
SELECT * FROM generate_series(1, 5);

SELECT g, g * 2 FROM generate_series(10, -3, -4) g;

SELECT x FROM generate_series(1::bigint, 3) AS s(x);

SELECT count(*), sum(x) FROM generate_series(1, 100000) x;

SELECT * FROM generate_series(3, 1);

SELECT * FROM generate_series('2016-01-01 00:00:00+00'::timestamptz, '2016-01-01 03:00:00+00', INTERVAL '45 minutes');

SELECT g FROM generate_series(timestamp '2016-01-31', timestamp '2016-07-01', interval '1 month') g;

SELECT * FROM generate_series('2016-01-02'::timestamptz, '2016-01-01', '-6 hours');

SELECT b.bucket, count(c.time) FROM generate_series('2016-01-01 00:00:00+00'::timestamptz, '2016-01-01 00:10:00+00', '5 minutes') AS b(bucket)
LEFT JOIN cpu c ON time_bucket('5 minutes', c.time) = b.bucket AND c.hostname = 'host_1'
GROUP BY b.bucket ORDER BY b.bucket;

SELECT n, (SELECT count(*) FROM hosts WHERE rack = n) FROM generate_series(0, 9) n;
