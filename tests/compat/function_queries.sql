-- Scalar functions and operators compared with PostgreSQL 15 statement by
-- statement: normal values, NULLs, edge cases, and the compat tables.
-- Statements with ORDER BY order totally (readings.time and (cpu.time,
-- hostname) are unique).

-- math: sign, trunc, logarithms, roots
SELECT sign(-2.5::float8), sign(0::float8), sign(3), sign(NULL::float8);

SELECT trunc(-1.789::float8), trunc(1.789), trunc(-1.789, 2), trunc(0.29, 2), trunc(1234.5678, -2), trunc(5.5, 0);

SELECT log(100), log(0.001), log(2, 8), log(10, 1000), ln(1), ln(exp(2)), exp(0), exp(1);

SELECT sqrt(16), sqrt(2), cbrt(27), cbrt(-8), power(2, 10), power(2, -1), pi();

SELECT ceil(-1.5), ceil(1.2), floor(-1.5), floor(1.2), ceiling(2.1);

SELECT mod(7, 3), mod(-7, 3), mod(7, -3), mod(7::bigint, 2::bigint), mod(7::smallint, 4::smallint), mod(NULL::int, 3);

-- greatest / least ignore NULLs
SELECT greatest(1, 5, 3), least(1, 5, 3), greatest(1, NULL, 3), least(NULL, 2), greatest(NULL::int, NULL);

SELECT greatest(1, 2.5), least(1::bigint, 2), greatest('apple', 'banana', 'cherry'), least('b', 'a');

SELECT greatest(date '2020-01-01', date '2021-06-01'), least(INTERVAL '1 day', INTERVAL '20 hours'), greatest(timestamptz '2020-01-01 00:00+00', timestamptz '2019-01-01 00:00+00');

SELECT greatest('nan'::float8, 1), least('nan'::float8, 1), greatest(true, false), least(true, false);

-- width_bucket
SELECT width_bucket(5.35, 0.024, 10.06, 5), width_bucket(-1, 0, 10, 5), width_bucket(10, 0, 10, 5), width_bucket(3, 10, 0, 5), width_bucket(11, 10, 0, 5), width_bucket(0, 10, 0, 5);

SELECT width_bucket(NULL, 0, 10, 5), width_bucket(9.999999, 0, 10, 3), width_bucket(0, 0, 10, 3);

-- strings: concat, concat_ws
SELECT concat('a', 'b', 'c'), concat('a', NULL, 'c'), concat(NULL), concat(1, 2.5, true, 'x'), concat(date '2020-01-02');

SELECT concat_ws(',', 'a', 'b', NULL, 'c'), concat_ws(NULL, 'a', 'b'), concat_ws('-', 1, 2, 3), concat_ws(', ', NULL, NULL);

SELECT concat('time: ', timestamptz '2016-01-01 12:00:00+00'), concat_ws('|', INTERVAL '1 day', 1.5::float8, 7::bigint);

-- regular expression operators
SELECT 'abc' ~ 'b', 'abc' ~ '^b', 'abc' ~* 'B', 'abc' !~ 'b', 'abc' !~* 'B', 'abc' ~ 'x|c$';

SELECT 'foo123' ~ '[0-9]+', 'FOO' ~ '^[a-z]+$', 'FOO' ~* '^[a-z]+$', 'a.b' ~ 'a\.b', 'axb' ~ 'a\.b';

SELECT NULL::text ~ 'a', 'a' ~ NULL, 'line1
line2' ~ 'line1.line2', 'ab' ~ '^(a|b)+$', 'word boundary' ~ '\yboundary\y';

SELECT '[x]' ~ '[][]', 'tab	here' ~ '[[:space:]]', 'A1' ~ '^[[:alpha:]][[:digit:]]$', '' ~ '^$';

-- regexp_replace
SELECT regexp_replace('foobarbaz', 'b..', 'X'), regexp_replace('foobarbaz', 'b..', 'X', 'g'), regexp_replace('Hello World', 'o', '0', 'gi');

SELECT regexp_replace('abc', '(a)(b)', '\2\1'), regexp_replace('abc', 'b', '[\&]'), regexp_replace('abc', 'B', 'x', 'i'), regexp_replace('abc', 'B', 'x');

