#!/usr/bin/env bash
# NetVips (libvips 8.18) against Candor's own transforms (issue 15 §4b): resize (Lanczos3, half size), Gaussian blur
# (σ 2) and rotation (15°, canvas expanded) on a corpus photo and on it enlarged to 12 MP — milliseconds wall and CPU
# side by side in one run (ours on one thread; libvips on float pixels with one thread and with every core, and on
# 8-bit pixels), the cost of converting between Candor's planar floats and libvips' interleaved image, and how far the
# outputs are apart (largest / mean absolute difference, PSNR). NetVips and its native package are referenced by the
# bench project only: Candor itself does not use them (docs/imaging-libraries.md says why).
#
# Usage: bench/netvips-vs-own.sh [PHOTO] [SECONDS]   (default the corpus's photos/kodim05.png, 2 s per figure)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${CANDOR_CORPUS:-$here/../shared/corpus}
photo=${1:-$corpus/photos/kodim05.png}
seconds=${2:-2}
[[ -f $photo ]] || { echo "netvips-vs-own.sh: no photo at $photo (set CANDOR_CORPUS or name one)" >&2; exit 1; }
"$here/scripts/setup.sh"
dotnet build "$here/bench/Candor.Bench" -c Release -nologo -v q -clp:ErrorsOnly >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
dotnet "$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll" netvips --seconds "$seconds" "$photo"
native=$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/netvips.native.linux-x64/8.18.7" -name 'libvips.so*' | head -1)
echo
echo "native library: $(basename "$native") $(stat -c %s "$native") bytes (LGPL-3.0-or-later), package $(stat -c %s "$(dirname "$native")/../../../netvips.native.linux-x64.8.18.7.nupkg") bytes"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
