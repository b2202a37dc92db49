#!/usr/bin/env bash
# Spill benchmark: a GROUP BY with many groups and a full ORDER BY, both larger
# than work_mem, on Sundial beside PostgreSQL 15 and DuckDB, on the same data.
# It is a measurement tool, not a test: nothing in ctest runs it.
#
# Usage (from the repository root, after `ninja -C build sundial`):
#   bench/spill_benchmark.sh                       # 50M rows, 5M keys, 3 runs, all systems
#   bench/spill_benchmark.sh --rows 1000000 --keys 100000 --runs 1   # smoke test
#   bench/spill_benchmark.sh --systems sundial --sundial-work-mem 64MB,4MB
#   bench/spill_benchmark.sh --stream             # also ship the raw results to psql
#
# Data: t(k bigint, v double precision), generated inside each system from
# generate_series(1, ROWS) with the same integer formulas, so every system holds
# identical rows: k = i * 2654435761 mod KEYS (a bijection mod KEYS, so each key
# appears ROWS/KEYS times) and v = ((i * 1103515245 + 12345) mod 2^31) / 2^31.
#
# Queries (the answers are one row, so no system spends time shipping rows):
#   group: SELECT count(*), sum(c), sum(a) FROM
#            (SELECT k, count(*) AS c, avg(v) AS a FROM t GROUP BY k) s
#   sort:  SELECT k, v FROM t ORDER BY v OFFSET ROWS-1
#          (an OFFSET without LIMIT allows no top-N: the whole input, k and v,
#          is sorted; a count(*) over an ORDER BY subquery would let Sundial and
#          DuckDB prune k from the sort)
# --stream adds the raw `SELECT k, count(*), avg(v) FROM t GROUP BY k` and
# `SELECT k, v FROM t ORDER BY v` for Sundial and PostgreSQL, received in full
# by psql (unaligned, to /dev/null): what a client sees, transfer included.
# psql holds such a result in memory (GBs for 50M rows), so these run once.
#
# Measured per query and setting: wall time of each run (psql start-up and
# connection included: a few ms), the median; for Sundial the server's peak RSS
# during the run (VmHWM of /proc/<pid>/status, reset before each run through
# /proc/<pid>/clear_refs), beside its RSS before the runs (a fresh server per
# query after a warm-up scan: mostly the block cache), and the bytes spilled (summed `spilled=` of
# EXPLAIN ANALYZE, one extra run); for PostgreSQL the temp bytes written
# (pg_stat_database.temp_bytes, first run); for DuckDB, which runs inside a
# node process, that process's peak RSS.
#
# Sundial is restarted after loading and before each query, so its peak RSS
# includes neither the load nor what an earlier query left allocated.
# Servers bind 127.0.0.1 on free ports; they and their data (under --workdir)
# are removed at exit unless --keep. Results: WORKDIR/results.tsv and a Markdown
# table on stdout; plans and logs stay in WORKDIR when --keep is given.
#
# Requirements: psql; PostgreSQL 15 server binaries (initdb, pg_ctl, found on
# PATH or in /usr/lib/postgresql/15/bin); node with @duckdb/node-api in
# --duckdb-modules (default: ../shared/bench-peers/node_modules, installed by its
# setup_peers.sh, or /tmp/bench/node_modules, the copy its README makes).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

rows=50000000
keys=5000000
runs=3
systems=sundial,postgres,duckdb
sundial_work_mem=64MB
pg_work_mem=64MB
pg_parallel=2
duckdb_threads=2
duckdb_memory_limit=default
chunk=5000000
stream=0
keep=0
workdir=/tmp/sundial-spill-bench
sundial_bin="$root/build/sundial"
duckdb_modules=""

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
  cat <<EOF
