-- COPY ... TO STDOUT compared byte for byte with PostgreSQL 15, through psql.
-- Tables `types` (every type, special values, awkward text) and `plain` are
-- made by copy_out_test.cpp; `cpu` is the TSBS sample.

-- text format: escapes, \N, float specials, infinities, intervals
COPY types TO STDOUT;

COPY types (t, i, d) TO STDOUT WITH (DELIMITER '|', NULL '<null>');

COPY types TO STDOUT WITH (HEADER);

-- csv: quoting of delimiters, quotes, newlines, empty strings and NULL
COPY types TO STDOUT WITH (FORMAT csv);

COPY types TO STDOUT WITH (FORMAT csv, HEADER true, NULL 'NULL');

COPY types TO STDOUT WITH (FORMAT csv, DELIMITER ';', QUOTE '''', ESCAPE '\', FORCE_QUOTE (t, i, tz));

COPY types TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *);

COPY types TO STDOUT WITH CSV HEADER DELIMITER AS '|' NULL AS 'x' FORCE QUOTE d;

COPY (SELECT t FROM types) TO STDOUT WITH (FORMAT csv);

COPY (SELECT '\.' AS "odd ""name"", here", 'a' AS b) TO STDOUT WITH (FORMAT csv, HEADER);

COPY (SELECT 'x,y' AS "a,b") TO STDOUT WITH (HEADER, FORMAT csv);

-- binary, header and trailer included
COPY types TO STDOUT WITH (FORMAT binary);

COPY (SELECT i, t, NULL::integer AS n FROM types WHERE i > 0) TO STDOUT BINARY;

COPY (SELECT * FROM types WHERE false) TO STDOUT WITH (FORMAT binary);

-- queries: expressions, aggregates, ordering, no rows
COPY (SELECT hostname, count(*), max(usage_user), min(usage_idle), max(time)
      FROM cpu GROUP BY hostname ORDER BY hostname) TO STDOUT;

COPY (SELECT time, hostname, usage_user, usage_idle FROM cpu ORDER BY time, hostname LIMIT 500)
  TO STDOUT WITH (FORMAT csv, HEADER);

COPY (SELECT time, hostname, usage_system FROM cpu ORDER BY time, hostname LIMIT 300)
  TO STDOUT (FORMAT binary);

COPY (SELECT * FROM plain WHERE a < 0) TO STDOUT;

COPY plain TO STDOUT;

COPY plain (b) TO STDOUT (FORMAT csv, HEADER);

-- timestamptz in another zone
SET TimeZone = 'America/New_York'; COPY (SELECT tz, ts, dt FROM types) TO STDOUT WITH (FORMAT csv);
