#!/usr/bin/env bash
# Candor's Hamming index beside FAISS 1.7.3 (Debian's python3-faiss) on the same random 256-bit codes, at radius 31
# (distance <= 31; FAISS's range search keeps d < radius, so it is given 32), 2 threads each.
#
#   bench/hamming-vs-faiss.sh [N] [--no-faiss] [--queries Q] [--faiss-queries F]
#
# N codes (default 10,000,000) are drawn once by numpy (seed 1) and written as raw bytes (32 per code) with two
# query sets: Q random codes, and Q near-duplicates (a stored code with d random bits flipped, d uniform in 0..31).
# Each engine runs in its own process, so peak memory (VmHWM / ru_maxrss) is its own: data as loaded plus index.
# FAISS: IndexBinaryFlat (brute force; its results on the first F near queries are the truth for everyone) and
# IndexBinaryMultiHash 16x16, 8x32, 10x24 (nhash x b, nflip = floor(31 / nhash)) answer the first F queries of
# each set. Candor: `Candor.Bench hamming build` and `hamming search` (all Q queries of each set; recall against
# FAISS's flat truth and against Candor's own scan of every code for the first 20 queries).
# Files go to $HAMMING_BENCH_DIR (default /tmp/candor-hamming-bench)/N and are kept for reruns.
set -euo pipefail
cd "$(dirname "$0")/.."

N=10000000
FAISS=1
Q=10000
FQ=200
while [ $# -gt 0 ]; do
  case "$1" in
    --no-faiss) FAISS=0 ;;
    --queries) Q=$2; shift ;;
    --faiss-queries) FQ=$2; shift ;;
    *) N=$1 ;;
  esac
  shift
done
PY=/usr/bin/python3
WORK=${HAMMING_BENCH_DIR:-/tmp/candor-hamming-bench}/$N
mkdir -p "$WORK"

if [ "$FAISS" = 1 ] && ! $PY -c 'import faiss' 2>/dev/null; then
  apt-get install -y python3-faiss >/dev/null || { apt-get update >/dev/null && apt-get install -y python3-faiss >/dev/null; }
fi
dotnet build bench/Candor.Bench -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
BENCH="dotnet bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll"

# 1. The data, once per N: codes, random queries, near-duplicate queries.
$PY - "$WORK" "$N" "$Q" <<'EOF'
import os, sys, numpy as np
work, n, q = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
codes = os.path.join(work, "codes.bin")
if os.path.exists(codes) and os.path.getsize(codes) == n * 32 and os.path.exists(os.path.join(work, "near.bin")):
    sys.exit(0)
rng = np.random.default_rng(1)
with open(codes + ".tmp", "wb") as f:
    for at in range(0, n, 10_000_000):
        rng.integers(0, 2**64, size=(min(10_000_000, n - at), 4), dtype=np.uint64).tofile(f)
