-- time mistakes: each statement must fail with PostgreSQL's SQLSTATE.

-- fields out of range (22008)
SELECT '25:00'::time;
SELECT '10:60'::time;
SELECT '24:00:01'::time;
SELECT '13:00 PM'::time;

-- bad text (22007)
SELECT 'abc'::time;
SELECT '10'::time;
SELECT '10:5x'::time;


-- fields a time does not have (0A000) or no field at all (22023)
SELECT date_part('day', time '10:00');
SELECT date_part('nonsense', time '10:00');
