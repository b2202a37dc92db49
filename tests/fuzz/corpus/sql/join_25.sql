SELECT h.owner, i.kind, count(*) FROM cpu c JOIN hosts h USING (hostname) JOIN device_info i ON h.rack = i.max_reading
GROUP BY h.owner, i.kind;
