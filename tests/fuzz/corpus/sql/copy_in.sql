COPY cpu (time, hostname) FROM STDIN WITH (FORMAT csv, HEADER, DELIMITER ';', NULL 'n');
