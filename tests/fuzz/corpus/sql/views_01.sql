SELECT b.hostname, count(*), max(b.usage_user) FROM busy b JOIN cpu_hourly h ON h.hostname = b.hostname AND h.bucket = time_bucket('1 hour', b.time) GROUP BY b.hostname ORDER BY 1;
