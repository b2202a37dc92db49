-- uuid, json, jsonb and bytea mistakes: each statement must fail with
-- PostgreSQL's SQLSTATE.

-- bad uuid text (22P02)
SELECT 'zz'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11x'::uuid;

-- bad json (22P02) and \u0000 in jsonb (22P05)
SELECT '{"a":'::jsonb;
SELECT '{"a" 1}'::json;
SELECT '[1,]'::jsonb;
SELECT '01'::json;
SELECT 'nul'::jsonb;
SELECT '"tab	inside"'::json;
SELECT '"\x"'::jsonb;
SELECT '"\ud83d"'::jsonb;
SELECT '{"a": 1} x'::json;
SELECT '"\u0000"'::jsonb;

-- bad bytea (22023 for hex, 22P02 for escapes)
SELECT '\xzz'::bytea;
SELECT '\x123'::bytea;
SELECT '\9'::bytea;

-- json has no equality; uuid does not mix with text (42883)
SELECT '{}'::json = '{}'::json;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::text;
SELECT '[1]'::jsonb -> 1.5;