Options (defaults in brackets):
  --rows N [$rows]  --keys N [$keys]  --runs N [$runs]  --chunk N rows per INSERT [$chunk]
  --systems LIST [$systems]
  --sundial-work-mem LIST [$sundial_work_mem]  (each value is a separate setting, e.g. 64MB,4MB)
  --pg-work-mem SIZE [$pg_work_mem]  --pg-parallel N [$pg_parallel] (max_parallel_workers_per_gather)
  --duckdb-threads N [$duckdb_threads]  --duckdb-memory-limit LIST [$duckdb_memory_limit] (e.g. default,512MB)
  --duckdb-modules DIR  --sundial-bin PATH [$sundial_bin]  --workdir DIR [$workdir]
  --stream  --keep
EOF
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --keys) keys="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --chunk) chunk="$2"; shift 2 ;;
    --systems) systems="$2"; shift 2 ;;
    --sundial-work-mem) sundial_work_mem="$2"; shift 2 ;;
    --pg-work-mem) pg_work_mem="$2"; shift 2 ;;
    --pg-parallel) pg_parallel="$2"; shift 2 ;;
    --duckdb-threads) duckdb_threads="$2"; shift 2 ;;
    --duckdb-memory-limit) duckdb_memory_limit="$2"; shift 2 ;;
    --duckdb-modules) duckdb_modules="$2"; shift 2 ;;
    --sundial-bin) sundial_bin="$2"; shift 2 ;;
    --workdir) workdir="$2"; shift 2 ;;
    --stream) stream=1; shift ;;
    --keep) keep=1; shift ;;
    *) usage ;;
  esac
done

has_system() { [[ ",$systems," == *",$1,"* ]]; }

declare -A queries=(
  [group]="SELECT count(*), sum(c), sum(a) FROM (SELECT k, count(*) AS c, avg(v) AS a FROM t GROUP BY k) s"
  [sort]="SELECT k, v FROM t ORDER BY v OFFSET $((rows - 1))"
  [group_stream]="SELECT k, count(*), avg(v) FROM t GROUP BY k"
  [sort_stream]="SELECT k, v FROM t ORDER BY v"
)

# The row generator, in SQL all three systems accept; LO and HI are bigints.
insert_sql() {
  echo "INSERT INTO t SELECT (i * 2654435761) % $keys,
          CAST((i * 1103515245 + 12345) % 2147483648 AS double precision) / 2147483648
        FROM generate_series(CAST($1 AS bigint), CAST($2 AS bigint)) AS g(i)"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

median() { tr ' ' '\n' | { grep -E '^[0-9.]+$' || true; } | sort -n | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# Sums the `spilled=` figures of a Sundial EXPLAIN ANALYZE, in bytes.
sum_spilled() {
  grep -o 'spilled=[0-9.]*[kMGT]\?B' | sed 's/spilled=//' | awk '
    { n = $0 + 0; u = $0; sub(/^[0-9.]*/, "", u)
      m = (u == "kB") ? 1024 : (u == "MB") ? 1048576 : (u == "GB") ? 1073741824 : (u == "TB") ? 1099511627776 : 1
      s += n * m }
    END { printf "%.0f\n", s }'
}

human_bytes() {
  awk -v b="$1" 'BEGIN { if (b == "" || b == "-") { print "-"; exit }
    if (b >= 1073741824) printf "%.2f GiB\n", b / 1073741824
    else if (b >= 1048576) printf "%.1f MiB\n", b / 1048576
    else if (b >= 1024) printf "%.1f KiB\n", b / 1024
    else printf "%d B\n", b }'
}

mkdir -p "$workdir"
results="$workdir/results.tsv"
printf 'system\tsetting\tquery\ttimes_ms\tmedian_ms\tpeak_rss_kb\tspilled_bytes\tanswer\tbase_rss_kb\n' >"$results"

# record SYSTEM SETTING QUERY "TIMES" "RSS_KB" SPILLED ANSWER [BASE_RSS_KB]
record() {
  local med
  med=$(echo "$4" | median)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:--}" "${med:--}" "${5:--}" "${6:--}" "${7:--}" "${8:--}" >>"$results"
  log "$1 $2 $3: runs ${4}ms median ${med}ms peak_rss_kb ${5:-} (base ${8:--}) spilled ${6:-} answer ${7:-}"
}

