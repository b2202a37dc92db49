-- UPDATE ... FROM and DELETE ... USING over the TSBS cpu hypertable and the
-- dimension tables of join_test.cpp (hosts has a NULL host name, a host
-- without rows and a duplicate-free key), compared with PostgreSQL: the
-- rows changed, what later queries see, RETURNING, aliases, self-joins and
-- subqueries among the items. Each item row pairs with one target row at
-- most here, so the answers are determined.

UPDATE cpu SET usage_user = usage_user * h.weight FROM hosts h WHERE cpu.hostname = h.hostname AND cpu.time < '2016-01-01 01:00:00+00';

SELECT hostname, count(*), round(sum(usage_user)::numeric, 6) FROM cpu WHERE time < '2016-01-01 01:00:00+00' GROUP BY hostname ORDER BY hostname;

UPDATE cpu AS c SET region = h.owner, rack = h.rack::text FROM hosts AS h WHERE c.hostname = h.hostname AND h.owner IS NOT NULL AND c.time = '2016-01-01 00:10:00+00' RETURNING c.time, c.hostname, c.region, c.rack;

SELECT region, rack, count(*) FROM cpu WHERE time = '2016-01-01 00:10:00+00' GROUP BY region, rack ORDER BY region, rack;

-- an item that is a subquery, and two items joined by the WHERE
UPDATE cpu SET usage_idle = m.peak FROM (SELECT hostname, max(usage_idle) AS peak FROM cpu WHERE time < '2016-01-01 02:00:00+00' GROUP BY hostname) m WHERE cpu.hostname = m.hostname AND cpu.time >= '2016-01-01 02:00:00+00' AND cpu.time < '2016-01-01 02:10:00+00';

SELECT hostname, round(sum(usage_idle)::numeric, 6), count(*) FROM cpu WHERE time >= '2016-01-01 02:00:00+00' AND time < '2016-01-01 02:10:00+00' GROUP BY hostname ORDER BY hostname;

UPDATE cpu SET usage_nice = d.max_reading FROM hosts h, device_info d WHERE cpu.hostname = h.hostname AND d.max_reading = h.rack AND cpu.time < '2016-01-01 00:30:00+00';

SELECT hostname, count(usage_nice), sum(usage_nice) FROM cpu WHERE time < '2016-01-01 00:30:00+00' GROUP BY hostname ORDER BY hostname;

-- conditions beyond equality pair by nested loop
UPDATE hosts SET weight = weight + d.max_reading FROM device_info d WHERE d.kind = 'meter' AND d.max_reading IS NOT NULL AND hosts.rack > d.max_reading;

SELECT * FROM hosts ORDER BY hostname NULLS FIRST;

-- no item row matches: nothing changes
UPDATE cpu SET usage_user = 0 FROM hosts h WHERE cpu.hostname = h.hostname AND h.owner = 'nobody at all';

SELECT count(*), round(sum(usage_user)::numeric, 2) FROM cpu;

-- DELETE ... USING
DELETE FROM cpu USING hosts h WHERE cpu.hostname = h.hostname AND h.owner = 'ann' AND cpu.time < '2016-01-01 03:00:00+00';

SELECT hostname, count(*) FROM cpu WHERE time < '2016-01-01 03:00:00+00' GROUP BY hostname ORDER BY hostname;

DELETE FROM cpu AS c USING hosts AS h WHERE c.hostname = h.hostname AND h.rack = 9 AND c.usage_user > 90 RETURNING c.time, c.hostname, c.usage_user;

DELETE FROM cpu c USING (SELECT hostname, min(time) AS first FROM cpu GROUP BY hostname) f WHERE c.hostname = f.hostname AND c.time = f.first RETURNING c.hostname, c.time;

SELECT hostname, count(*), min(time) FROM cpu GROUP BY hostname ORDER BY hostname;

DELETE FROM device_info d USING hosts h WHERE d.max_reading = h.rack AND h.owner IS NULL;

SELECT * FROM device_info ORDER BY device NULLS FIRST, kind;

-- inside a block, then rolled back
BEGIN;

UPDATE cpu SET usage_user = -1 FROM hosts h WHERE cpu.hostname = h.hostname AND h.owner = 'bob';

DELETE FROM cpu USING hosts h WHERE cpu.hostname = h.hostname AND h.owner = 'cy';

SELECT hostname, count(*), min(usage_user) FROM cpu GROUP BY hostname ORDER BY hostname;

ROLLBACK;

SELECT hostname, count(*), round(min(usage_user)::numeric, 6) FROM cpu GROUP BY hostname ORDER BY hostname;

-- RETURNING reads the items' columns; * lists the table's and theirs
UPDATE cpu AS c SET usage_steal = h.rack FROM hosts h WHERE c.hostname = h.hostname AND c.time = '2016-01-01 04:00:00+00' RETURNING c.hostname, c.usage_steal, h.owner, h.weight * 2 AS doubled;

UPDATE hosts SET rack = hosts.rack + 1 FROM device_info d WHERE d.max_reading = hosts.rack RETURNING *;

DELETE FROM cpu c USING hosts h WHERE c.hostname = h.hostname AND h.owner = 'dee' AND c.time = '2016-01-01 05:00:00+00' RETURNING h.*, c.time;
