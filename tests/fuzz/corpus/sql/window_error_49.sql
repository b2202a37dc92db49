SELECT count(*) OVER missing FROM readings;
