SELECT CAST('1 day 02:03' AS interval) + '2016-01-01'::date, extract(epoch FROM now()) > 0, -(-7), 'a' || NULL, coalesce(NULL, 1.5e3), $$dollar$$, E'\\x41', x'1F'::int;