SELECT regexp_replace('aaa', 'a*', 'X'), regexp_replace('abc', 'x*', '-', 'g'), regexp_replace('abab', 'a|ab', 'X', 'g'), regexp_replace('a\b', '\\', '/');

SELECT regexp_replace(NULL, 'a', 'b'), regexp_replace('a', NULL, 'b'), regexp_replace('a', 'a', NULL), regexp_replace('aXbX', 'x', '-', NULL);

SELECT regexp_replace('2016-01-01', '(\d+)-(\d+)-(\d+)', '\3/\2/\1'), regexp_replace('a  b   c', '\s+', ' ', 'g'), regexp_replace('aaa', 'a+?', 'b');

-- IS [NOT] DISTINCT FROM
SELECT 1 IS DISTINCT FROM 2, 1 IS DISTINCT FROM 1, NULL IS DISTINCT FROM NULL, 1 IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1.0;

SELECT 'a' IS DISTINCT FROM 'b', 'nan'::float8 IS DISTINCT FROM 'nan'::float8, INTERVAL '1 day' IS DISTINCT FROM INTERVAL '24 hours', NULL::text IS NOT DISTINCT FROM 'x';

-- BETWEEN SYMMETRIC
SELECT 5 BETWEEN SYMMETRIC 10 AND 1, 5 BETWEEN 10 AND 1, 5 NOT BETWEEN SYMMETRIC 10 AND 1, 11 NOT BETWEEN SYMMETRIC 10 AND 1, 5 BETWEEN ASYMMETRIC 1 AND 10;

SELECT 5 BETWEEN SYMMETRIC NULL AND 1, 5 BETWEEN SYMMETRIC 1 AND NULL, 0 BETWEEN SYMMETRIC 1 AND NULL, 0 NOT BETWEEN SYMMETRIC 1 AND NULL;

-- date_bin
SELECT date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01'), date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01 00:02:30');

SELECT date_bin('1 day 2 hours', timestamp '1990-02-11 15:44:17', timestamp '2001-01-01 00:00:07'), date_bin('1 hour', timestamptz '2016-01-01 10:59:59+00', timestamptz '2000-01-01 00:30:00+00');

SELECT date_bin('1 week', timestamptz '2016-01-06 12:00+00', timestamptz '2016-01-04 00:00+00'), date_bin('1 day', 'infinity'::timestamptz, timestamptz '2000-01-01 00:00+00'), date_bin('5 min', NULL::timestamp, timestamp '2000-01-01');

-- date_trunc with a time zone
SELECT date_trunc('day', timestamptz '2016-01-01 03:00:00+00', 'America/New_York'), date_trunc('hour', timestamptz '2016-01-01 03:45:00+00', 'Asia/Kolkata'), date_trunc('month', timestamptz '2016-03-01 03:00:00+00', 'Europe/Berlin');

SELECT date_trunc('day', timestamptz '2016-06-01 01:00:00+00', 'PST'), date_trunc('week', timestamptz '2016-01-04 01:00:00+00', 'UTC'), date_trunc('day', NULL::timestamptz, 'UTC');

-- AT TIME ZONE / timezone()
SELECT timestamptz '2020-01-01 00:00+00' AT TIME ZONE 'America/New_York', timestamptz '2020-07-01 00:00+00' AT TIME ZONE 'Europe/Berlin', timestamptz '2020-01-01 00:00+00' AT TIME ZONE 'UTC';

SELECT timestamp '2020-01-01 00:00' AT TIME ZONE 'Europe/Berlin', timestamp '2020-07-01 12:00' AT TIME ZONE 'America/Los_Angeles', timestamp '2020-01-01 00:00' AT TIME ZONE 'PST';

SELECT timestamptz '2020-01-01 00:00+00' AT TIME ZONE '+05', timestamp '2020-01-01 00:00' AT TIME ZONE '-03:30', timestamp '2020-01-01 00:00' AT TIME ZONE INTERVAL '-03:00', timestamptz '2020-01-01 00:00+00' AT TIME ZONE INTERVAL '05:30';

SELECT timezone('Asia/Tokyo', timestamptz '2020-01-01 00:00+00'), timezone('CET', timestamptz '2020-07-01 00:00+00'), date '2020-06-01' AT TIME ZONE 'Europe/Berlin', NULL::timestamptz AT TIME ZONE 'UTC';

