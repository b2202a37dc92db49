SELECT 'ab' LIKE 'a%' OR false AS a, 'ab' NOT LIKE 'a%' OR true AS b, 'a' LIKE 'b' AND true AS c,
       'Hot' ILIKE 'h%' OR false AS d, 'x' LIKE 'x' = true AS e;
