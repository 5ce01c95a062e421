#!/usr/bin/env bash
# The watermark's attack suite over the photo corpus: `candor watermark bench` from a ReadyToRun
# build, with a key generated for this run (thrown away afterwards). Prints the table (attack | group |
# bit accuracy | exact | detected | target | met), mean PSNR/SSIM of the marked photos, embed and
# detect milliseconds per image and per megapixel (one thread), and the speed table at 0.4–12 MP.
#
# Usage: bench/watermark-suite.sh [FOLDER] [extra bench options, e.g. --json or --strength 1.5]
#        (default folder: the corpus's photos/, ../shared/corpus/photos or $CANDOR_CORPUS/photos)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
photos=${CANDOR_CORPUS:-$here/../shared/corpus}/photos
if [[ $# -gt 0 && $1 != --* ]]; then photos=$1; shift; fi
[[ -d $photos ]] || { echo "watermark-suite: no photo folder at $photos" >&2; exit 1; }
"$here/scripts/setup.sh"

dotnet publish "$here/src/Candor.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$here/artifacts/candor" -nologo -v q -clp:ErrorsOnly >&2
candor=(dotnet "$here/artifacts/candor/Candor.Cli.dll")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"${candor[@]}" watermark keygen "$work/bench.key" >/dev/null
echo "watermark suite: $(find "$photos" -maxdepth 1 -type f \( -name '*.png' -o -name '*.jpg' -o -name '*.webp' \) | wc -l) images in $photos, $(nproc) cores (the bench runs on one)" >&2
"${candor[@]}" watermark bench "$photos" --key-file "$work/bench.key" "$@"
