-- Arrays and the subqueries that build them, compared with PostgreSQL over
-- the compat data set and the dimension tables (created by array_test.cpp).

-- constructors, output and casts
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b c', NULL, '', 'NULL', 'x"y', 'back\slash'], ARRAY[1.5, 2];
SELECT ARRAY[]::integer[], ARRAY[1, NULL]::bigint[], ARRAY['1', '2']::int[];
SELECT '{1, 2 ,3}'::int[], '{a,"b,c",NULL,"NULL"}'::text[], '{}'::text[], '{t,f}'::boolean[];
SELECT ARRAY[hostname, owner] FROM hosts ORDER BY 1;
SELECT ARRAY[rack, rack * 2]::bigint[], ARRAY[weight] FROM hosts ORDER BY hostname;
SELECT '{1,2}'::int[]::text, '{1.5,-0}'::float8[]::text[];

-- functions
SELECT array_to_string(ARRAY['a', NULL, 'c'], ','), array_to_string(ARRAY['a', NULL, 'c'], '-', '*');
SELECT array_to_string(ARRAY[1, 2, 3], ', '), array_to_string(NULL::text[], ',');
SELECT cardinality(ARRAY[1, 2]), cardinality('{}'::int[]), array_length(ARRAY['x'], 1),
       array_length('{}'::int[], 1), array_upper(ARRAY[4, 5, 6], 1), array_lower(ARRAY[4], 1),
       array_ndims(ARRAY[1]);
SELECT ARRAY[1, 2] || ARRAY[3], ARRAY[1] || 2, 0 || ARRAY[1], NULL::int[] || 5,
       ARRAY['a'] || NULL::text, array_cat(ARRAY[1], NULL::int[]);
SELECT array_append(ARRAY['x'], 'y'), array_prepend('w', ARRAY['x']);

-- ANY / SOME with SQL's NULL rules
SELECT hostname FROM hosts WHERE hostname = ANY (ARRAY['host_0', 'host_3', 'nope']) ORDER BY 1;
SELECT hostname FROM hosts WHERE rack = ANY ('{2,9}') ORDER BY 1;
SELECT hostname, rack > SOME (ARRAY[1, 2]), rack <> ANY ('{3}'::int[]) FROM hosts ORDER BY 1;
SELECT 1 = ANY (ARRAY[2, NULL]), 2 = ANY (ARRAY[2, NULL]), NULL::int = ANY (ARRAY[1]),
       1 = ANY ('{}'::int[]), 1 = ANY (NULL::int[]);
SELECT count(*) FROM cpu WHERE hostname = ANY (ARRAY['host_1', 'host_2']);

-- array_agg
SELECT owner, array_agg(hostname ORDER BY hostname) FROM hosts GROUP BY owner ORDER BY owner;
SELECT array_agg(rack ORDER BY rack DESC), array_agg(weight ORDER BY hostname) FROM hosts;
SELECT array_agg(x) FROM (SELECT 1 AS x WHERE false) s;

-- unnest in FROM
SELECT * FROM unnest(ARRAY[3, 1, 2]);
SELECT u, u * 2 FROM unnest(ARRAY[1, NULL, 3]) AS u;
SELECT x FROM unnest('{b,a}'::text[]) x ORDER BY x;
SELECT h.hostname FROM hosts h JOIN unnest(ARRAY['host_1', 'host_7']) AS w ON h.hostname = w
ORDER BY 1;

-- ARRAY(subquery): uncorrelated and correlated, in the subquery's order
SELECT ARRAY(SELECT hostname FROM hosts WHERE rack = 2 ORDER BY hostname);
SELECT ARRAY(SELECT rack FROM hosts WHERE rack > 100);
SELECT h.owner, ARRAY(SELECT d.hostname FROM hosts d WHERE d.owner = h.owner ORDER BY 1)
FROM (SELECT DISTINCT owner FROM hosts) h ORDER BY 1;
SELECT d.device, ARRAY(SELECT h.hostname FROM hosts h WHERE h.rack < d.max_reading ORDER BY 1)
FROM device_info d ORDER BY 1, 2;

-- correlated subqueries that run per outer row: non-equality correlation,
-- LIMIT, outer values in the select list and in FROM functions
SELECT h.hostname, (SELECT count(*) FROM hosts o WHERE o.rack > h.rack) FROM hosts h ORDER BY 1;
SELECT h.hostname, (SELECT o.hostname FROM hosts o WHERE o.rack > h.rack ORDER BY o.rack, o.hostname LIMIT 1)
FROM hosts h ORDER BY 1;
SELECT h.hostname, (SELECT h.rack + o.rack FROM hosts o WHERE o.hostname = 'host_0') FROM hosts h
ORDER BY 1;
SELECT d.device, (SELECT sum(u) FROM unnest(ARRAY[d.max_reading, 1]) u) FROM device_info d
ORDER BY 1, 2;
SELECT h.hostname FROM hosts h WHERE EXISTS (SELECT 1 FROM device_info d WHERE d.max_reading > h.rack * 100)
ORDER BY 1;
SELECT h.hostname, h.rack IN (SELECT d.max_reading FROM device_info d WHERE d.max_reading <> h.rack)
FROM hosts h ORDER BY 1;
SELECT current_schemas(true), current_schemas(false), (current_schemas(true))[1];
SELECT pg_typeof(1), pg_typeof(2.5::float8), pg_typeof('a'), pg_typeof(ARRAY[1]), pg_typeof(now()), pg_typeof(NULL::text);
