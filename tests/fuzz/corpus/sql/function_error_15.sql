SELECT date_bin('1 day', timestamp '2020-01-01', 'infinity'::timestamp);
