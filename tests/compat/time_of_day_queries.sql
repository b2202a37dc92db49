-- time (without time zone) compared with PostgreSQL, in order on both
-- servers: input spellings, output, arithmetic, casts, comparisons and a
-- time column stored, grouped and sorted, before and after CHECKPOINT.

SELECT '04:05:06.789'::time AS a, '4:05 PM'::time AS b, '2003-04-12 04:05:06'::time AS c,
       'allballs'::time AS d, '24:00'::time AS e, '04:05:06-08'::time AS f,
       '12:00 AM'::time AS g, '12:30 pm'::time AS h, '10:00:00.1234567'::time AS i,
       time without time zone '23:59:59.99' AS j, '  07:08  '::time AS k;

SELECT '10:00'::time - '09:30:15'::time AS a, '23:00'::time + interval '2 hours 30 minutes' AS b,
       interval '1 day 1 hour' + '01:00'::time AS c, '01:00'::time - interval '3 hours' AS d,
       date '2024-01-02' + time '03:04:05' AS e, time '03:04' + date '2024-01-02' AS f,
       '08:00'::time - '17:30'::time AS g;

SELECT timestamp '2024-01-02 03:04:05.5'::time AS a, timestamptz '2024-01-02 03:04:05+00'::time AS b,
       interval '26 hours 5 minutes'::time AS c, time '01:02:03'::interval AS d, '13:00'::time::text AS e,
       pg_typeof(time '01:00') AS t;

SELECT time '10:00' < time '11:00' AS a, time '24:00' > time '23:59:59.999999' AS b,
       time '10:00' = '10:00:00.000'::time AS c, time '10:00' BETWEEN '09:00' AND '11:00' AS d;

INSERT INTO shifts VALUES ('2016-01-01 00:00:00+00', '08:00', '16:30', 'day'),
  ('2016-01-01 01:00:00+00', '16:30', '00:15', 'late'),
  ('2016-01-01 02:00:00+00', '00:15', '08:00:00.5', 'night'),
  ('2016-01-01 03:00:00+00', NULL, '12:00', 'open'),
  ('2016-01-01 04:00:00+00', '08:00', '12:00', 'day');

SELECT * FROM shifts ORDER BY starts NULLS FIRST, time;

SELECT starts, count(*), max(ends) AS latest, min(ends) AS earliest FROM shifts GROUP BY starts ORDER BY starts;

SELECT name, ends - starts AS length, (time::time) AS clock FROM shifts WHERE starts < '12:00' ORDER BY time;

CHECKPOINT;

SELECT * FROM shifts ORDER BY ends DESC, time;

SELECT count(*) FROM shifts WHERE ends >= '08:00' AND ends < time '13:00';

SELECT date_part('hour', time '10:30:15.5') AS h, date_part('minute', '10:30:15.5'::time) AS m,
       date_part('second', time '10:30:15.5') AS s, date_part('epoch', time '01:00') AS e,
       date_part('microseconds', time '00:00:01.25') AS us, date_part('milliseconds', time '00:00:01.25') AS ms,
       date_part('HOUR', time '24:00') AS midnight;

SELECT date_part('hour', starts) AS h, count(*) FROM shifts GROUP BY 1 ORDER BY 1 NULLS FIRST;
