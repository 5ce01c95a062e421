#!/usr/bin/env bash
# Candor's vector indexes — IvfIndex (IVF-flat, the default of `candor index build`) and VectorIndex (USearch HNSW) —
# beside FAISS IndexHNSWFlat / IndexIVFFlat on the same clustered unit vectors.
#
# Usage: bench/vectors-vs-faiss.sh [N]          (default N = 1,000,000 base vectors, 1,000 held-out queries)
# Environment:
#   FAISS=0              skip FAISS (its HNSW build at 1M takes ~15 min on 2 cores)
#   FAISS_N=100000       run FAISS on the first FAISS_N base vectors only (exact answers recomputed for that prefix)
#   FAISS_M=16,32 FAISS_EFC=40,128    FAISS graph degrees and efConstruction values
#   FAISS_IVF=1000       also FAISS IndexIVFFlat with that many k-means lists (0: skip), at the PROBES values
#   FAISS_HNSW=0         skip FAISS's HNSW runs (keep its IVF)
#   IVF_LISTS="0"        Candor IvfIndex list counts to build (0: the default, sqrt(N)); IVF_LISTS="" skips IVF
#   PROBES=1,2,3,4,6,8,16  the nprobe values of Candor's IVF curve
#   SCALARS="f32 f16 i8" M=16 EF_ADD=128  Candor's HNSW storage kinds and graph options (VectorIndexOptions defaults); SCALARS="" skips HNSW
#   EF=16,32,...,512     the search expansions (efSearch) of the HNSW curve
#   DIM=512 CLUSTERS=1000 RANK=0 NOISE=1.0 SEED=42   the data (see `Candor.Bench vectors`); isotropic by default
#   VECTORS_DIR=...      where the data and indexes go (default artifacts/vectors-N; N × DIM × 4 bytes, kept for reruns)
# Both read the same files: base.f32 and queries.f32 (raw float32), truth.i32 (exact top-10 by brute force).
# QPS is measured with every core searching; "queries per CPU-second" divides by the CPU time the search used,
# which stays meaningful when other work shares the machine.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-1000000}
dim=${DIM:-512}
clusters=${CLUSTERS:-1000}
rank=${RANK:-0}
noise=${NOISE:-1.0}
seed=${SEED:-42}
data=${VECTORS_DIR:-$here/artifacts/vectors-$n}
faiss_n=${FAISS_N:-$n}

if [[ ${FAISS:-1} != 0 ]] && ! /usr/bin/python3 -c "import faiss" 2>/dev/null; then
  echo "vectors-vs-faiss: installing Debian's python3-faiss" >&2
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-faiss python3-numpy >/dev/null
fi

dotnet build "$here/bench/Candor.Bench" -c Release -o "$here/artifacts/bench" -nologo -v q -clp:ErrorsOnly >&2
bench=(dotnet "$here/artifacts/bench/Candor.Bench.dll" vectors)

want="$n 1000 $dim $clusters $rank $seed $noise"
if [[ ! -f $data/truth.i32 || "$(cat "$data/shape.txt" 2>/dev/null)" != "$want" ]]; then
  "${bench[@]}" generate "$data" "$n" --queries 1000 --dim "$dim" --clusters "$clusters" --rank "$rank" --noise "$noise" --seed "$seed"
  "${bench[@]}" truth "$data"
fi

echo "# Vector search: $n clustered $dim-d unit vectors ($clusters clusters, spread rank $rank, noise σ $noise, seed $seed), 1,000 held-out queries, recall@10 against brute force"
echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo
for lists in ${IVF_LISTS-0}; do
  "${bench[@]}" ivf "$data" --lists "$lists" --probes "${PROBES:-1,2,3,4,6,8,16}" --index "$data/candor-ivf.civf"
  rm -f "$data"/candor-ivf.civf
  echo
done

for scalar in ${SCALARS-f32 f16 i8}; do
  "${bench[@]}" run "$data" --scalar "$scalar" --m "${M:-16}" --ef-add "${EF_ADD:-128}" --ef "${EF:-16,32,48,64,96,128,192,256,384,512}"
  rm -f "$data"/candor-*.cvi
  echo
done

if [[ ${FAISS:-1} == 0 ]]; then
  echo "FAISS: skipped (FAISS=0)"
else
  [[ $faiss_n != "$n" ]] && echo "FAISS: run on the first $faiss_n of the $n base vectors only (FAISS_N), exact answers recomputed for that prefix"
  /usr/bin/python3 "$here/bench/vectors_faiss.py" "$data" --n "$faiss_n" --m "${FAISS_M:-16,32}" --efc "${FAISS_EFC:-40,128}" --ivf "${FAISS_IVF:-1000}" --nprobe "${PROBES:-1,2,3,4,6,8,16}" --hnsw "${FAISS_HNSW:-1}" --ef "${EF:-16,32,48,64,96,128,192,256,384,512}"
fi
