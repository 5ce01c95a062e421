#!/usr/bin/env bash
# Files per second of `candor inspect --json` over the generator corpus, beside
# `exiftool -j -a -G1` on the same files, and the peak memory of each. Candor is measured twice:
# as it runs by default (it also decodes the pixels of PNG and lossless WebP files to read hidden
# metadata copies and verify NovelAI signatures, and validates C2PA Content Credentials, which
# exiftool does not do) and with --no-pixels --no-validate (metadata only, exiftool's scope).
#
# Both tools get one invocation over the same list: the corpus hard-linked COPIES times into a
# temporary folder (so start-up is amortised and no tool can skip a file it has already seen).
# Each tool runs RUNS times; the best wall time counts. Usage: bench/inspect-vs-exiftool.sh [COPIES] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${CANDOR_CORPUS:-$here/../shared/corpus}/generators
copies=${1:-20}
runs=${2:-3}
"$here/scripts/setup.sh" --bench
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" || { apt-get install -y -qq time >/dev/null; }

dotnet publish "$here/src/Candor.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$here/artifacts/candor" -nologo -v q -clp:ErrorsOnly >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=()
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/$i"
  cp -al "$corpus"/. "$work/$i/"
done
rm -f "$work"/*/SOURCES.md
mapfile -t files < <(find "$work" -type f | sort)
n=${#files[@]}
printf '%s\n' "${files[@]}" > "$work/list.txt"

measure() { # name, command...; prints best seconds and peak KiB
  local name=$1; shift
  local best="" peak=0
  for r in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$name.out" 2> "$work/$name.err" || true
    read -r secs kib < "$work/time.txt"
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    (( kib > peak )) && peak=$kib
  done
  echo "$best $peak"
}

read -r c_secs c_kib < <(measure candor dotnet "$here/artifacts/candor/Candor.Cli.dll" inspect --json "$work"/[0-9]*)
read -r m_secs m_kib < <(measure metadata dotnet "$here/artifacts/candor/Candor.Cli.dll" inspect --json --no-pixels --no-validate "$work"/[0-9]*)
read -r e_secs e_kib < <(measure exiftool exiftool -j -a -G1 -q -q -@ "$work/list.txt")
c_lines=$(wc -l < "$work/candor.out")
[[ $c_lines -eq $n ]] || { echo "candor printed $c_lines reports for $n files" >&2; cat "$work/candor.err" >&2; exit 1; }

awk -v n="$n" -v cs="$c_secs" -v es="$e_secs" -v ck="$c_kib" -v ek="$e_kib" -v ms="$m_secs" -v mk="$m_kib" -v cores="$(nproc)" 'BEGIN {
  cf = n / cs; ef = n / es; mf = n / ms;
  printf "inspect benchmark: %d files (%d corpus files x %d copies), %d cores, best of runs\n", n, n / '"$copies"', '"$copies"', cores;
  printf "%-40s %10s %12s %14s\n", "tool", "seconds", "files/s", "peak RSS MiB";
  printf "%-40s %10.2f %12.1f %14.1f\n", "candor inspect --json", cs, cf, ck / 1024;
  printf "%-40s %10.2f %12.1f %14.1f\n", "candor inspect --no-pixels --no-validate", ms, mf, mk / 1024;
  printf "%-40s %10.2f %12.1f %14.1f\n", "exiftool -j -a -G1", es, ef, ek / 1024;
  printf "ratio, candor / exiftool files per second: %.1fx (default: also decodes pixels for hidden copies and signatures, validates C2PA)\n", cf / ef;
  printf "ratio, candor --no-pixels --no-validate / exiftool (metadata only, the same scope as exiftool): %.1fx\n", mf / ef;
}'
