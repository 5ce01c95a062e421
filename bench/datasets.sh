#!/usr/bin/env bash
# Data-set readers, side by side. Parquet: Parquet.Net (what Candor uses) and DuckDB (bench/DuckDbParquet, built-in
# parquet reader, no extensions) on the corpus's test_10000.parquet and on a synthetic LAION-2B-like parquet of 1M
# rows (8 columns, one row group as pyarrow writes 1M rows, and the same rows in 100k-row groups); then Candor's CSV,
# JSON Lines and WebDataset tar readers on the same rows (tar: 10,000 img2dataset-like samples, bytes only, no decode).
# Each measurement is a fresh process (peak RSS = VmHWM is its own), run RUNS times: median rows/s, median cold
# first-row latency, highest peak RSS. Synthetic inputs are written once to $CANDOR_BENCH_DIR (default
# $TMPDIR/candor-datasets-bench) and reused. Usage: bench/datasets.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
corpus=${CANDOR_CORPUS:-$here/../shared/corpus}/datasets/laion-sample/test_10000.parquet
work=${CANDOR_BENCH_DIR:-${TMPDIR:-/tmp}/candor-datasets-bench}
dotnet build -c Release -v q --nologo "$here/bench/Candor.Bench" >/dev/null
dotnet build -c Release -v q --nologo "$here/bench/DuckDbParquet" >/dev/null
bench="$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll"
duck="$here/bench/DuckDbParquet/bin/Release/net10.0/DuckDbParquet.dll"
dotnet "$bench" datasets make "$work" >/dev/null

# measure LABEL INPUT COMMAND...: one table row from RUNS runs of COMMAND.
measure() {
  local label=$1 input=$2; shift 2
  local out=""
  for ((i = 0; i < runs; i++)); do out+=$("$@")$'\n'; done
  printf '%s' "$out" | awk -v label="$label" -v input="$input" '
    function val(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
    NF { n++; rate[n] = val("rows_per_s"); first[n] = val("first_row_ms"); rss = (val("peak_rss_mib") > rss ? val("peak_rss_mib") : rss); rows = val("rows");
         mb = val("image_bytes") }
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((n + 1) / 2)] }
    END { printf "| %-34s | %-28s | %9s | %12s | %10s | %9s |\n", label, input, rows, median(rate, n), median(first, n), rss }'
}

echo "runs per row: $runs (median rows/s and first-row ms, highest peak RSS); warm = rows/s of the last of several passes in one process"
echo
echo "| reader | input | rows | rows/s | first row ms | peak MiB |"
echo "|---|---|---:|---:|---:|---:|"
measure "DuckDB, threads=2 (warm, 5 passes)" "test_10000.parquet" dotnet "$duck" "$corpus" 5
measure "DuckDB, threads=1 (warm, 5 passes)" "test_10000.parquet" dotnet "$duck" "$corpus" 5 1
measure "Parquet.Net raw (warm, 5 passes)" "test_10000.parquet" dotnet "$bench" datasets parquet-raw "$corpus" 5
measure "Candor Dataset.Read (warm, 5 passes)" "test_10000.parquet" dotnet "$bench" datasets read "$corpus" 5
for file in laion-synthetic.parquet laion-synthetic-rg100k.parquet; do
  measure "DuckDB, threads=2 (cold)" "$file" dotnet "$duck" "$work/$file" 1
  measure "DuckDB, threads=1 (cold)" "$file" dotnet "$duck" "$work/$file" 1 1
  measure "Parquet.Net raw (cold)" "$file" dotnet "$bench" datasets parquet-raw "$work/$file" 1
  measure "Candor Dataset.Read (cold)" "$file" dotnet "$bench" datasets read "$work/$file" 1
done
measure "Candor Dataset.Read CSV (cold)" "laion-synthetic.csv" dotnet "$bench" datasets read "$work/laion-synthetic.csv" 1
measure "Candor Dataset.Read JSONL (cold)" "laion-synthetic.jsonl" dotnet "$bench" datasets read "$work/laion-synthetic.jsonl" 1
measure "Candor Dataset.Read tar (samples)" "webdataset/00000.tar (10k)" dotnet "$bench" datasets read "$work/webdataset" 1
echo
echo "Parquet.Net write, 1M synthetic rows in 100k-row groups:"
dotnet "$bench" datasets write-parquet "$work/write-test.parquet" 1000000
rm -f "$work/write-test.parquet"
echo
echo "tar: $(du -m "$work/webdataset/00000.tar" | cut -f1) MiB per 10,000 samples"
echo
# Size on disk: what a linux-x64 build deploys, and the restored packages (all runtimes) in the NuGet cache.
out="$here/bench/Candor.Bench/bin/Release/net10.0"
dout="$here/bench/DuckDbParquet/bin/Release/net10.0"
nuget=${NUGET_PACKAGES:-$HOME/.nuget/packages}
kb() { du -ck "$@" 2>/dev/null | tail -1 | cut -f1; }
pq_deploy=$(kb "$out"/Parquet.dll "$out"/Snappier.dll "$out"/ZstdSharp.dll "$out"/K4os.Compression.LZ4.dll "$out"/CommunityToolkit.HighPerformance.dll "$out"/Microsoft.IO.RecyclableMemoryStream.dll)
duck_deploy=$(kb "$dout"/DuckDB.NET.Data.dll "$dout"/DuckDB.NET.Bindings.dll "$dout"/Apache.Arrow.dll "$dout"/runtimes/linux-x64/native/libduckdb.so)
duck_all=$(kb "$dout"/DuckDB.NET.Data.dll "$dout"/DuckDB.NET.Bindings.dll "$dout"/Apache.Arrow.dll "$dout"/runtimes)
pq_cache=$(kb "$nuget"/parquet.net/6.1.0 "$nuget"/snappier/1.3.1 "$nuget"/zstdsharp.port/0.8.8 "$nuget"/k4os.compression.lz4/1.3.8 "$nuget"/communitytoolkit.highperformance/8.4.2 "$nuget"/microsoft.io.recyclablememorystream/3.0.1)
duck_cache=$(kb "$nuget"/duckdb.net.data.full/1.5.6.1 "$nuget"/duckdb.net.bindings.full/1.5.6.1 "$nuget"/apache.arrow/23.0.0)
echo "| library | deployed, linux-x64 | deployed, every runtime | package cache |"
echo "|---|---:|---:|---:|"
printf "| Parquet.Net 6.1.0 (+5 managed deps) | %s KiB | %s KiB | %s KiB |\n" "$pq_deploy" "$pq_deploy" "$pq_cache"
printf "| DuckDB.NET.Data.Full 1.5.6.1 (+Arrow) | %s KiB | %s KiB | %s KiB |\n" "$duck_deploy" "$duck_all" "$duck_cache"
