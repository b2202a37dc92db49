#!/usr/bin/env bash
# Installs every Debian package Sundial's build and tests need (with --bench,
# also what the benchmark scripts under bench/ need). Idempotent: when
# everything is present it only runs dpkg queries and returns at once.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  antlr4 default-jre-headless libantlr4-runtime-dev
  libboost1.81-dev libfmt-dev libhowardhinnant-date-dev tzdata
  libxxhash-dev libcli11-dev libzstd-dev libssl-dev libre2-dev
  catch2 libpqxx-dev libpq-dev
  postgresql postgresql-client clang-format
  clang libclang-rt-14-dev
  python3 python3-yaml
)
# Real clients scripted by tests/clients (node-postgres comes from npm, below).
packages+=(
  python3-psycopg2 python3-psycopg default-jdk-headless libpostgresql-jdbc-java
  golang-go golang-github-jackc-pgx-v4-dev nodejs
)
# bench/cardinality_sweep.sh draws its chart with matplotlib.
if [ "${1:-}" = --bench ]; then
  packages+=(python3-matplotlib)
fi
# Some nodejs builds bring npm along; Debian's needs its npm package.
command -v npm >/dev/null || packages+=(npm)

# One dpkg-query for all packages keeps the no-op case fast.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null |
  awk '$NF == "installed" && $(NF-1) == "ok" { print $1 }' || true)
missing=()
for p in "${packages[@]}"; do
  grep -qx "$p" <<<"$installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  # The postgresql package must not start a default cluster: it would take
  # 127.0.0.1:5432, Sundial's own default port. Tests start private instances.
  sudo_ mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' | sudo_ tee /etc/postgresql-common/createcluster.d/sundial.conf >/dev/null
  sudo_ apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node-postgres for tests/clients/node, exactly as its lock file pins it, into
# that folder's node_modules (npm is used for nothing else). npm writes
# node_modules/.package-lock.json last, so it marks a complete install.
node_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/clients/node"
if [ ! -f "$node_dir/node_modules/.package-lock.json" ] ||
  [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
  echo "installing node-postgres into $node_dir/node_modules" >&2
  npm ci --prefix "$node_dir" --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null
fi
