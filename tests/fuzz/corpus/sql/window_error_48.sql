SELECT time FROM readings WHERE row_number() OVER (ORDER BY time) < 5;
