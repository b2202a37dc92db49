WITH hourly AS (
  SELECT time_bucket('1 hour', time) AS hour, hostname, max(usage_user) AS peak
  FROM cpu GROUP BY 1, 2
)
SELECT hour, max(peak), min(peak) FROM hourly GROUP BY hour ORDER BY hour;
