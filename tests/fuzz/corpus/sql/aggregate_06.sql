SELECT string_agg(DISTINCT note, ';') AS notes FROM readings;