sundial_pid=""
pg_dir=""
cleanup() {
  stop_sundial
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    as_pg pg_ctl -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ "$keep" = 0 ]; then rm -rf "$workdir/sundial" "$workdir/postgres" "$workdir/duckdb"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- Sundial

start_sundial() {
  sundial_port=$(free_port)
  "$sundial_bin" --listen 127.0.0.1 --port "$sundial_port" --data-dir "$workdir/sundial/data" \
    >>"$workdir/sundial/server.log" 2>&1 &
  sundial_pid=$!
  for _ in $(seq 1 100); do
    if psql -X -q -h 127.0.0.1 -p "$sundial_port" -U postgres -c 'SELECT 1' >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "Sundial did not start; see $workdir/sundial/server.log" >&2
  exit 1
}

stop_sundial() {
  if [ -n "$sundial_pid" ] && kill -0 "$sundial_pid" 2>/dev/null; then
    kill -TERM "$sundial_pid"
    wait "$sundial_pid" || true
  fi
  sundial_pid=""
}

sundial_psql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$sundial_port" -U postgres "$@"; }

hwm_kb() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }

# psql_runs NAME SETTING QUERY PSQL-FUNCTION SET-SQL OUT [PID]: times RUNS runs; if PID
# is given, resets and reads its VmHWM around each run. Leaves times, peaks, answer, done_runs.
psql_runs() {
  local query="$3" fn="$4" set_sql="$5" out="$6" pid="${7:-}" t0 t1 i
  local sink=()
  done_runs=$runs
  # The streamed forms' rows go to /dev/null, not to a multi-GB file. psql holds
  # the whole result in memory (Sundial has no cursors for FETCH_COUNT), so they run once.
  if [[ "$2" == *_stream ]]; then sink=(-o /dev/null) done_runs=1; fi
  times="" peaks="" answer=""
  for i in $(seq 1 "$done_runs"); do
    if [ -n "$pid" ]; then echo 5 >"/proc/$pid/clear_refs"; fi
    t0=$(now_ms)
    if ! "$fn" "${sink[@]}" -c "$set_sql" -c "$query" >"$out" 2>"$out.err"; then
      t1=$(now_ms)
      log "$1 $2: FAILED after $((t1 - t0)) ms: $(head -c 400 "$out.err")"
      times="FAILED($((t1 - t0)))"
      if [ -n "$pid" ] && [ -e "/proc/$pid/status" ]; then peaks="$(hwm_kb "$pid")"; fi
      answer="$(head -c 200 "$out.err" | tr '\n\t' '  ')"
      return 1
    fi
    t1=$(now_ms)
    times="$times $((t1 - t0))"
    if [ -n "$pid" ]; then peaks="$peaks $(hwm_kb "$pid")"; fi
    log "$1 $2 run $i: $((t1 - t0)) ms${pid:+ VmHWM $(hwm_kb "$pid") kB}"
  done
  times="${times# }" peaks="${peaks# }"
  answer="$(head -c 200 "$out" | tr '\n\t' '; ')"
}

