-- Index mistakes: each statement must fail with PostgreSQL's SQLSTATE.

-- missing table (42P01), column (42703), access method (42704)
CREATE INDEX ON no_such_table (x);
CREATE INDEX ON cpu (no_such_column);
CREATE INDEX ON cpu (lower(no_such_column));
CREATE INDEX ON cpu (hostname) INCLUDE (no_such_column);
CREATE INDEX ON cpu USING no_such_method (hostname);

-- names taken (42P07)
CREATE INDEX cpu ON cpu (hostname);
CREATE INDEX taken_idx ON cpu (hostname);

-- dropping what is not an index (42809) or nothing (42704)
DROP INDEX cpu;
DROP INDEX no_such_index;
