#!/usr/bin/env bash
# Bulk consent check over HTTP on loopback against a registry of WORKS synthetic works (SQLite): builds the registry
# once (bench/Candor.Bench consent-bulk build; 10 million takes tens of minutes and ~4 GB), starts the real server on a
# free loopback port in its own process, then N clients post 10,000-URL batches (5 % registered URLs, some spelled
# differently) to POST /api/consent/check and to the Spawning-compatible /api/v2/query/urls/, and prints URLs/s,
# p50/p99/max per batch and the server's CPU from /proc. Also prints where a batch's CPU goes in process.
# Usage: bench/consent-bulk.sh [WORKS=10000000] [CLIENTS=4] [BATCHES=200] [DB=/tmp/candor-consent-bench/WORKS.db]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
works=${1:-10000000}
clients=${2:-4}
batches=${3:-200}
db=${4:-/tmp/candor-consent-bench/$works.db}
mkdir -p "$(dirname "$db")"
dotnet build -c Release "$here/bench/Candor.Bench" -nologo -v q -clp:ErrorsOnly >&2
bench="dotnet $here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll consent-bulk"
[[ -f "$db" ]] || $bench build "$db" "$works"
log=$(mktemp)
$bench serve "$db" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
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