bench_sundial() {
  rm -rf "$workdir/sundial"
  mkdir -p "$workdir/sundial"
  start_sundial
  log "Sundial: loading $rows rows in chunks of $chunk"
  local t0 lo hi
  t0=$(now_ms)
  sundial_psql -c "CREATE TABLE t (k bigint, v double precision)" >/dev/null
  for ((lo = 1; lo <= rows; lo += chunk)); do
    hi=$((lo + chunk - 1))
    if [ "$hi" -gt "$rows" ]; then hi=$rows; fi
    sundial_psql -c "$(insert_sql "$lo" "$hi")" >/dev/null
  done
  sundial_psql -c "CHECKPOINT" >/dev/null
  log "Sundial: loaded in $(($(now_ms) - t0)) ms, RSS after load $(rss_kb "$sundial_pid") kB; restarting"
  stop_sundial

  local wm name query spilled base
  for wm in ${sundial_work_mem//,/ }; do
    for name in group sort $([ "$stream" = 1 ] && echo group_stream sort_stream); do
      query="${queries[$name]}"
      spilled="-"
      # A fresh server per query, so that memory one query leaves behind does
      # not count as the next one's peak. The warm-up scan fills the block cache
      # (up to 512 MiB of decoded blocks, like PostgreSQL's shared_buffers): the
      # RSS after it is the baseline that the query's own memory adds to.
      # (Not count(DISTINCT k) as a check: Sundial's ungrouped DISTINCT
      # aggregate neither spills nor stays linear at 5M keys.)
      start_sundial
      sundial_psql -c 'SELECT count(*), sum(k), sum(v) FROM t' >/dev/null
      base=$(rss_kb "$sundial_pid")
      log "Sundial restarted; RSS after a warm-up scan: $base kB"
      if psql_runs sundial "work_mem=$wm $name" "$query" sundial_psql "SET work_mem = '$wm'" \
        "$workdir/sundial/$name-$wm.out" "$sundial_pid"; then
        sundial_psql -c "SET work_mem = '$wm'" -c "EXPLAIN ANALYZE $query" >"$workdir/sundial/$name-$wm.plan" 2>&1 || true
        spilled=$(sum_spilled <"$workdir/sundial/$name-$wm.plan")
      fi
      record sundial "work_mem=$wm" "$name" "$times" "$peaks" "$spilled" "$answer" "$base"
      if [ -z "$sundial_pid" ] || ! kill -0 "$sundial_pid" 2>/dev/null; then
        log "Sundial exited; see $workdir/sundial/server.log"
      fi
      stop_sundial
    done
  done
}

# ---------------------------------------------------------------- PostgreSQL

pg_bin=""
find_pg() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    pg_bin="$(dirname "$(command -v pg_ctl)")"
  else
    pg_bin=/usr/lib/postgresql/15/bin
  fi
  [ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL server binaries found" >&2; exit 1; }
}

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
as_pg() {
  local cmd="$1"
  shift
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg_bin/$cmd" "$@"; else "$pg_bin/$cmd" "$@"; fi
}

pg_psql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }

pg_temp_bytes() { pg_psql -c "SELECT temp_bytes FROM pg_stat_database WHERE datname = 'postgres'"; }

bench_postgres() {
  find_pg
  pg_dir="$workdir/postgres"
  rm -rf "$pg_dir"
  mkdir -p "$pg_dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; fi
  as_pg initdb -D "$pg_dir/data" -A trust -U postgres --no-sync >"$pg_dir/initdb.log" 2>&1
  pg_port=$(free_port)
  # The peers harness's settings (../shared/bench-peers); work_mem is set per session.
  as_pg pg_ctl -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_dir \
     -c shared_buffers=4GB -c effective_cache_size=16GB -c max_wal_size=16GB -c jit=off \
     -c max_parallel_workers_per_gather=$pg_parallel -c random_page_cost=1.1" start >/dev/null
  log "PostgreSQL $(pg_psql -c 'SHOW server_version'): loading $rows rows"
  local t0 name query before after
  t0=$(now_ms)
  pg_psql -c "CREATE TABLE t (k bigint, v double precision)" -c "$(insert_sql 1 "$rows")" -c "VACUUM (ANALYZE) t" >/dev/null
  log "PostgreSQL: loaded and vacuumed in $(($(now_ms) - t0)) ms"
  # One untimed scan puts the table in shared_buffers, as Sundial's restart leaves its segments in the page cache.
  pg_psql -c "SELECT count(*) FROM t" >/dev/null
  for name in group sort $([ "$stream" = 1 ] && echo group_stream sort_stream); do
    query="${queries[$name]}"
    before=$(pg_temp_bytes)
    local spilled="-"
    if psql_runs postgres "work_mem=$pg_work_mem $name" "$query" pg_psql "SET work_mem = '$pg_work_mem'" \
      "$pg_dir/$name.out"; then
      sleep 1 # the backends' statistics reach pg_stat_database when they exit
      after=$(pg_temp_bytes)
      spilled=$(((after - before) / done_runs))
      pg_psql -c "SET work_mem = '$pg_work_mem'" -c "EXPLAIN (ANALYZE, BUFFERS) $query" >"$pg_dir/$name.plan" 2>&1 || true
    fi
    record postgres "work_mem=$pg_work_mem parallel=$pg_parallel" "$name" "$times" "" "$spilled" "$answer"
  done
  as_pg pg_ctl -D "$pg_dir/data" -m fast -w stop >/dev/null
}

