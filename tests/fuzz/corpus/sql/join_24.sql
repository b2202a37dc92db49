SELECT c.hostname, h.owner, count(*) FROM cpu c JOIN hosts h ON c.hostname = h.hostname
GROUP BY c.hostname, h.owner;
