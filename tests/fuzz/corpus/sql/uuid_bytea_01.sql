SELECT '{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}'::uuid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\xDEAD beef'::bytea, 'ab\\c\001'::bytea::text;
