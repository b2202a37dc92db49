SELECT '{"a": [1, 2.50, {"x": null}], "b": "h\u00e9\"", "a": 1e2}'::jsonb -> 'a' ->> -1, '[ 1, "two" ]'::json -> 1, jsonb_typeof('{}'::jsonb);
