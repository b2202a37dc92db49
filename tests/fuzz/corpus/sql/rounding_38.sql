SELECT 2.5::integer AS a, -2.5::integer AS b, (-2.5)::integer AS c, 3.5::int AS d,
       0.5::int4 AS e, 2.49::int AS f, CAST(2.5 AS integer) AS g;