os.replace(codes + ".tmp", codes)
rng.integers(0, 2**64, size=(q, 4), dtype=np.uint64).tofile(os.path.join(work, "random.bin"))
stored = np.memmap(codes, dtype=np.uint8, mode="r", shape=(n, 32))
near = np.array(stored[rng.integers(0, n, size=q)])
for row, d in zip(near, rng.integers(0, 32, size=q)):
    for b in rng.choice(256, d, replace=False):
        row[b // 8] ^= np.uint8(1 << (b % 8))
near.tofile(os.path.join(work, "near.bin"))
EOF

ROWS=()
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
FMT='%-24s %8s %13s %10s %11s %9s %13s %11s %7s'
row() { ROWS+=("$(printf "$FMT" "$@")"); }

# 2. FAISS, one process per index.
faiss_run() {
  $PY - "$WORK" "$N" "$FQ" "$1" <<'EOF'
import os, resource, sys, time, numpy as np, faiss
work, n, fq, kind = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
faiss.omp_set_num_threads(2)
codes = np.fromfile(os.path.join(work, "codes.bin"), dtype=np.uint8).reshape(n, 32)
queries = {s: np.fromfile(os.path.join(work, s + ".bin"), dtype=np.uint8).reshape(-1, 32)[:fq] for s in ("random", "near")}
t = time.time()
if kind == "flat":
    index = faiss.IndexBinaryFlat(256)
else:
    nhash, b = map(int, kind.split("x"))
    index = faiss.IndexBinaryMultiHash(256, nhash, b)
    index.nflip = 31 // nhash
index.add(codes)
build = time.time() - t
del codes
out = {}
for s, q in queries.items():
    t, cpu = time.time(), time.process_time()
    lims, D, I = index.range_search(q, 32)
    out[s] = (len(q) / (time.time() - t), (time.process_time() - cpu) / len(q) * 1e6, [sorted(I[lims[i]:lims[i + 1]].tolist()) for i in range(len(q))])
truth_path = os.path.join(work, "truth-near.txt")
if kind == "flat":
    with open(truth_path, "w") as f:
        f.writelines(" ".join(map(str, ids)) + "\n" for ids in out["near"][2])
truth = [sorted(map(int, line.split())) for line in open(truth_path)]
got = out["near"][2]
want = sum(len(t) for t in truth)
hit = sum(len(set(g) & set(t)) for g, t in zip(got, truth))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{build:.1f} {rss} {out['random'][0]:.0f} {out['near'][0]:.0f} {out['random'][1]:.0f} {out['near'][1]:.0f} {hit / max(want, 1):.4f}", flush=True)
os._exit(0)  # freeing the hash tables takes minutes; the next engine should not share the CPU with that
EOF
}
if [ "$FAISS" = 1 ]; then
  for kind in flat 16x16 8x32 10x24; do
    out=$(faiss_run "$kind")
    read -r build rss qr qn cr cn recall <<<"$out"
    name="FAISS $( [ "$kind" = flat ] && echo IndexBinaryFlat || echo "MultiHash $kind")"
    row "$name" "$build" "$rss" "-" "$qr" "$qn" "$cr" "$cn" "$recall"
  done
fi

# 3. Candor: build, then each query set in a fresh process.
kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
INDEX="$WORK/index.chi"
b=$($BENCH hamming build "$WORK/codes.bin" "$INDEX")
truth=()
[ -f "$WORK/truth-near.txt" ] && truth=(--truth "$WORK/truth-near.txt")
r=$($BENCH hamming search "$INDEX" "$WORK/random.bin" --radius 31 --threads 2 --check 20 --warm)
n=$($BENCH hamming search "$INDEX" "$WORK/near.bin" --radius 31 --threads 2 --check 20 --warm "${truth[@]}")
rss=$(printf "%s\n" "$(kv peak_rss_mb "$b")" "$(kv peak_rss_mb "$r")" "$(kv peak_rss_mb "$n")" | sort -n | tail -1)
recall=$(awk -v a="$(kv recall "$r")" -v b="$(kv recall "$n")" 'BEGIN { print (a < b ? a : b) }')
row "Candor HammingIndex" "$(kv build_s "$b")" "$rss" "$(( $(kv index_bytes "$b") / 1048576 ))" "$(kv qps "$r")" "$(kv qps "$n")" "$(kv cpu_us_per_query "$r")" "$(kv cpu_us_per_query "$n")" "$recall"

echo "N=$N codes, radius 31 (d <= 31), 2 threads; FAISS on the first $FQ queries of each set, Candor on $Q"
echo "load average before: $LOAD (2 cores; qps is wall clock, cpu_us is CPU time of all threads per query)"
printf "$FMT\n" engine build_s peak_rss_MiB index_MiB qps_random qps_near cpu_us_random cpu_us_near recall
printf '%s\n' "${ROWS[@]}"
echo "Candor build: $b"
echo "Candor random: $r"
echo "Candor near: $n"
