-- EXECUTE errors: PostgreSQL's SQLSTATE, and the session survives each.

-- a value that is not valid for the inferred type
EXECUTE by_host('host_3', 'not a time', 5);

EXECUTE typed('seven', 'x');

EXECUTE in_list(1, 2, 'maybe');

-- the wrong number of values
EXECUTE typed(1);

EXECUTE untyped('a', '1', 'extra');

-- no such statement
EXECUTE missing(1);

DEALLOCATE missing;

-- a name already prepared
PREPARE typed AS SELECT 1;
