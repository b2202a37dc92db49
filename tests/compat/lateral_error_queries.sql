-- LATERAL mistakes PostgreSQL rejects.

-- 42P10 a RIGHT or FULL join's right side may not read its left side
SELECT * FROM hosts h RIGHT JOIN LATERAL (SELECT usage_user FROM cpu c WHERE c.hostname = h.hostname) l ON true;

SELECT * FROM hosts h FULL JOIN LATERAL generate_series(1, h.rack) s ON true;

-- 42P01 without LATERAL a subquery does not see the items before it
SELECT * FROM hosts h, (SELECT usage_user FROM cpu c WHERE c.hostname = h.hostname) l;

-- 42P01 an item cannot read the items after it
SELECT * FROM LATERAL (SELECT h.rack) l, hosts h;

SELECT * FROM hosts h, LATERAL (SELECT d.kind) l, device_info d;

-- 42703 a column the left item lacks
SELECT * FROM hosts h, LATERAL (SELECT h.nope) l;

-- 42601 LATERAL before a table name
SELECT * FROM hosts h, LATERAL device_info;

-- 22012 per-row errors surface
SELECT * FROM hosts h, LATERAL (SELECT 1 / (h.rack - h.rack) AS x) l;

-- 21000 a scalar subquery per left row with several rows
SELECT * FROM hosts h, LATERAL (SELECT (SELECT usage_user FROM cpu LIMIT 2) AS x) l WHERE h.rack = 1;

-- 22023 generate_series with a zero step read from the left item
SELECT * FROM hosts h, generate_series(1, 3, h.rack - h.rack) s;
