SELECT count(DISTINCT hostname) AS hosts, count(DISTINCT region) AS regions, count(*) AS n FROM cpu;
