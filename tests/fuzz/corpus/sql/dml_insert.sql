INSERT INTO readings (time, device, reading) VALUES (now(), 'x', 1), ('2016-01-01', NULL, $1); INSERT INTO hosts SELECT hostname, owner, rack, weight FROM hosts WHERE rack > 1;
