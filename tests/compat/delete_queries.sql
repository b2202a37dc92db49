-- DELETE that removes whole chunks (cpu has 6-hour chunks over 2016-01-01,
-- readings 1-day chunks), run in order on both servers.

-- the first two chunks
DELETE FROM cpu WHERE time < '2016-01-01 12:00:00+00';

SELECT count(*), min(time), max(time), sum(usage_user) FROM cpu;

-- a range over a whole chunk, constants on either side
DELETE FROM cpu WHERE '2016-01-01 18:00:00+00' <= time AND time < TIMESTAMPTZ '2016-01-02 00:00:00+00';

SELECT hostname, count(*), min(time), max(time) FROM cpu GROUP BY hostname ORDER BY hostname;

-- a range that holds no rows deletes nothing
DELETE FROM cpu WHERE time BETWEEN '2015-12-01 00:00:00+00' AND '2015-12-31 23:59:59+00';

SELECT count(*) FROM cpu;

-- without WHERE every row goes
DELETE FROM readings;

SELECT count(*) FROM readings;

INSERT INTO readings (time, device, reading) VALUES ('2016-01-05 10:00:00+00', 'd', 1);

SELECT device, reading FROM readings;
