#!/usr/bin/env bash
# The project's entry points:
#   scripts/sundial.sh build   build the Release server (build/sundial)
#   scripts/sundial.sh serve   build it and run it on 127.0.0.1:5432
#                              ($SUNDIAL_LISTEN, $SUNDIAL_PORT and $SUNDIAL_DATA_DIR override)
#   scripts/sundial.sh test    build everything, run the unit tests under ASan/UBSan,
#                              fuzz the SQL front end for a minute (clang, libFuzzer),
#                              then the whole suite (unit, integration, compat) in Release
# Both install missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="${SUNDIAL_JOBS:-2}"

usage() {
  echo "usage: $0 build | serve [extra sundial flags...] | test" >&2
  exit 2
}

# configure <build dir> <cmake flags...>
configure() {
  local dir="$1"
  shift
  cmake -S "$root" -B "$dir" -G Ninja "$@" >/dev/null
}

# Holds back ctest's "N% tests passed, ..." line and prints it last, so the
# final line of the run is the summary of the full suite.
summary_last() {
  awk '/tests passed, [0-9]+ tests? failed out of/ { summary = $0; next }
       { print; fflush() }
       END { if (summary != "") print summary }'
}

build_server() {
  scripts/install-deps.sh
  configure build -DCMAKE_BUILD_TYPE=Release
  ninja -C build -j"$jobs" sundial
}

serve() {
  build_server
  local listen="${SUNDIAL_LISTEN:-127.0.0.1}"
  local port="${SUNDIAL_PORT:-5432}"
  local data_dir="${SUNDIAL_DATA_DIR:-./sundial-data}"
  mkdir -p "$data_dir"
  echo "Sundial is starting on $listen:$port with data in $data_dir"
  echo "Connect with:  psql -h 127.0.0.1 -p $port -U postgres"
  exec ./build/sundial --listen "$listen" --port "$port" --data-dir "$data_dir" "$@"
}

# Builds only the SQL front-end fuzzer (clang, libFuzzer, ASan/UBSan) and runs
# it for a minute from the checked-in seed corpus; a crash, a sanitizer report,
# a leak or a hang fails the run and leaves the input in build-fuzz/.
fuzz_sql() {
  echo "== libFuzzer: SQL front end for 60 s (build-fuzz/)"
  configure build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" -DSUNDIAL_FUZZ=ON -DSUNDIAL_UNIT_TESTS_ONLY=ON
  ninja -C build-fuzz -j"$jobs" sql_fuzzer
  mkdir -p build-fuzz/sql-corpus
  build-fuzz/tests/fuzz/sql_fuzzer -max_total_time=60 -timeout=10 -rss_limit_mb=2048 \
    -dict=tests/fuzz/sql.dict -artifact_prefix=build-fuzz/ -print_final_stats=1 \
    build-fuzz/sql-corpus tests/fuzz/corpus/sql 2>&1 |
    { grep -v -E '^#[0-9]|NEW_FUNC|^"|Recommended dictionary' || true; }
}

run_tests() {
  scripts/install-deps.sh

  echo "== Release build of everything (build/)"
  configure build -DCMAKE_BUILD_TYPE=Release
  ninja -C build -j"$jobs"

  echo "== ASan/UBSan build of the unit tests (build-asan/)"
  # Debug: assertions on, and the quickest compile on two cores. GCC 12 reports
  # false -Wmaybe-uninitialized positives in std::variant code once the
  # sanitizers instrument it; the Release build keeps the warning.
  configure build-asan -DCMAKE_BUILD_TYPE=Debug -DSUNDIAL_ASAN=ON \
    -DSUNDIAL_UNIT_TESTS_ONLY=ON
  local unit_targets
  unit_targets=$(ninja -C build-asan -t targets all | sed -n 's/^\(unit_[a-z_]*\): phony$/\1/p')
  if [ -n "$unit_targets" ]; then
    # shellcheck disable=SC2086  # one word per target
    ninja -C build-asan -j"$jobs" $unit_targets
  fi

  echo "== Unit tests under ASan/UBSan"
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1" \
    ctest --test-dir build-asan -j"$jobs" --output-on-failure

  fuzz_sql

  echo "== Full suite (Release): unit, integration, compat"
  set +e
  ctest --test-dir build -j"$jobs" --output-on-failure 2>&1 | summary_last
  local status=${PIPESTATUS[0]}
  set -e
  exit "$status"
}

case "${1:-}" in
  build)
    shift
    [ $# -eq 0 ] || usage
    build_server
    ;;
  serve)
    shift
    serve "$@"
    ;;
  test)
    shift
    [ $# -eq 0 ] || usage
    run_tests
    ;;
  *) usage ;;
esac
