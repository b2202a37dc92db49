-- time_bucket in every signature TimescaleDB has, compared with the
-- emulation in pg_emulation.sql. Statements with ORDER BY order totally.

-- origin and offset, positional and named
SELECT time, time_bucket('1 hour', time, origin => '2016-01-01 00:20:00+00') AS b FROM readings ORDER BY time LIMIT 20;

SELECT time, time_bucket('1 hour', time, "offset" => '15 minutes') AS b FROM readings ORDER BY time LIMIT 20;

SELECT time, time_bucket(INTERVAL '30 minutes', time, INTERVAL '5 minutes'), time_bucket(bucket_width => '45 minutes', ts => time) FROM readings ORDER BY time LIMIT 12;

-- month and year widths bucket calendar months from 2000-01 or the origin's month
SELECT time_bucket('1 month', time) AS m, count(*) FROM readings GROUP BY m ORDER BY m;

SELECT t, time_bucket('1 month', t), time_bucket('2 months', t), time_bucket('1 year', t), time_bucket('5 months', t, origin => '2000-02-01 00:00+00'::timestamptz), time_bucket('3 months', t, "offset" => '1 day') FROM (VALUES ('2016-01-01 00:00+00'::timestamptz), ('1999-12-31 23:59:59+00'), ('2024-02-29 12:00+00'), ('1969-07-20 20:17+00'), ('2000-01-01 00:00+00')) v(t) ORDER BY t;

-- timestamp without time zone
SELECT t, time_bucket('1 month', t), time_bucket('15 minutes', t), time_bucket('1 day', t, '2000-01-01 06:00'::timestamp), time_bucket('1 hour', t, "offset" => '10 minutes'), time_bucket('2 years', t, origin => '2001-03-01') FROM (VALUES ('2016-01-01 00:07:00'::timestamp), ('1999-12-31 23:59:59'), ('2024-02-29 12:00'), ('1950-06-15 03:00')) v(t) ORDER BY t;

-- date
SELECT d, time_bucket('1 month', d), time_bucket('1 week', d), time_bucket('3 days', d, '2000-01-01'::date), time_bucket('1 day', d, "offset" => '2 days'), time_bucket('1 year', d), time_bucket('2 days', d, "offset" => '12 hours') FROM (VALUES ('2016-01-01'::date), ('1999-12-31'), ('2024-02-29'), ('1970-01-01'), ('1960-03-05')) v(d) ORDER BY d;

-- time zones: buckets of wall-clock time in the zone
SELECT time, time_bucket('1 day', time, 'Europe/Berlin') AS berlin, time_bucket('1 day', time, timezone => 'America/New_York') AS ny, time_bucket('1 month', time, 'Asia/Tokyo') AS tokyo FROM readings ORDER BY time LIMIT 10;

SELECT t, time_bucket('1 day', t, 'Europe/Berlin', '2000-01-01 12:00+00'::timestamptz), time_bucket('1 hour', t, 'Asia/Kolkata', "offset" => '10 minutes'), time_bucket('1 day', t, timezone => 'America/New_York', origin => '2020-01-01 00:00+00', "offset" => '1 hour'), time_bucket('1 week', t, 'Australia/Sydney') FROM (VALUES ('2024-03-10 06:30:00+00'::timestamptz), ('2024-03-31 01:30+00'), ('2024-11-03 05:30+00'), ('2024-10-06 16:30+00')) v(t) ORDER BY t;

SELECT time_bucket('1 day', time, 'UTC') = time_bucket('1 day', time) AS same, count(*) FROM readings GROUP BY 1;

-- integer time columns
SELECT time, time_bucket(10, level), time_bucket(7, reading), time_bucket(10, level, 3), time_bucket(10::smallint, level::smallint, "offset" => 4::smallint) FROM readings ORDER BY time LIMIT 20;

SELECT x, time_bucket(5, x), time_bucket(5, x, -2), time_bucket(5::bigint, x::bigint, "offset" => 12) FROM generate_series(-12, 12) x ORDER BY x;

-- NULL and infinite arguments
SELECT time_bucket('1 day', NULL::timestamptz), time_bucket(NULL::interval, '2020-01-05 10:00+00'::timestamptz), time_bucket('1 day', '2020-01-05 10:00+00'::timestamptz, NULL::text), time_bucket('1 day', '2020-01-05 10:00+00'::timestamptz, 'UTC', NULL, NULL), time_bucket('1 day', '2020-01-05 10:00+00'::timestamptz, 'Europe/Berlin', origin => NULL);

SELECT time_bucket('1 day', 'infinity'::timestamptz), time_bucket('1 month', '-infinity'::timestamp), time_bucket('1 day', 'infinity'::date), time_bucket('1 day', 'infinity'::timestamptz, 'Europe/Berlin');
