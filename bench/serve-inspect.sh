#!/usr/bin/env bash
# Requests per second and p50/p99 latency of POST /api/inspect on loopback (candor serve in process, a fixed
# number of requests, CONCURRENCY at a time) beside the same inspections made in process by the library, over the
# generator corpus, and the ratio (target ≥ 70%). Stops by itself. Usage: bench/serve-inspect.sh [REQUESTS] [CONCURRENCY]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${CANDOR_CORPUS:-$here/../shared/corpus}/generators
dotnet run -c Release --project "$here/bench/Candor.Bench" -- serve-inspect "$corpus" "${1:-400}" "${2:-4}"