SELECT '2020-06-01 00:00+00' AT TIME ZONE 'Europe/Berlin', 'infinity'::timestamptz AT TIME ZONE 'UTC', (timestamp '2020-03-29 02:30' AT TIME ZONE 'Europe/Berlin');

-- make_interval
SELECT make_interval(1, 2, 3, 4, 5, 6, 7.5), make_interval(hours => 2), make_interval(days => 10, mins => 30), make_interval(secs => 1.25), make_interval();

SELECT make_interval(years => -1, months => 13), make_interval(2), make_interval(weeks => 2, secs => 3600), make_interval(hours => NULL);

-- age
SELECT age(timestamp '2001-04-10', timestamp '1957-06-13'), age(timestamp '1957-06-13', timestamp '2001-04-10'), age(timestamp '2016-03-01', timestamp '2016-01-31');

SELECT age(timestamptz '2016-03-01 00:00+00', timestamptz '2015-02-28 12:30+00'), age(timestamp '2016-01-01 10:00', timestamp '2016-01-01 12:30:15.5'), age(NULL::timestamp, timestamp '2000-01-01');

SELECT age(timestamp '2000-01-01') = age(current_date::timestamp, timestamp '2000-01-01'), age(timestamptz '2000-01-01 00:00+00') = age(current_date::timestamptz, timestamptz '2000-01-01 00:00+00');
SELECT localtimestamp = now()::timestamp, localtimestamp::date = current_date, localtimestamp - now()::timestamp;

-- to_char for timestamps
SELECT to_char(timestamp '2016-01-05 14:07:09.123456', 'YYYY-MM-DD HH24:MI:SS'), to_char(timestamp '2016-01-05 14:07:09.123456', 'HH12:MI:SS.MS AM'), to_char(timestamp '2016-01-05 14:07:09.123456', 'US');

SELECT to_char(timestamp '2016-01-05 04:07:09', 'Day, DD Month YYYY'), to_char(timestamp '2016-01-05 04:07:09', 'FMDay, FMDD FMMonth YYYY'), to_char(timestamp '2016-01-05 04:07:09', 'Dy Mon dy mon DY MON');

SELECT to_char(timestamp '2016-01-05 00:07:09', 'HH HH12 am pm A.M. p.m.'), to_char(timestamp '2016-12-31 23:59:59', 'IYYY-IW ID DDD D Q WW W CC J'), to_char(timestamp '2016-01-01 00:00', 'IYYY IW IDDD');

SELECT to_char(timestamp '2016-01-02 10:00', 'DDth DDTH FMDDth "quoted YYYY" \"x'), to_char(timestamp '2016-01-03 10:00', 'YYY YY Y Y,YYY SSSS'), to_char(timestamp '2016-01-21 10:00', 'FMDDth FMMM/FMDD');

SELECT to_char(timestamptz '2016-01-05 14:07:09+00', 'YYYY-MM-DD HH24:MI:SS TZ OF'), to_char(timestamptz '2016-01-05 14:07:09+00', 'tz TZH:TZM'), to_char(NULL::timestamp, 'YYYY'), to_char(timestamp '2016-01-05', NULL);

SELECT to_char(date '2016-02-29', 'YYYY/MM/DD Day'), to_char(timestamp '2016-01-05 12:00', 'MONTH month Month BC AD'), to_char('infinity'::timestamp, 'YYYY'), to_char(timestamp '2016-01-05', '');

-- over the compat tables
SELECT time, device, reading, level, reading IS DISTINCT FROM level::bigint AS differs, greatest(reading, level, 0) AS g, least(reading, level) AS l, sign(value) AS s
FROM readings ORDER BY time LIMIT 40;

SELECT time, concat(device, ':', reading, ':', flag) AS c, concat_ws('/', device, note, level) AS ws FROM readings ORDER BY time LIMIT 50;

SELECT time, note, note ~ '^[a-z]+$' AS lower_word, note ~* '^hot' AS hot, note !~ 'o' AS no_o, regexp_replace(note, '[aeiou]', '*', 'g') AS masked FROM readings ORDER BY time;

SELECT count(*) FROM readings WHERE note ~* 'HOT';

SELECT count(*), count(device) FROM readings WHERE device IS NOT DISTINCT FROM NULL;

