#!/usr/bin/env bash
# Ingestion speed of `candor index build`, both cores busy (the build decodes, hashes and embeds in parallel):
#   - metadata only: LAION rows from parquet (the corpus's 10,000 rows; and 1,000,000 synthetic rows when
#     bench/datasets.sh has generated them in /tmp/candor-datasets-bench) → catalogue + FTS5 word index;
#   - WebDataset shards with images (made from the corpus photographs by `candor-bench search-shards`):
#     decode + PDQ + thumbnail; then + ResNet18 image embedding; then caption embedding (MiniLM) alone.
# Usage: bench/search-ingest.sh [IMAGES (default 1000)]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
images="${1:-1000}"
work="${TMPDIR:-/tmp}/candor-search-ingest"
"$here/scripts/setup.sh"
dotnet publish "$here/src/Candor.Cli" -c Release -o "$work/cli" -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build "$here/bench/Candor.Bench" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
bench="$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll"
candor=(dotnet "$work/cli/Candor.Cli.dll")
corpus="${CANDOR_CORPUS:-$here/../shared/corpus}"
shards="$work/shards-$images"
[[ -d "$shards" ]] || dotnet "$bench" search-shards --out "$shards" --count "$images" >/dev/null

run() { # label, items, dataset, options...
  local label="$1" items="$2" dataset="$3"; shift 3
  rm -rf "$work/index"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "${candor[@]}" index build "$dataset" --out "$work/index" "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v l="$label" -v n="$items" -v s="$start" -v e="$end" -v r="$(cat "$work/rss")" \
    'BEGIN { t = e - s; printf "| %-58s | %9d | %8.1f | %10.0f | %8.0f |\n", l, n, t, n / t, r / 1024 }'
}

echo "candor index build, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); times include start-up (~0.2 s)"
echo
echo "| input → work | items | seconds | items/s | peak MiB |"
echo "|---|---:|---:|---:|---:|"
run "LAION parquet 10k rows → catalogue + FTS5" 10000 "$corpus/datasets/laion-sample/test_10000.parquet" --no-thumbnails
if [[ -f /tmp/candor-datasets-bench/laion-synthetic-rg100k.parquet ]]; then
  run "LAION-like parquet 1M rows → catalogue + FTS5" 1000000 /tmp/candor-datasets-bench/laion-synthetic-rg100k.parquet --no-thumbnails
fi
run "WebDataset $images images → decode + PDQ + thumbnail" "$images" "$shards"
run "WebDataset $images images → decode + PDQ + thumbnail + ResNet18" "$images" "$shards" --embed image
run "WebDataset $images images → captions by MiniLM only" "$images" "$shards" --no-pdq --no-thumbnails --embed text
