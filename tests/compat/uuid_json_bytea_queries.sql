-- uuid, json, jsonb and bytea compared with PostgreSQL, in order on both
-- servers: input forms, canonical output, the -> and ->> operators,
-- equality, grouping and sorting, and the same again once CHECKPOINT moved
-- Sundial's rows into segments.

-- literals: uuid's accepted spellings, jsonb normalized, json kept as written
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS a, '{a0eebc999c0b4ef8bb6d6bb9bd380a11}'::uuid AS b,
       'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid AS c, pg_typeof('{}'::jsonb) AS t;

SELECT '{"b": [1, 2.50, {"x": null}], "a": "h\u00e9\"llo\n", "a": 1e2, "aa": -0.0}'::jsonb AS normalized,
       '{"b" : 1,  "b": 2}'::json AS kept, '[]'::jsonb AS empty_array, '{}'::jsonb AS empty_object,
       ' "text" '::jsonb AS string, '1.5E-3'::jsonb AS number, 'null'::jsonb AS json_null,
       '"\ud83d\ude00 \t"'::jsonb AS surrogates;

SELECT '\xDEADbeef'::bytea AS hex, 'ab\\c\001\377'::bytea AS escaped, '\x'::bytea AS empty,
       '\x de ad'::bytea AS spaced, 'plain'::bytea::text AS as_text;

-- casts between the types and text
SELECT '{"k": [1, 2]}'::json::jsonb AS to_jsonb, '{"k":  1}'::jsonb::json AS to_json,
       '{"k":1}'::jsonb::text AS jsonb_text, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid::text AS uuid_text,
       '\x0102'::bytea::text AS bytea_text;

-- -> and ->> by key and by index, negative indexes from the end
SELECT d -> 'a' AS a, d ->> 'a' AS a_text, d -> 'b' -> 1 AS b1, d -> 'b' ->> -1 AS b_last,
       d ->> 'n' AS null_text, d -> 'missing' AS missing, d -> 'b' -> 9 AS past_end,
       d -> 0 AS not_an_array, jsonb_typeof(d -> 'b') AS b_type, jsonb_typeof(d -> 'n') AS n_type
FROM (SELECT '{"a": {"x": [true, "s"]}, "b": [10, "twenty", 3.50], "n": null}'::jsonb AS d) s;

SELECT j -> 'a' AS a, j ->> 'b' AS b, j -> 'c' -> 0 AS c0, json_typeof(j -> 'c') AS c_type
FROM (SELECT '{"a" : { "x" : 1 }, "b": "two\"q", "c": [ 1 , 2 ], "b": "last"}'::json AS j) s;

INSERT INTO devices VALUES
  ('2016-01-01 00:00:00+00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"model": "x1", "fw": [1, 2], "temp": 21.5}', '{"raw" : true}', '\x00ff10'),
  ('2016-01-01 00:00:01+00', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A12', '{"model": "x2", "temp": -3, "tags": {"b": 1, "a": 2}}', '[ 1, 2 ]', 'raw\\bytes'),
  ('2016-01-01 00:00:02+00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"model": "x1", "temp": null}', 'null', ''),
  ('2016-01-01 00:00:03+00', NULL, NULL, NULL, NULL),
  ('2016-01-01 00:00:04+00', '00000000-0000-0000-0000-000000000000', '[1, "two", {"three": 3}]', '"s"', '\x');

SELECT * FROM devices ORDER BY time;

SELECT id, count(*), min(time) FROM devices GROUP BY id ORDER BY id;

SELECT time, meta ->> 'model' AS model, (meta ->> 'temp')::float8 AS temp, meta -> 'tags' AS tags, raw -> 0 AS first_raw FROM devices ORDER BY time;

SELECT meta ->> 'model' AS model, count(*) FROM devices GROUP BY 1 ORDER BY 1;

SELECT count(*) FROM devices WHERE id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' OR meta = '{"temp":-3,"model":"x2","tags":{"a":2,"b":1}}';

SELECT time, blob, blob = '\x00ff10'::bytea AS same, blob < '\x01'::bytea AS smaller FROM devices ORDER BY blob NULLS FIRST, time;

SELECT DISTINCT meta FROM devices WHERE meta IS NOT NULL;

-- jsonb containment, keys and paths
SELECT '{"a": 1, "b": {"c": [1, 2, {"d": "x"}]}}'::jsonb @> '{"b": {"c": [2]}}' AS a1,
       '{"a": 1}'::jsonb @> '{"a": 1.0}' AS a2, '[1, 2, [3, 4]]'::jsonb @> '[[3]]' AS a3,
       '["foo", "bar"]'::jsonb @> '"foo"' AS a4, '[[1]]'::jsonb @> '1' AS a5,
       '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}' AS a6, '{"a": [1,2]}'::jsonb @> '{"a": 1}' AS a7,
       '[1,2]'::jsonb @> '[]' AS a8, '{}'::jsonb @> '{}' AS a9, '"x"'::jsonb @> '"x"' AS a10;
SELECT '{"a": 1, "b": 2}'::jsonb ? 'a' AS k1, '["a", "b"]'::jsonb ? 'b' AS k2, '[1, "c"]'::jsonb ? '1' AS k3,
       '"s"'::jsonb ? 's' AS k4, '{"a": 1, "b": 2}'::jsonb ?| ARRAY['x', 'b'] AS k5,
       '{"a": 1, "b": 2}'::jsonb ?& ARRAY['a', 'b'] AS k6, '{"a": 1}'::jsonb ?& ARRAY['a', 'z'] AS k7,
       '{"a": {"b": [10, 20, {"c": "deep"}]}}'::jsonb #> '{a,b,2,c}' AS p1,
       '{"a": {"b": [10, 20, {"c": "deep"}]}}'::jsonb #>> '{a,b,2,c}' AS p2,
       '{"a": {"b": [10, 20]}}'::json #> '{a,b,-1}' AS p3, '{"a": 1}'::jsonb #> '{}' AS p4,
       '{"a": 1}'::jsonb #> '{x}' AS p5, '[1,2]'::jsonb #>> '{z}' AS p6, '{"a": null}'::jsonb #>> '{a}' AS p7;

SELECT time, meta @> '{"model": "x1"}' AS x1, meta ? 'tags' AS has_tags, meta ?| ARRAY['fw', 'tags'] AS any_of,
       meta #> '{tags,a}' AS tag_a, meta #>> ARRAY['fw', '1'] AS fw1, raw #> '{}' AS whole
FROM devices ORDER BY time;

SELECT count(*) FROM devices WHERE meta @> '{"tags": {"a": 2}}' OR meta <@ '{"model": "x1", "temp": null, "extra": 1}';

CHECKPOINT;

SELECT time FROM devices WHERE meta @> '[{"three": 3}]' OR meta ? 'fw' ORDER BY time;

SELECT * FROM devices ORDER BY time;

SELECT id, count(*), min(time) FROM devices GROUP BY id ORDER BY id DESC NULLS LAST;

SELECT time, meta ->> 'model' AS model, meta -> 'fw' -> 1 AS fw1, raw ->> 0 AS raw0, blob FROM devices WHERE id > '50000000-0000-0000-0000-000000000000' ORDER BY time;
