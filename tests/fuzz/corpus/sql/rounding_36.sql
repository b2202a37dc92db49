SELECT round(16.5::float8) AS a, round(-2.5::float8) AS b, round(0.5::float8) AS c,
       round(1.5::float8) AS d, round(-0.5::float8) AS e, round(2.4999::float8) AS f;
