#!/usr/bin/env bash
# Loads TSBS-shaped `cpu` rows (the Time Series Benchmark Suite's devops table:
# ten tags and ten usage_* metrics per host) into Sundial, ending now, so the
# provisioned dashboard has something to show over its default time range.
#
# Settings (environment): PGHOST, PGPORT, PGUSER as for psql;
#   SAMPLE_HOSTS (10), SAMPLE_HOURS (24), SAMPLE_STEP_SECONDS (10),
#   SAMPLE_REPLACE=1 drops an existing cpu table first (default: keep it and
#   load nothing, so restarting the compose project never duplicates rows).
set -euo pipefail

hosts="${SAMPLE_HOSTS:-10}"
hours="${SAMPLE_HOURS:-24}"
step="${SAMPLE_STEP_SECONDS:-10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
psql_() { psql -X -v ON_ERROR_STOP=1 -q "$@"; }

# Sundial may still be opening its data directory when this starts.
for _ in $(seq 1 60); do
  psql_ -c 'SELECT 1' >/dev/null 2>&1 && break
  sleep 1
done

existing=$(psql_ -At -c "SELECT count(*) FROM information_schema.tables WHERE table_name = 'cpu'")
if [ "$existing" != "0" ]; then
  if [ "${SAMPLE_REPLACE:-0}" != "1" ]; then
    echo "table cpu exists; set SAMPLE_REPLACE=1 to replace it"
    exit 0
  fi
  psql_ -c 'DROP TABLE cpu'
fi
psql_ -f "$here/cpu-schema.sql"

end=$(date -u +%s)
end=$((end - end % step))
start=$((end - hours * 3600))
echo "loading $hosts hosts every ${step}s from $(date -u -d "@$start" '+%F %T') UTC to now"

# A random walk per host and metric, clamped to 0..100 like TSBS's generator;
# a fixed seed makes every load the same shape.
awk -v hosts="$hosts" -v start="$start" -v end="$end" -v step="$step" '
function clamp(x) { return x < 0 ? 0 : (x > 100 ? 100 : x) }
function stamp(t,   d, s) {
  # Civil date from days since 1970-01-01 (Howard Hinnant, days_from_civil inverse).
  d = int(t / 86400); s = t - d * 86400
  z = d + 719468; era = int(z / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
  y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
  mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
  mm = mp < 10 ? mp + 3 : mp - 9; if (mm <= 2) y++
  return sprintf("%04d-%02d-%02d %02d:%02d:%02d+00", y, mm, dd, int(s / 3600), int(s % 3600 / 60), s % 60)
}
BEGIN {
  srand(20160101)
  split("us-east-1 us-west-1 us-west-2 eu-west-1 eu-central-1 ap-southeast-1 ap-southeast-2 ap-northeast-1 sa-east-1", region, " ")
  split("Ubuntu16.10 Ubuntu16.04LTS Ubuntu15.10", os, " ")
  split("x64 x86", arch, " ")
  split("SF NYC LON CHI", team, " ")
  split("production staging test", env, " ")
  for (h = 0; h < hosts; h++) {
    r = 1 + h % 9
    tags[h] = sprintf("host_%d,%s,%s%s,%d,%s,%s,%s,%d,%d,%s", h, region[r], region[r], substr("abc", 1 + h % 3, 1),
                      h % 100, os[1 + h % 3], arch[1 + h % 2], team[1 + h % 4], h % 20, h % 2, env[1 + h % 3])
    for (m = 0; m < 10; m++) value[h, m] = rand() * 100
  }
  for (t = start; t < end; t += step) {
    ts = stamp(t)
    for (h = 0; h < hosts; h++) {
      line = ts "," tags[h]
      for (m = 0; m < 10; m++) {
        value[h, m] = clamp(value[h, m] + (rand() - 0.5) * 2)
        line = line "," sprintf("%.2f", value[h, m])
      }
      print line
    }
  }
}' | psql_ -c '\copy cpu FROM STDIN WITH (FORMAT csv)'

psql_ -At -c 'SELECT count(*) || '"' rows in cpu'"' FROM cpu'
