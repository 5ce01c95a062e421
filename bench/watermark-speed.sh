#!/usr/bin/env bash
# The watermark's speed targets side by side in one run (`Candor.Bench watermark-speed`), for the lead to re-run quietly:
#   - at 768×512 (kodim05), one thread: embed, and detect of the marked copy (unmoved: stage 1 only), of the unmarked
#     photo and of the marked copy turned 5° (both run stage 2), as median wall and thread-CPU ms (targets: embed < 30 ms,
#     detect < 20 ms);
#   - the photo resized to 12 MP: embed and detect on one thread and on every core, alternating, as median wall and
#     process-CPU ms and the wall-time speed-up (target ≥ 1.7× on 2 cores; only a quiet machine can show it);
#   - the detector's CPU ms by step on one thread (--profile), the same cases and 12 MP.
# Options go to the bench: --repeat N (default 9), --mp A,B (default 12), --threads T (default every core).
# `bench/watermark-speed.sh --digest` instead prints every score the embedder and detector compute for 3 keys × moves ×
# sizes, exactly: two builds with equal digests mark and detect alike.
#
# Usage: bench/watermark-speed.sh [--digest | bench options]   (photos: $CANDOR_CORPUS/photos or ../shared/corpus/photos)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
photos=${CANDOR_CORPUS:-$here/../shared/corpus}/photos
[[ -d $photos ]] || { echo "watermark-speed: no photo folder at $photos" >&2; exit 1; }
"$here/scripts/setup.sh" --bench
dotnet build "$here/bench/Candor.Bench" -c Release -nologo -v q -clp:ErrorsOnly >&2
bench=(dotnet "$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
if [[ ${1:-} == --digest ]]; then
  exec "${bench[@]}" watermark-speed --digest "$photos/kodim05.png" "$photos/kodim23.png"
fi
/usr/bin/time -f "%e s wall %U+%S cpu" "${bench[@]}" watermark-speed "$@" "$photos/kodim05.png"
/usr/bin/time -f "%e s wall %U+%S cpu" "${bench[@]}" watermark-speed --profile "$photos/kodim05.png"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
