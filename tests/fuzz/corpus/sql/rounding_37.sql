SELECT round(2.5) AS a, round(-2.5) AS b, round(0.5) AS c, round(16.5) AS d, round(1.49) AS e;
