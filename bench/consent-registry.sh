#!/usr/bin/env bash
# The consent registry's bulk check at scale: builds a registry of N works (default 10 million) in SQLite and in a
# throw-away PostgreSQL 15 cluster, loads the in-memory snapshot from each and times 10,000-URL batches.
# Usage: bench/consent-registry.sh [WORKS] [BATCHES]     (needs scripts/setup.sh --tests for PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
works=${1:-10000000}
batches=${2:-100}
tmp=$(mktemp -d /tmp/candor-registry-bench.XXXXXX)
bin=/usr/lib/postgresql/15/bin
as_pg=()
[[ $(id -u) == 0 ]] && { chown postgres:postgres "$tmp"; as_pg=(runuser -u postgres --); }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$tmp/pg" -A trust -U candor --no-sync -E UTF8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$tmp/pg" -w -l "$tmp/pg.log" -o "-p $port -k $tmp -c listen_addresses='' -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off" start >/dev/null
dotnet build -c Release bench/Candor.Bench -v q -nologo >/dev/null
mkdir -p "$tmp/sqlite" && chmod 777 "$tmp/sqlite"
dotnet bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll registry-check --works "$works" --batches "$batches" \
  --sqlite "$tmp/sqlite/consent.db" --postgres "Host=$tmp;Port=$port;Username=candor;Database=postgres"
