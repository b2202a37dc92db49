-- time_bucket_gapfill, locf and interpolate against hand-written PostgreSQL:
-- statements come in pairs, the Sundial query and then an equivalent
-- PostgreSQL query (generate_series for the buckets, a LEFT JOIN for the
-- aggregates, window functions for locf and interpolate). Tables gf and
-- gfi come from gapfill_test.cpp.

-- one series with missing buckets; the range comes from WHERE >= and <
SELECT time_bucket_gapfill('1 minute', time) AS t, avg(v) AS a, count(*) AS c FROM gf
WHERE host = 'h1' AND time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00'
GROUP BY t ORDER BY t;

SELECT s.t AS t, a.a AS a, a.c AS c
FROM generate_series('2026-01-01 00:00+00'::timestamptz, '2026-01-01 00:09+00', '1 minute') s(t)
LEFT JOIN (SELECT time_bucket('1 minute', time) AS t, avg(v) AS a, count(*) AS c FROM gf
           WHERE host = 'h1' AND time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00'
           GROUP BY 1) a USING (t)
ORDER BY t;

-- one series per host seen (NULL is a host too); the range from > and <=
SELECT host, time_bucket_gapfill('2 minutes', time) AS t, max(v) AS m FROM gf
WHERE time > '2026-01-01 00:01+00' AND time <= '2026-01-01 00:08+00'
GROUP BY host, t ORDER BY host, t;

SELECT h.host AS host, s.t AS t, a.m AS m
FROM (SELECT DISTINCT host FROM gf WHERE time > '2026-01-01 00:01+00' AND time <= '2026-01-01 00:08+00') h
CROSS JOIN generate_series(time_bucket('2 minutes', '2026-01-01 00:01:00.000001+00'::timestamptz),
                           '2026-01-01 00:08+00'::timestamptz, '2 minutes') s(t)
LEFT JOIN (SELECT host, time_bucket('2 minutes', time) AS t, max(v) AS m FROM gf
           WHERE time > '2026-01-01 00:01+00' AND time <= '2026-01-01 00:08+00' GROUP BY 1, 2) a
  ON a.host IS NOT DISTINCT FROM h.host AND a.t = s.t
ORDER BY host, t;

-- locf: gaps take the value of the series' last bucket with rows, even a NULL one
SELECT host, time_bucket_gapfill('1 minute', time) AS t, locf(max(v)) AS m FROM gf
WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00'
GROUP BY host, t ORDER BY host, t;

