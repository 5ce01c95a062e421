#!/usr/bin/env bash
# Files per second of `candor disclose --source-type trainedAlgorithmicMedia` beside
# `exiftool -XMP-iptcExt:DigitalSourceType=<URI> -overwrite_original` on the same files: every
# JPEG, PNG and WebP of the shared corpus, copied COPIES times (real copies: both tools rewrite
# the files). Each tool runs RUNS times on a fresh copy of the set; the best wall time counts,
# one invocation per run over the whole list (start-up amortised). Candor runs with --force, because
# the corpus holds C2PA-signed files, which exiftool rewrites too. Afterwards the script checks
# that exiftool reads the written value back from every file Candor wrote.
# Usage: bench/disclose-vs-exiftool.sh [COPIES] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${CANDOR_CORPUS:-$here/../shared/corpus}
copies=${1:-10}
runs=${2:-3}
uri=http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia
"$here/scripts/setup.sh" --bench
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" || { apt-get install -y -qq time >/dev/null; }

dotnet publish "$here/src/Candor.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$here/artifacts/candor" -nologo -v q -clp:ErrorsOnly >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t sources < <(find "$corpus" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) | sort)

fresh() { # folder: a new copy of the set
  rm -rf "$1"
  mkdir -p "$1"
  local i=0
  for c in $(seq 1 "$copies"); do
    for s in "${sources[@]}"; do
      i=$((i + 1))
      cp "$s" "$1/$i.${s##*.}"
    done
  done
}

measure() { # name, command... (run inside $work/$name); prints the best seconds
  local name=$1; shift
  local best=""
  for r in $(seq 1 "$runs"); do
    fresh "$work/$name"
    (cd "$work/$name" && /usr/bin/time -f "%e" -o "$work/time.txt" "$@" > "$work/$name.out" 2> "$work/$name.err") || true
    secs=$(tail -n 1 "$work/time.txt") # GNU time prefixes "Command exited with non-zero status N" when a tool fails on some file
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
  done
  echo "$best"
}

c_secs=$(measure candor bash -c "dotnet '$here/artifacts/candor/Candor.Cli.dll' disclose --force --source-type trainedAlgorithmicMedia ./*")
e_secs=$(measure exiftool bash -c "exiftool -q -q -XMP-iptcExt:DigitalSourceType='$uri' -overwrite_original ./*")
n=$(find "$work/candor" -type f | wc -l)
failed_candor=$(grep -c "candor:" "$work/candor.err" || true)
failed_exiftool=$( (grep -ci "error" "$work/exiftool.err" || true) )
readback=$(exiftool -q -q -s3 -XMP-iptcExt:DigitalSourceType -r "$work/candor" | grep -c "^$uri\$" || true)

awk -v n="$n" -v cs="$c_secs" -v es="$e_secs" -v cores="$(nproc)" -v fc="$failed_candor" -v fe="$failed_exiftool" -v rb="$readback" 'BEGIN {
  printf "disclose benchmark: %d files (%d corpus JPEG/PNG/WebP x '"$copies"' copies), %d cores, best of '"$runs"' runs\n", n, n / '"$copies"', cores;
  printf "%-62s %10s %12s\n", "tool", "seconds", "files/s";
  printf "%-62s %10.2f %12.1f\n", "candor disclose --source-type trainedAlgorithmicMedia", cs, n / cs;
  printf "%-62s %10.2f %12.1f\n", "exiftool -XMP-iptcExt:DigitalSourceType=... -overwrite_original", es, n / es;
  printf "ratio, candor / exiftool files per second: %.1fx\n", (n / cs) / (n / es);
  printf "files candor refused: %d; exiftool error lines: %d; files where exiftool reads back candor'"'"'s value: %d of %d\n", fc, fe, rb, n;
}'
