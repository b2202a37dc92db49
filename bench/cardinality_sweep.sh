#!/usr/bin/env bash
# Cardinality sweep: TSBS cpu-only at about 35M rows each for 1000, 4000,
# 20,000 and 100,000 hosts (duration and interval adjusted), Sundial beside
# ClickHouse, DuckDB and chDB in bench-peers, then a table and a chart
# (bench/cardinality_sweep.md, bench/cardinality_sweep.png) drawn by
# bench/cardinality_chart.py. A measurement tool, not a test. Takes hours.
#
# Usage (from the repository root, after `ninja -C build sundial`):
#   bench/cardinality_sweep.sh                 # every scale, all peers
#   bench/cardinality_sweep.sh --chart-only    # redraw from bench-peers' stored runs
#   BENCH_PEERS=/path/to/bench-peers TARGETS=ours bench/cardinality_sweep.sh
#
# Our server's peak RSS per scale (sampled every half second) goes to
# bench/cardinality_sweep.rss, beside the memory budget it ran with.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="${BENCH_PEERS:-$root/../shared/bench-peers}"
targets="${TARGETS:-ours,clickhouse,duckdb,chdb}"
scales=("1000 4d 10s" "4000 1d 10s" "20000 1d 50s" "100000 1d 250s")

"$root/scripts/install-deps.sh" --bench

if [ "${1:-}" != --chart-only ]; then
  data_dir="$(mktemp -d)"
  trap 'rm -rf "$data_dir"' EXIT
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export OURS_PORT=$port
  export OURS_START_CMD="$root/build/sundial --port $port --data-dir $data_dir/ours"
  export OURS_SETUP_SQL=ours_setup.sql OURS_POST_LOAD_SQL=CHECKPOINT OURS_DATA_DIR="$data_dir/ours"
  : >"$root/bench/cardinality_sweep.rss"
  for scale in "${scales[@]}"; do
    read -r hosts duration interval <<<"$scale"
    rm -rf "$data_dir/ours"
    (
      peak=0
      while sleep 0.5; do
        for pid in $(pgrep -f "^$root/build/sundial --port $port" || true); do
          rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
          [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$data_dir/peak"
        done
      done
    ) &
    sampler=$!
    (cd "$peers" && python3 harness.py run --hosts "$hosts" --duration "$duration" \
      --interval "$interval" --targets "$targets" --runs 3 --no-reference)
    kill "$sampler"
    echo "$hosts hosts: peak RSS $(($(cat "$data_dir/peak" 2>/dev/null || echo 0) / 1024)) MiB" \
      >>"$root/bench/cardinality_sweep.rss"
  done
fi

python3 "$root/bench/cardinality_chart.py" --runs "$peers/results/runs" \
  --out "$root/bench/cardinality_sweep" \
  $(for s in "${scales[@]}"; do read -r h d i <<<"$s"; printf ' h%s_%s_%s_s123' "$h" "$d" "$i"; done)
