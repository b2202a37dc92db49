-- TimescaleDB's functions as plain SQL on a stock PostgreSQL 15, so that the
-- oracle answers the same queries Sundial does. Loaded by PostgresOracle.

-- time_bucket(width, ts [, origin]): the start of the width-sized bucket
-- holding ts, buckets aligned on origin (TimescaleDB's default origin is
-- Monday 2000-01-03 00:00 UTC). date_bin floors, also for ts before origin.
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz,
                            origin timestamptz DEFAULT '2000-01-03 00:00:00+00')
RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT date_bin(bucket_width, ts, origin) $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamp,
                            origin timestamp DEFAULT '2000-01-03 00:00:00')
RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT date_bin(bucket_width, ts, origin) $$;

-- Integer buckets: floor division, also for negative values.
CREATE FUNCTION time_bucket(bucket_width bigint, ts bigint)
RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ts - (((ts % bucket_width) + bucket_width) % bucket_width) $$;

-- create_hypertable is a no-op here: partitioning does not change answers.
CREATE FUNCTION create_hypertable(relation regclass, time_column_name name,
                                  chunk_time_interval interval DEFAULT '7 days')
RETURNS TABLE (hypertable_id integer, schema_name name, table_name name, created boolean)
LANGUAGE sql
AS $$ SELECT 1, 'public'::name, relation::text::name, true $$;

-- first(value, time) / last(value, time): the value at the smallest / largest
-- time of the group; rows with a NULL time are skipped, a NULL value counts.
-- One state type (value, time) per value type.
DO $do$
DECLARE
  value_type text;
  suffix text;
BEGIN
  FOREACH value_type IN ARRAY ARRAY['double precision', 'real', 'bigint', 'integer', 'smallint',
                                    'text', 'boolean', 'timestamptz', 'timestamp']
  LOOP
    suffix := replace(value_type, ' ', '_');
    EXECUTE format('CREATE TYPE bookend_%s AS (value %s, at timestamptz)', suffix, value_type);
    EXECUTE format($fmt$
      CREATE FUNCTION bookend_first_step(state bookend_%1$s, value %2$s, at timestamptz)
      RETURNS bookend_%1$s LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
        SELECT CASE
          WHEN at IS NULL THEN state
          WHEN state IS NULL OR at < (state).at THEN ROW(value, at)::bookend_%1$s
          ELSE state
        END $body$ $fmt$, suffix, value_type);
    EXECUTE format($fmt$
      CREATE FUNCTION bookend_last_step(state bookend_%1$s, value %2$s, at timestamptz)
      RETURNS bookend_%1$s LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
        SELECT CASE
          WHEN at IS NULL THEN state
          WHEN state IS NULL OR at > (state).at THEN ROW(value, at)::bookend_%1$s
          ELSE state
        END $body$ $fmt$, suffix, value_type);
    EXECUTE format($fmt$
      CREATE FUNCTION bookend_value(state bookend_%1$s)
      RETURNS %2$s LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
        SELECT (state).value $body$ $fmt$, suffix, value_type);
    EXECUTE format('CREATE AGGREGATE first(%1$s, timestamptz) (SFUNC = bookend_first_step, '
                   'STYPE = bookend_%2$s, FINALFUNC = bookend_value)', value_type, suffix);
    EXECUTE format('CREATE AGGREGATE last(%1$s, timestamptz) (SFUNC = bookend_last_step, '
                   'STYPE = bookend_%2$s, FINALFUNC = bookend_value)', value_type, suffix);
  END LOOP;
END
$do$;