SELECT device, count(*) FROM readings WHERE reading BETWEEN SYMMETRIC 500 AND -500 GROUP BY device ORDER BY device NULLS FIRST;

SELECT count(*) FROM readings WHERE reading NOT BETWEEN SYMMETRIC 500 AND -500;

SELECT width_bucket(value, 0, 100, 10) AS bucket, count(*) FROM readings GROUP BY bucket ORDER BY bucket NULLS FIRST;

SELECT time, trunc(value) AS t0, log(value + 1) AS lg, ln(value + 1) AS l, sqrt(value) AS r, cbrt(value - 50) AS c, mod(reading, 7) AS m FROM readings ORDER BY time;

SELECT date_bin('45 minutes', time, timestamptz '2016-01-01 00:10:00+00') AS bin, count(*), max(reading) FROM readings GROUP BY bin ORDER BY bin;

SELECT time AT TIME ZONE 'America/New_York' AS local_ny, date_trunc('day', time, 'Asia/Tokyo') AS tokyo_day, to_char(time, 'YYYY-MM-DD HH24:MI Dy') AS label FROM readings ORDER BY time LIMIT 60;

SELECT date_trunc('day', time, 'Europe/Berlin') AS day, count(*) FROM readings GROUP BY day ORDER BY day;

SELECT time, age(time, timestamptz '2015-11-30 08:15:00+00') AS a, time - make_interval(hours => level) AS shifted FROM readings ORDER BY time LIMIT 30;

SELECT hostname, max(greatest(usage_user, usage_system, usage_idle)) AS peak, min(least(usage_user, usage_system)) AS low FROM cpu WHERE hostname ~ '^host_1[0-9]$' GROUP BY hostname ORDER BY hostname;

SELECT date_bin('2 hours', time, timestamptz '2016-01-01 00:00:00+00') AS bin, hostname, round(avg(usage_user)) AS avg_user FROM cpu WHERE hostname IN ('host_1', 'host_2') AND time < '2016-01-01 08:00:00+00' GROUP BY bin, hostname ORDER BY bin, hostname;

SELECT to_char(time, 'HH24:MI') AS hm, hostname, width_bucket(usage_user, 0, 100, 4) AS quartile FROM cpu WHERE time < '2016-01-01 00:10:00+00' AND hostname BETWEEN SYMMETRIC 'host_3' AND 'host_1' ORDER BY time, hostname;

SELECT count(*) FROM cpu WHERE hostname !~ '_1' AND usage_user IS DISTINCT FROM usage_system;

SELECT concat_ws(' ', hostname, region, datacenter) AS place, count(*) FROM cpu WHERE hostname ~ '^host_(0|5)$' GROUP BY place ORDER BY place;

SELECT format('%s-%I-%L|%5s|%-5s|%2$s|%%', 'a', 'B c', 'it''s', 'w', 'v'), format('%L %L %s', NULL, 3, NULL), format(NULL), format('x%*s|%-*s|%*3$s', 4, 'y', -3, 'z');

SELECT format('INSERT INTO %I VALUES (%L, %L)', hostname, time, usage_user) AS statement FROM cpu WHERE time < '2016-01-01 00:00:30+00' ORDER BY time, hostname;

SELECT format('%1$s %1$I %s', 'Host', 'x'), quote_literal('a\b'), quote_literal('O''Neil'), quote_literal(42), quote_nullable(NULL), quote_nullable('x');

-- trim's SQL forms and btrim / ltrim / rtrim with a character set
SELECT trim(both 'x' from 'xxhixx') AS a, trim(leading 'x' from 'xxhixx') AS b,
       trim(trailing 'x' from 'xxhixx') AS c, trim('  sp  ') AS d, btrim('abcba', 'ab') AS e,
       ltrim('  l') AS f, rtrim('r  ') AS g, trim(from '  z  ') AS h, trim(both from '  w ') AS i,
       rtrim('ÄxäÄ', 'Ä') AS j, trim(trailing ';' from 'SELECT 1;;') AS k, ltrim('', 'a') AS l;

SELECT hostname, trim(leading 'host_' from hostname) AS n, rtrim(region, '-1') AS r
FROM cpu WHERE time = '2016-01-01 00:00:00+00' ORDER BY hostname;
