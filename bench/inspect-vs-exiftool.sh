#!/usr/bin/env bash
# Files per second of `candor inspect --json` over the generator corpus, beside
# `exiftool -j -a -G1` on the same files, with the CPU time and peak memory of each. Candor is measured three times:
# as it runs by default (it also decodes the pixels of PNG and lossless WebP files to read hidden
# metadata copies and verify NovelAI signatures, and validates C2PA Content Credentials, which
# exiftool does not do), with --no-validate (pixels but no C2PA validation, to tell the two apart) and with
# --no-pixels --no-validate (metadata only, exiftool's scope).
#
# Both tools get one invocation over the same list: the corpus copied COPIES times into a temporary folder, so
# start-up is amortised and no tool can skip a file it has already seen. The copies are real copies, not hard
# links: Candor reads a file reached twice (the same inode) once. Each tool runs RUNS times; the best wall time
# counts, and the CPU time (user + system) of that run is printed beside it.
#
# Same fields found: bench/inspect_fields.py collects every software, seed, model and hash value exiftool exposes as
# text and checks that each is in Candor's report of the same file (metadata scope and default); a miss fails the run.
# Usage: bench/inspect-vs-exiftool.sh [COPIES] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${CANDOR_CORPUS:-$here/../shared/corpus}/generators
copies=${1:-20}
runs=${2:-3}
"$here/scripts/setup.sh" --bench
command -v /usr/bin/time >/dev/null || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

dotnet publish "$here/src/Candor.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$here/artifacts/candor" -nologo -v q -clp:ErrorsOnly >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/$i"
  cp -r "$corpus"/. "$work/$i/"
done
rm -f "$work"/*/SOURCES.md
mapfile -t files < <(find "$work" -type f -path "$work/[0-9]*" | sort)
n=${#files[@]}
printf '%s\n' "${files[@]}" > "$work/list.txt"

measure() { # name, command...; prints the best wall seconds, that run's CPU seconds, and the peak KiB of all runs
  local name=$1; shift
  local best="" cpu="" peak=0 secs user sys kib
  for r in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/$name.out" 2> "$work/$name.err" || true
    read -r secs user sys kib < <(tail -n 1 "$work/time.txt")
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; cpu=$(awk "BEGIN{print $user + $sys}"); fi
    (( kib > peak )) && peak=$kib
  done
  echo "$best $cpu $peak"
}

candor=(dotnet "$here/artifacts/candor/Candor.Cli.dll" inspect --json)
read -r c_secs c_cpu c_kib < <(measure candor "${candor[@]}" "$work"/[0-9]*)
read -r v_secs v_cpu v_kib < <(measure novalidate "${candor[@]}" --no-validate "$work"/[0-9]*)
read -r m_secs m_cpu m_kib < <(measure metadata "${candor[@]}" --no-pixels --no-validate "$work"/[0-9]*)
read -r e_secs e_cpu e_kib < <(measure exiftool exiftool -j -a -G1 -q -q -@ "$work/list.txt")
for out in candor novalidate metadata; do
  lines=$(wc -l < "$work/$out.out")
  [[ $lines -eq $n ]] || { echo "candor ($out) printed $lines reports for $n files" >&2; cat "$work/$out.err" >&2; exit 1; }
done

awk -v n="$n" -v copies="$copies" -v cores="$(nproc)" \
  -v cs="$c_secs" -v cc="$c_cpu" -v ck="$c_kib" -v vs="$v_secs" -v vc="$v_cpu" -v vk="$v_kib" \
  -v ms="$m_secs" -v mc="$m_cpu" -v mk="$m_kib" -v es="$e_secs" -v ec="$e_cpu" -v ek="$e_kib" 'BEGIN {
  printf "inspect benchmark: %d files (%d corpus files x %d copies), %d cores, best of runs\n", n, n / copies, copies, cores;
  printf "%-42s %9s %9s %10s %13s\n", "tool", "seconds", "CPU s", "files/s", "peak RSS MiB";
  printf "%-42s %9.2f %9.2f %10.1f %13.1f\n", "candor inspect --json", cs, cc, n / cs, ck / 1024;
  printf "%-42s %9.2f %9.2f %10.1f %13.1f\n", "candor inspect --no-validate", vs, vc, n / vs, vk / 1024;
  printf "%-42s %9.2f %9.2f %10.1f %13.1f\n", "candor inspect --no-pixels --no-validate", ms, mc, n / ms, mk / 1024;
  printf "%-42s %9.2f %9.2f %10.1f %13.1f\n", "exiftool -j -a -G1", es, ec, n / es, ek / 1024;
  printf "ratio, candor / exiftool files per second: %.1fx wall, %.1fx CPU (default: also decodes pixels for hidden copies and signatures, validates C2PA)\n", es / cs, ec / cc;
  printf "ratio, candor --no-validate / exiftool: %.1fx wall, %.1fx CPU (pixels, no C2PA validation)\n", es / vs, ec / vc;
  printf "ratio, candor --no-pixels --no-validate / exiftool (metadata only, the same scope as exiftool): %.1fx wall, %.1fx CPU\n", es / ms, ec / mc;
}'
missing=0
python3 "$here/bench/inspect_fields.py" "$work/exiftool.out" "$work/metadata.out" "--no-pixels --no-validate" || missing=1
python3 "$here/bench/inspect_fields.py" "$work/exiftool.out" "$work/candor.out" "default" || missing=1
exit "$missing"
