#!/usr/bin/env bash
# Bulk consent check over HTTP on loopback against a registry of WORKS synthetic works (SQLite): builds the registry
# once (bench/Candor.Bench consent-bulk build; 10 million takes tens of minutes and ~4 GB), starts the real server on a
# free loopback port in its own process, then N clients post 10,000-URL batches (5 % registered URLs, some spelled
# differently) to POST /api/consent/check and to the Spawning-compatible /api/v2/query/urls/, and prints URLs/s,
# p50/p99/max per batch and the server's CPU from /proc. Also prints where a batch's CPU goes in process.
# DB may be the word postgres: the registry is then built in a throw-away PostgreSQL 15 cluster (initdb into a temporary
# folder, as the tests do; needs scripts/setup.sh --tests) and served from it.
# Usage: bench/consent-bulk.sh [WORKS=10000000] [CLIENTS=4] [BATCHES=200] [DB=/tmp/candor-consent-bench/WORKS.db|postgres]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
works=${1:-10000000}
clients=${2:-4}
batches=${3:-200}
db=${4:-/tmp/candor-consent-bench/$works.db}
dotnet build -c Release "$here/bench/Candor.Bench" -nologo -v q -clp:ErrorsOnly >&2
bench="dotnet $here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll consent-bulk"
server=""
pgdir=""
pgbin=/usr/lib/postgresql/15/bin
as_pg=()
[[ $(id -u) == 0 ]] && as_pg=(runuser -u postgres --)
log=$(mktemp)
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  [[ -n $pgdir ]] && { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
  rm -f "$log"
}
trap cleanup EXIT
if [[ $db == postgres ]]; then
  pgdir=$(mktemp -d /tmp/candor-bulk-pg.XXXXXX)
  [[ $(id -u) == 0 ]] && chown postgres:postgres "$pgdir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/pg" -A trust -U candor --no-sync -E UTF8 >/dev/null
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/pg" -w -l "$pgdir/pg.log" -o "-p $port -k $pgdir -c listen_addresses='' -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off" start >/dev/null
  db="postgres:Host=$pgdir;Port=$port;Username=candor;Database=postgres"
  $bench build "$db" "$works"
else
  mkdir -p "$(dirname "$db")"
  [[ -f "$db" ]] || $bench build "$db" "$works"
fi
$bench serve "$db" >"$log" 2>&1 &
server=$!
until grep -q '^listening' "$log"; do
  kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
head -1 "$log"
url=$(awk '/^listening/{print $2}' "$log")
key=$(awk '/^key/{print $2}' "$log")
uptime
for api in check spawning; do
  $bench load "$url" "$key" "$works" --clients "$clients" --batches "$batches" --api "$api" --pid $server
done
$bench profile "$db" "$works"
