SELECT 2.5::smallint AS a, -2.5::bigint AS b, 25e-1::int AS c, 1.5e0::int8 AS d,
       .5::int AS e, 12345678901.5::bigint AS f;