SELECT host, t, first_value(m) OVER (PARTITION BY host, seen ORDER BY t) AS m
FROM (SELECT h.host, s.t, a.m, count(a.t) OVER (PARTITION BY h.host ORDER BY s.t) AS seen
      FROM (SELECT DISTINCT host FROM gf WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00') h
      CROSS JOIN generate_series('2026-01-01 00:00+00'::timestamptz, '2026-01-01 00:09+00', '1 minute') s(t)
      LEFT JOIN (SELECT host, time_bucket('1 minute', time) AS t, max(v) AS m FROM gf
                 WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00' GROUP BY 1, 2) a
        ON a.host IS NOT DISTINCT FROM h.host AND a.t = s.t) x
ORDER BY host, t;

-- locf treating NULL aggregates as missing, with a prev value for the start
SELECT host, time_bucket_gapfill('1 minute', time) AS t,
       locf(max(v), prev => -1, treat_null_as_missing => true) AS m FROM gf
WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00' AND host IS NOT NULL
GROUP BY host, t ORDER BY host, t;

SELECT host, t, CASE WHEN seen = 0 THEN -1 ELSE first_value(m) OVER (PARTITION BY host, seen ORDER BY t) END AS m
FROM (SELECT h.host, s.t, a.m, count(a.m) OVER (PARTITION BY h.host ORDER BY s.t) AS seen
      FROM (SELECT DISTINCT host FROM gf WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00' AND host IS NOT NULL) h
      CROSS JOIN generate_series('2026-01-01 00:00+00'::timestamptz, '2026-01-01 00:09+00', '1 minute') s(t)
      LEFT JOIN (SELECT host, time_bucket('1 minute', time) AS t, max(v) AS m FROM gf
                 WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00' GROUP BY 1, 2) a
        ON a.host = h.host AND a.t = s.t) x
ORDER BY host, t;

-- interpolate between the neighbouring buckets with rows; NULL at the series' edges
-- and next to a NULL aggregate
SELECT host, time_bucket_gapfill('1 minute', time) AS t, interpolate(avg(v)) AS a, avg(v) AS raw FROM gf
WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00'
GROUP BY host, t ORDER BY host, t;

SELECT host, t,
       CASE WHEN here IS NOT NULL THEN m
            WHEN m0 IS NULL OR m1 IS NULL THEN NULL
            WHEN m0 = m1 THEN m0
            ELSE (m0 * (extract(epoch FROM t1 - t) * 1000000)::bigint::float8
                  + m1 * (extract(epoch FROM t - t0) * 1000000)::bigint::float8)
                 / (extract(epoch FROM t1 - t0) * 1000000)::bigint::float8 END AS a,
       m AS raw
FROM (SELECT *, first_value(here) OVER (PARTITION BY host, seen ORDER BY t) AS t0,
                first_value(m) OVER (PARTITION BY host, seen ORDER BY t) AS m0,
                first_value(here) OVER (PARTITION BY host, ahead ORDER BY t DESC) AS t1,
                first_value(m) OVER (PARTITION BY host, ahead ORDER BY t DESC) AS m1
      FROM (SELECT h.host, s.t, a.t AS here, a.m,
                   count(a.t) OVER (PARTITION BY h.host ORDER BY s.t) AS seen,
                   count(a.t) OVER (PARTITION BY h.host ORDER BY s.t DESC) AS ahead
            FROM (SELECT DISTINCT host FROM gf WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00') h
            CROSS JOIN generate_series('2026-01-01 00:00+00'::timestamptz, '2026-01-01 00:09+00', '1 minute') s(t)
            LEFT JOIN (SELECT host, time_bucket('1 minute', time) AS t, avg(v) AS m FROM gf
                       WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00' GROUP BY 1, 2) a
              ON a.host IS NOT DISTINCT FROM h.host AND a.t = s.t) x) y
ORDER BY host, t;

-- start and finish as arguments: start is aligned to its bucket, rows outside pass through
SELECT time_bucket_gapfill('5 minutes', time, start => '2026-01-01 00:03+00', finish => '2026-01-01 00:20+00') AS t,
       sum(v) AS s FROM gf GROUP BY t ORDER BY t;

SELECT t, a.s AS s
FROM generate_series(time_bucket('5 minutes', '2026-01-01 00:03+00'::timestamptz),
                     '2026-01-01 00:19:59.999999+00'::timestamptz, '5 minutes') g(t)
FULL JOIN (SELECT time_bucket('5 minutes', time) AS t, sum(v) AS s FROM gf GROUP BY 1) a USING (t)
ORDER BY t;

-- integer time: range from > and <=, interpolation rounded half away from zero
SELECT k, time_bucket_gapfill(4, t) AS b, sum(v) AS s, interpolate(sum(v)) AS i, locf(sum(v)) AS l FROM gfi
WHERE t > -10 AND t <= 25 GROUP BY k, b ORDER BY k, b;

SELECT k, b, s,
       CASE WHEN here IS NOT NULL THEN s
            WHEN s0 IS NULL OR s1 IS NULL THEN NULL
            ELSE round((s0::numeric * (b1 - b) + s1::numeric * (b - b0)) / (b1 - b0))::bigint END AS i,
       first_value(s) OVER (PARTITION BY k, seen ORDER BY b) AS l
FROM (SELECT *, first_value(here) OVER (PARTITION BY k, seen ORDER BY b) AS b0,
                first_value(s) OVER (PARTITION BY k, seen ORDER BY b) AS s0,
                first_value(here) OVER (PARTITION BY k, ahead ORDER BY b DESC) AS b1,
                first_value(s) OVER (PARTITION BY k, ahead ORDER BY b DESC) AS s1
      FROM (SELECT h.k, g.b, a.b AS here, a.s,
                   count(a.b) OVER (PARTITION BY h.k ORDER BY g.b) AS seen,
                   count(a.b) OVER (PARTITION BY h.k ORDER BY g.b DESC) AS ahead
            FROM (SELECT DISTINCT k FROM gfi WHERE t > -10 AND t <= 25) h
            CROSS JOIN generate_series(time_bucket(4, -9), 25, 4) g(b)
            LEFT JOIN (SELECT k, time_bucket(4, t) AS b, sum(v) AS s FROM gfi
                       WHERE t > -10 AND t <= 25 GROUP BY 1, 2) a
              ON a.k = h.k AND a.b = g.b) x) y
ORDER BY k, b;

-- date time column with month buckets
SELECT time_bucket_gapfill('1 month', d) AS m, count(*) AS c FROM (SELECT time::date AS d FROM gf) x
WHERE d >= '2025-10-20' AND d <= '2026-01-15' GROUP BY m ORDER BY m;

SELECT g.m::date AS m, a.c AS c
FROM generate_series('2025-10-01'::timestamp, '2026-01-01', '1 month') g(m)
LEFT JOIN (SELECT time_bucket('1 month', time::date) AS m, count(*) AS c FROM gf
           WHERE time::date >= '2025-10-20' AND time::date <= '2026-01-15' GROUP BY 1) a ON a.m = g.m::date
ORDER BY m;

-- expressions over aggregates see NULL in gap rows; ORDER BY sorts the filled rows
SELECT time_bucket_gapfill('3 minutes', time) AS t, coalesce(sum(n), 0) AS n, count(v) * 2 AS c FROM gf
WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:15+00'
GROUP BY t ORDER BY n DESC, t;

SELECT s.t AS t, coalesce(a.n, 0) AS n, a.c AS c
FROM generate_series('2026-01-01 00:00+00'::timestamptz, '2026-01-01 00:14+00', '3 minutes') s(t)
LEFT JOIN (SELECT time_bucket('3 minutes', time) AS t, sum(n) AS n, count(v) * 2 AS c FROM gf
           WHERE time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:15+00' GROUP BY 1) a USING (t)
ORDER BY n DESC, t;

-- window functions run over the filled rows
SELECT time_bucket_gapfill('1 minute', time) AS t, locf(max(v)) AS l,
       lag(locf(max(v))) OVER (ORDER BY time_bucket_gapfill('1 minute', time)) AS p FROM gf
WHERE host = 'h1' AND time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00'
GROUP BY t ORDER BY t;

SELECT t, l, lag(l) OVER (ORDER BY t) AS p
FROM (SELECT t, first_value(m) OVER (PARTITION BY seen ORDER BY t) AS l
      FROM (SELECT s.t, a.m, count(a.t) OVER (ORDER BY s.t) AS seen
            FROM generate_series('2026-01-01 00:00+00'::timestamptz, '2026-01-01 00:09+00', '1 minute') s(t)
            LEFT JOIN (SELECT time_bucket('1 minute', time) AS t, max(v) AS m FROM gf
                       WHERE host = 'h1' AND time >= '2026-01-01 00:00+00' AND time < '2026-01-01 00:10+00'
                       GROUP BY 1) a ON a.t = s.t) x) y
ORDER BY t;

-- with a time zone: buckets of wall-clock days in that zone
SELECT host, time_bucket_gapfill('1 day', time, 'America/New_York', start => '2025-12-29 12:00+00', finish => '2026-01-02 00:00+00') AS d,
       count(*) AS c, locf(min(v)) AS l FROM gf WHERE host IS NOT NULL GROUP BY host, d ORDER BY host, d;

SELECT host, d, c, first_value(m) OVER (PARTITION BY host, seen ORDER BY d) AS l
FROM (SELECT host, d, c, m, count(c) OVER (PARTITION BY host ORDER BY d) AS seen
      FROM (SELECT coalesce(a.host, h.host) AS host, coalesce(a.d, g.d) AS d, a.c, a.m
            FROM (SELECT DISTINCT host FROM gf WHERE host IS NOT NULL) h
            CROSS JOIN generate_series(time_bucket('1 day', '2025-12-29 12:00+00'::timestamptz, 'America/New_York'),
                                       '2026-01-01 23:59:59.999999+00'::timestamptz, '1 day') g(d)
            FULL JOIN (SELECT host, time_bucket('1 day', time, 'America/New_York') AS d, count(*) AS c, min(v) AS m
                       FROM gf WHERE host IS NOT NULL GROUP BY 1, 2) a
              ON a.host = h.host AND a.d = g.d) x) y
ORDER BY host, d;
