SELECT date_trunc('day', timestamptz '2016-06-01 01:00:00+00', 'PST'), date_trunc('week', timestamptz '2016-01-04 01:00:00+00', 'UTC'), date_trunc('day', NULL::timestamptz, 'UTC');
