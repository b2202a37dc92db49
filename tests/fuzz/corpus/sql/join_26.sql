WITH a AS (SELECT device FROM readings), b AS (SELECT device FROM device_info)
SELECT device FROM a INTERSECT SELECT device FROM b;
