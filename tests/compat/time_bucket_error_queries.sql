-- time_bucket arguments TimescaleDB rejects, with its SQLSTATEs.

-- months cannot be mixed with days or time
SELECT time_bucket('1 month 2 days', time) FROM readings;

SELECT time_bucket('0 minutes', time) FROM readings;

SELECT time_bucket('-1 month', time) FROM readings;

SELECT time_bucket(0, level) FROM readings;

-- dates take whole days only
SELECT time_bucket('1 hour', '2020-01-01'::date);

SELECT time_bucket('36 hours', '2020-01-01'::date);

-- an untyped third argument over timestamptz is a time zone
SELECT time_bucket('1 day', time, '2016-01-01 00:00+00') FROM readings;

SELECT time_bucket('1 day', time, 'No/Such_Zone') FROM readings;

-- origin and offset together need the timezone form
SELECT time_bucket('1 day', time, origin => '2016-01-01', "offset" => '1 hour') FROM readings;

SELECT time_bucket('1 day', time, bogus => 1) FROM readings;
