#!/usr/bin/env bash
# PDQ speed and recall.
#
# Speed (`Candor.Bench pdq`): one-thread milliseconds per image and hashes per second by size (64², 256², 512²,
# 1024², 4032×3024 generated images, then the corpus's pdq/ files by folder), hash only (decoded pixels → hash) and
# end to end (encoded bytes in memory → decode → the reference's 512×512 nearest-neighbour rule → hash), then images
# per second on all cores. Meta's C++ reference figures are printed beside them, marked as quoted: the reference is
# not built here. Each figure is the median of 5 timed runs; the machine is shared, so the load average is printed.
#
# Recall (`Candor.Bench pdq-recall`): the corpus's photos/ and pdq/ images, edited in code (JPEG q50, resize 0.5,
# crop 10 %, rotate 5°, mirror, screenshot-like), looked up among the originals plus 100,000 random codes at radius 31:
# once with one hash per picture, once with the centre-crop codes and turned query probes of PdqVariants (what
# `candor index build` does by default).
#
# Usage: bench/pdq.sh [speed|recall|all] [SECONDS]   (default all, 5 seconds of timing per figure)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${CANDOR_CORPUS:-$here/../shared/corpus}
what=${1:-all}
seconds=${2:-5}
[[ -d $corpus/pdq ]] || { echo "pdq.sh: no corpus at $corpus (set CANDOR_CORPUS)" >&2; exit 1; }
"$here/scripts/setup.sh"
dotnet build "$here/bench/Candor.Bench" -c Release -nologo -v q -clp:ErrorsOnly >&2
bench=(dotnet "$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
if [[ $what == speed || $what == all ]]; then
  "${bench[@]}" pdq --seconds "$seconds" "$corpus/pdq"
  echo
fi
if [[ $what == recall || $what == all ]]; then
  "${bench[@]}" pdq-recall "$corpus/photos" "$corpus/pdq"
  echo
  "${bench[@]}" pdq-recall --variants "$corpus/photos" "$corpus/pdq"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
