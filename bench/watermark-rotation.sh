#!/usr/bin/env bash
# The watermark's rotation curve (`Candor.Bench watermark-rotation`): every corpus photo marked once under each of 8
# keys (derived from a fixed seed, so runs repeat), each marked copy turned by every angle from −20° to +20° in 0.25°
# steps (same canvas, black corners), rounded to 8 bits and searched. One row per angle: detection rate at p ≤ 1e-6,
# mean payload bits correct, smallest pilot score, largest p-value; then the failures. Photo × key pairs run on every core.
# The full curve is 161 angles × 20 photos × 8 keys = 25,760 detections; pass a subset for a quick look, e.g.
#   bench/watermark-rotation.sh --photos 4 --keys 2 --step 1
#   bench/watermark-rotation.sh --size 1024x768 --photos kodim05,kodim13 --from 0 --to 5   (the issue's image size)
# and `--profile PHOTO` prints where one detection spends its time, on one thread.
#
# Usage: bench/watermark-rotation.sh [bench options]   (photos: $CANDOR_CORPUS/photos or ../shared/corpus/photos)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
photos=${CANDOR_CORPUS:-$here/../shared/corpus}/photos
[[ -d $photos ]] || { echo "watermark-rotation: no photo folder at $photos" >&2; exit 1; }
"$here/scripts/setup.sh" --bench
dotnet build "$here/bench/Candor.Bench" -c Release -nologo -v q -clp:ErrorsOnly >&2
bench=(dotnet "$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
if [[ ${1:-} == --profile ]]; then
  shift
  exec /usr/bin/time -f "%e s wall %U+%S cpu" "${bench[@]}" watermark-rotation --profile "${@:-$photos/kodim05.png}"
fi
exec /usr/bin/time -f "%e s wall %U+%S cpu" "${bench[@]}" watermark-rotation "$@" "$photos"
