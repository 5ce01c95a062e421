#!/usr/bin/env bash
# Model hashing (issue 15 §5): `candor hash` computes AutoV1, AutoV2 (= SHA-256 of the whole file), the tensor-data
# SHA-256 (AutoV3 / addnet), CRC-32 and BLAKE3 in one read of the file; the target is ≥ 0.9× the speed of `sha256sum`
# alone. This script, in one run:
#   1. prints what each hash costs on one thread in memory (Candor.Bench model-hash), so the floor is visible;
#   2. writes a safetensors-shaped file of SIZE MiB (default 4096) in a temporary folder, deleted at the end;
#   3. RUNS times (default 2), side by side: sha256sum (coreutils), `openssl dgst -sha256` (SHA-NI through OpenSSL,
#      the fastest single SHA-256 here) and `candor hash --json`, each with the page cache warm, then — as root —
#      each after `sync; echo 3 > /proc/sys/vm/drop_caches` (cold); wall and CPU seconds and candor's speed as a
#      ratio of each reference's (reference wall / candor wall: ≥ 0.9 meets the target).
# The machine is shared: the load average is printed; ratios from the same run are what count.
#
# Usage: bench/model-hash.sh [SIZE_MIB] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size=${1:-4096}
runs=${2:-2}
"$here/scripts/setup.sh"
dotnet build "$here/bench/Candor.Bench" -c Release -nologo -v q -clp:ErrorsOnly >&2
dotnet build "$here/src/Candor.Cli" -c Release -nologo -v q -clp:ErrorsOnly >&2
bench=(dotnet "$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll")
candor=(dotnet "$here/src/Candor.Cli/bin/Release/net10.0/Candor.Cli.dll")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
file="$tmp/model.safetensors"

"${bench[@]}" model-hash --mib 256 --repeat 3
echo
"${bench[@]}" model-hash make "$file" "$size"
echo "file: $(stat -c %s "$file") bytes, safetensors-shaped; sha256sum is coreutils $(sha256sum --version | head -1 | awk '{print $NF}') (software SHA-256), openssl $(openssl version | awk '{print $2}')"

can_drop=0
if [[ $(id -u) == 0 ]] && [[ -w /proc/sys/vm/drop_caches ]]; then can_drop=1; fi

# time_one NAME CACHE CMD... → prints "NAME wall cpu" (seconds) to stdout, the command's own output to $tmp/out
time_one() {
  local name=$1 cache=$2; shift 2
  if [[ $cache == cold ]]; then sync; echo 3 > /proc/sys/vm/drop_caches; else cat "$file" > /dev/null; fi
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" > "$tmp/out.$name"
  read -r wall user sys < "$tmp/time"
  echo "$name $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

echo
echo "| run | cache | load (1 min) | sha256sum wall s (CPU s) | openssl sha256 wall s (CPU s) | candor hash wall s (CPU s) | candor speed ÷ sha256sum | candor speed ÷ openssl |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
caches=(warm)
(( can_drop )) && caches+=(cold)
for run in $(seq 1 "$runs"); do
  for cache in "${caches[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    read -r _ sw sc < <(time_one sha256sum "$cache" sha256sum "$file")
    read -r _ ow oc < <(time_one openssl "$cache" openssl dgst -sha256 "$file")
    read -r _ cw cc < <(time_one candor "$cache" "${candor[@]}" hash --json "$file")
    awk -v r="$run" -v c="$cache" -v l="$load" -v sw="$sw" -v sc="$sc" -v ow="$ow" -v oc="$oc" -v cw="$cw" -v cc="$cc" \
      'BEGIN { printf "| %s | %s | %s | %s (%s) | %s (%s) | %s (%s) | %.2f | %.2f |\n", r, c, l, sw, sc, ow, oc, cw, cc, sw / cw, ow / cw }'
  done
done
(( can_drop )) || echo "(cold-cache runs skipped: they need root to drop the page cache)"

# The three must agree on the whole-file SHA-256 (AutoV2 is its first 10 hex digits).
s1=$(awk '{print $1}' "$tmp/out.sha256sum"); s2=$(awk '{print $NF}' "$tmp/out.openssl")
s3=$(sed -n 's/.*"sha256":"\([0-9a-f]*\)".*/\1/p' "$tmp/out.candor")
echo
echo "sha256sum $s1"
echo "openssl   $s2"
echo "candor    $s3  ($(grep -o '"autoV3":"[^"]*"' "$tmp/out.candor"), $(grep -o '"blake3":"[^"]*"' "$tmp/out.candor"))"
[[ $s1 == "$s2" && $s1 == "$s3" ]] && echo "SHA-256 agrees" || { echo "SHA-256 DIFFERS" >&2; exit 1; }
