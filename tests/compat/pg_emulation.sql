-- TimescaleDB's functions as plain SQL on a stock PostgreSQL 15, so that the
-- oracle answers the same queries Sundial does. Loaded by PostgresOracle.

-- time_bucket: every signature TimescaleDB has, with its semantics. Fixed
-- widths floor towards minus infinity relative to the origin (default Monday
-- 2000-01-03 00:00; timestamptz is bucketed in UTC); month widths bucket
-- calendar months counted from the origin's month (default 2000-01) and may
-- not mix in days or time. Infinite times come back unchanged.

-- The start of the month bucket holding ts.
CREATE FUNCTION ts_bucket_months(months int, ts timestamp, origin timestamp)
RETURNS timestamp LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  origin_month int := extract(year FROM origin)::int * 12 + extract(month FROM origin)::int - 1;
  ts_month int := extract(year FROM ts)::int * 12 + extract(month FROM ts)::int - 1;
  bucket int;
BEGIN
  bucket := origin_month + months * floor((ts_month - origin_month)::numeric / months)::int;
  RETURN make_timestamp(floor(bucket / 12.0)::int, bucket - 12 * floor(bucket / 12.0)::int + 1,
                        1, 0, 0, 0);
END $$;

-- Wall-clock bucketing, shared by every time signature. `daily` adds the
-- date signatures' rule that fixed widths be whole days.
CREATE FUNCTION ts_bucket_local(bucket_width interval, ts timestamp, origin timestamp,
                                daily boolean)
RETURNS timestamp LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  months int := extract(year FROM bucket_width)::int * 12 + extract(month FROM bucket_width)::int;
  days int := extract(day FROM bucket_width)::int;
  rest interval := bucket_width - make_interval(months => months, days => days);
  period numeric;
BEGIN
  IF months <> 0 THEN
    IF days <> 0 OR rest <> interval '0' THEN
      RAISE EXCEPTION 'month intervals cannot have day or time component' USING ERRCODE = '0A000';
    END IF;
    IF months < 0 THEN
      RAISE EXCEPTION 'period must be greater than 0' USING ERRCODE = '22023';
    END IF;
    IF NOT isfinite(ts) THEN RETURN ts; END IF;
    RETURN ts_bucket_months(months, ts, origin);
  END IF;
  period := days * 86400 + extract(epoch FROM rest);
  IF period <= 0 THEN
    RAISE EXCEPTION 'period must be greater than 0' USING ERRCODE = '22023';
  END IF;
  IF daily AND period < 86400 THEN
    RAISE EXCEPTION 'interval must not have sub-day precision' USING ERRCODE = '0A000';
  END IF;
  IF daily AND mod(period, 86400) <> 0 THEN
    RAISE EXCEPTION 'interval must be a multiple of a day' USING ERRCODE = '0A000';
  END IF;
  IF NOT isfinite(ts) THEN RETURN ts; END IF;
  RETURN date_bin(bucket_width, ts, origin);
END $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamp)
RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ts_bucket_local(bucket_width, ts, '2000-01-03 00:00:00', false) $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamp, origin timestamp)
RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ts_bucket_local(bucket_width, ts, origin, false) $$;

-- The offset forms are TimescaleDB's own SQL definition:
-- time_bucket(width, ts - offset) + offset.
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamp, "offset" interval)
RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT time_bucket(bucket_width, ts - "offset") + "offset" $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz)
RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT time_bucket(bucket_width, ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz, origin timestamptz)
RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT time_bucket(bucket_width, ts AT TIME ZONE 'UTC', origin AT TIME ZONE 'UTC')
             AT TIME ZONE 'UTC' $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz, "offset" interval)
RETURNS timestamptz LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT time_bucket(bucket_width, ts - "offset") + "offset" $$;

-- Buckets the wall-clock time in `timezone` and returns that wall-clock
-- bucket start as an instant; origin is read in that zone too.
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz, timezone text,
                            origin timestamptz DEFAULT NULL, "offset" interval DEFAULT NULL)
RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN bucket_width IS NULL OR ts IS NULL OR timezone IS NULL THEN NULL
    ELSE (CASE WHEN origin IS NULL
            THEN time_bucket(bucket_width, (ts AT TIME ZONE timezone) - coalesce("offset", '0'))
            ELSE time_bucket(bucket_width, (ts AT TIME ZONE timezone) - coalesce("offset", '0'),
                             origin AT TIME ZONE timezone)
          END + coalesce("offset", '0')) AT TIME ZONE timezone
  END $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts date)
RETURNS date LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ts_bucket_local(bucket_width, ts::timestamp, '2000-01-03 00:00:00', true)::date $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts date, origin date)
RETURNS date LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ts_bucket_local(bucket_width, ts::timestamp, origin::timestamp, true)::date $$;

CREATE FUNCTION time_bucket(bucket_width interval, ts date, "offset" interval)
RETURNS date LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT (time_bucket(bucket_width, (ts - "offset")::date) + "offset")::date $$;

-- Integer buckets: floor division relative to the offset, also for
-- negative values.
DO $do$
DECLARE
  int_type text;
BEGIN
  FOREACH int_type IN ARRAY ARRAY['smallint', 'integer', 'bigint']
  LOOP
    EXECUTE format($fmt$
      CREATE FUNCTION time_bucket(bucket_width %1$s, ts %1$s, "offset" %1$s)
      RETURNS %1$s LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $body$
      BEGIN
        IF bucket_width <= 0 THEN
          RAISE EXCEPTION 'period must be greater than 0' USING ERRCODE = '22023';
        END IF;
        RETURN ((ts - "offset") - mod(mod(ts - "offset", bucket_width) + bucket_width,
                                      bucket_width) + "offset")::%1$s;
      END $body$ $fmt$, int_type);
    EXECUTE format($fmt$
      CREATE FUNCTION time_bucket(bucket_width %1$s, ts %1$s) RETURNS %1$s
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $body$ SELECT time_bucket(bucket_width, ts, 0::%1$s) $body$ $fmt$, int_type);
  END LOOP;
END
$do$;

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

-- refresh_continuous_aggregate is a no-op here: the continuous aggregate
-- tests pair a real-time aggregate with a plain view, which is always
-- current, and spell out a materialized one's refreshes in SQL.
CREATE PROCEDURE refresh_continuous_aggregate(continuous_aggregate regclass,
                                              window_start timestamptz, window_end timestamptz)
LANGUAGE plpgsql AS $$ BEGIN END $$;