# ---------------------------------------------------------------- DuckDB

bench_duckdb() {
  if [ -z "$duckdb_modules" ]; then
    for d in "$root/../shared/bench-peers/node_modules" /tmp/bench/node_modules; do
      if [ -d "$d/@duckdb/node-api" ]; then duckdb_modules="$d"; break; fi
    done
  fi
  if [ -z "$duckdb_modules" ] || [ ! -d "$duckdb_modules/@duckdb/node-api" ]; then
    echo "no @duckdb/node-api found: run ../shared/bench-peers/setup_peers.sh or pass --duckdb-modules" >&2
    exit 1
  fi
  local dir="$workdir/duckdb" runner="$root/bench/spill_duckdb.mjs" limit name query json base
  rm -rf "$dir"
  mkdir -p "$dir"
  log "DuckDB: loading $rows rows"
  node "$runner" "$duckdb_modules" "$dir/t.duckdb" "$duckdb_threads" default load "$rows" "$keys" >"$dir/load.json"
  log "DuckDB: $(cat "$dir/load.json")"
  for limit in ${duckdb_memory_limit//,/ }; do
    for name in group sort; do
      query="${queries[$name]}"
      if json=$(node "$runner" "$duckdb_modules" "$dir/t.duckdb" "$duckdb_threads" "$limit" query "$runs" "$query" 2>"$dir/$name.err"); then
        times=$(echo "$json" | python3 -c 'import json,sys; print(" ".join(str(round(t)) for t in json.load(sys.stdin)["times_ms"]))')
        peaks=$(echo "$json" | python3 -c 'import json,sys; print(" ".join(str(p) for p in json.load(sys.stdin)["peak_rss_kb"]))')
        answer=$(echo "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])')
        base=$(echo "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["base_rss_kb"])')
      else
        times="FAILED" peaks="" base="" answer="$(head -c 200 "$dir/$name.err" | tr '\n\t' '  ')"
      fi
      record duckdb "threads=$duckdb_threads memory_limit=$limit" "$name" "$times" "$peaks" "-" "$answer" "$base"
    done
  done
}

log "rows=$rows keys=$keys runs=$runs systems=$systems workdir=$workdir"
if has_system sundial; then bench_sundial; fi
if has_system postgres; then bench_postgres; fi
if has_system duckdb; then bench_duckdb; fi

# Markdown table: peak RSS of the first run (on a fresh Sundial server) and the
# largest of all runs (repeated runs in one process can start from memory an
# earlier run left); base is the RSS before the runs.
echo
echo "| system | setting | query | median ms | runs ms | peak RSS run 1 | peak RSS max | base RSS | spilled |"
echo "|---|---|---|---:|---|---:|---:|---:|---:|"
tail -n +2 "$results" | while IFS=$'\t' read -r sys setting query t med peak spilled _ base; do
  first_peak=$(echo "$peak" | tr ' ' '\n' | head -1)
  max_peak=$(echo "$peak" | tr ' ' '\n' | { grep -E '^[0-9]+$' || true; } | sort -n | tail -1)
  first_h="-" peak_h="-"
  if [[ "$first_peak" =~ ^[0-9]+$ ]]; then first_h=$(human_bytes $((first_peak * 1024))); fi
  if [ -n "$max_peak" ]; then peak_h=$(human_bytes $((max_peak * 1024))); fi
  base_h="-"
  if [[ "$base" =~ ^[0-9]+$ ]]; then base_h=$(human_bytes $((base * 1024))); fi
  echo "| $sys | $setting | $query | $med | $t | $first_h | $peak_h | $base_h | $(human_bytes "$spilled") |"
done
