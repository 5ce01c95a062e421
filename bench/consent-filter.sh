#!/usr/bin/env bash
# The consent filter's throughput on a 10-million-row LAION-style Parquet generated from the corpus sample's URL and
# caption distribution (bench/Candor.Bench ConsentFilterBench: URL, TEXT, __index_level_0__ as in test_10000.parquet,
# 1,048,576-row groups, Snappy). The file is written once to $CANDOR_BENCH_DIR (default /tmp/candor-consent-filter-bench)
# and reused. Each run filters it with an in-memory lookup that forbids 1 % of the URLs and prints rows/s, CPU seconds
# and peak RSS. Target (issue 14): ≥ 1,000,000 rows/s. Usage: bench/consent-filter.sh [ROWS] [RUNS] [pages|parquet-net]
# (the path: pages = the page-level filter, the default; parquet-net = the Parquet.Net value path it falls back to).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=${1:-10000000}
runs=${2:-1}
mode=${3:-pages}
sample=${CANDOR_CORPUS:-$here/../shared/corpus}/datasets/laion-sample/test_10000.parquet
work=${CANDOR_BENCH_DIR:-/tmp/candor-consent-filter-bench}
mkdir -p "$work"
dotnet build -c Release -v q --nologo "$here/bench/Candor.Bench" >/dev/null
bench="$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll"
input="$work/laion-$rows.parquet"
[[ -f $input ]] || dotnet "$bench" consent-filter make "$sample" "$input" "$rows"
echo "input: $input ($(du -m "$input" | cut -f1) MiB, $rows rows); path: $mode; lookup: in-memory, 1 % of URLs opted out; $(nproc) cores"
echo
echo "| run | rows | kept | dropped | seconds | rows/s | CPU s | CPU s / 1M rows | peak MiB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for ((i = 1; i <= runs; i++)); do
  rm -rf "$work/out"
  /usr/bin/time -f "%M" -o "$work/time.txt" dotnet "$bench" consent-filter run "$input" "$work/out" 1 "$mode" > "$work/run.txt"
  awk -v run="$i" '{ for (k = 1; k <= NF; k++) { split($k, kv, "="); v[kv[1]] = kv[2] } }
    END { printf "| %d | %d | %d | %d | %s | %d | %s | %.2f | %s |\n", run, v["rows"], v["kept"], v["dropped"], v["seconds"], v["rows_per_s"], v["cpu_s"], v["cpu_s"] * 1e6 / v["rows"], v["peak_rss_mib"] }' "$work/run.txt"
done
rm -rf "$work/out"
