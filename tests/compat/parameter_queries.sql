-- EXECUTE of the statements the test prepares, compared with PostgreSQL.

EXECUTE by_host('host_3', '2016-01-01 06:00:00+00', 5);

EXECUTE by_host('host_12', '2016-01-01T08:30:00Z', 3);

EXECUTE buckets('2 hours', '2016-01-01 12:00:00+00');

EXECUTE buckets(INTERVAL '90 minutes', '2016-01-01 06:00:00+00');

EXECUTE typed(41, 'hi');

EXECUTE typed('7', NULL);

EXECUTE in_list(1, 3, true);

EXECUTE in_list('2', 4, 'f');

EXECUTE untyped('text', '21');

EXECUTE untyped(NULL, 4);

EXECUTE counted(50.5, 'ok');

EXECUTE counted('1e9', NULL);
