#!/usr/bin/env bash
# Time, peak memory and exit code of candor on the hostile inputs of the hardening issue, each built
# here: a folder tree with symbolic-link loops, a FIFO named and inside a folder, /dev/zero, a 1.4 MB
# PNG holding 200 zTXt chunks of 7 MiB each, and a 1 MB 16384x16384 RGBA PNG. Every run is bounded
# by `timeout` (default 60 s; a run killed by it shows exit 124 or 137) and a .NET heap limit, so a
# build without the guards cannot take the machine down.
# Usage: bench/hostile-inputs.sh [TIMEOUT_SECONDS]
# CANDOR_DLL=path/to/Candor.Cli.dll measures another build (e.g. one from before the guards).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
limit=${1:-60}
"$here/scripts/setup.sh"
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" || apt-get install -y -qq time >/dev/null
if [[ -z "${CANDOR_DLL:-}" ]]; then
  dotnet build "$here/src/Candor.Cli" -c Release -nologo -v q -clp:ErrorsOnly >&2
  CANDOR_DLL="$here/src/Candor.Cli/bin/Release/net10.0/Candor.Cli.dll"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample="$here/samples/novelai-stealth-signed.png"

mkdir -p "$work/L/a" && cp "$sample" "$work/L/a/x.png"
ln -s .. "$work/L/a/up"; ln -s ../L "$work/L/a/self"; ln -s "$work/L" "$work/L/abs"
mkdir -p "$work/d" && mkfifo "$work/d/a.png" && cp "$sample" "$work/d/b.png"
python3 - "$work" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
def png(width, height, colour, rows, extra=b''):
    head = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, colour, 0, 0, 0))
    return head + extra + chunk(b'IDAT', rows) + chunk(b'IEND', b'')
work = sys.argv[1]
bomb = zlib.compress(b'\0' * (7 << 20), 9)
ztxt = b''.join(chunk(b'zTXt', b'Comment%d\0\0' % i + bomb) for i in range(200))
open(f'{work}/ztxt.png', 'wb').write(png(1, 1, 0, zlib.compress(b'\0\0'), ztxt))
size = 16384
row = b'\0' * (1 + 4 * size)
z = zlib.compressobj(9)
rows = b''.join(z.compress(row) for _ in range(size)) + z.flush()
open(f'{work}/big.png', 'wb').write(png(size, size, 6, rows))
PY
printf '%s\n' "$(ls -l "$work/ztxt.png" "$work/big.png" | awk '{print $5, $NF}')" >&2

run() {
  local name=$1; shift
  local out="$work/time.txt"
  set +e
  DOTNET_GCHeapHardLimit=0x200000000 /usr/bin/time -f '%e %M' -o "$out" timeout -s KILL "$limit" dotnet "$CANDOR_DLL" "$@" >/dev/null 2>"$work/err.txt"
  local code=$?
  set -e
  read -r secs kib < <(tail -1 "$out" | grep -E '^[0-9.]+ [0-9]+$' || echo "$limit 0")
  # A run killed by the timeout is not waited for by time(1): its peak memory is unknown, shown as "-".
  local peak=$((kib / 1024))
  [[ $code -eq 137 || $code -eq 124 ]] && peak="-"
  printf '%-52s %8.1f %10s %5d  %s\n' "$name" "$secs" "$peak" "$code" "$(grep -v '^\s*$' "$work/err.txt" | head -1 | cut -c1-70)"
}

printf '%-52s %8s %10s %5s  %s\n' "case (timeout ${limit} s, heap limit 8 GiB)" seconds "peak MiB" exit "first line on stderr"
run "inspect --no-pixels L (symbolic-link loops)" inspect --no-pixels "$work/L"
run "inspect --no-pixels d (FIFO in a folder)" inspect --no-pixels "$work/d"
run "inspect d/a.png (FIFO named)" inspect "$work/d/a.png"
run "hash /dev/zero" hash /dev/zero
run "inspect ztxt.png (200 x 7 MiB zTXt)" inspect "$work/ztxt.png"
run "watermark detect --public-no-train big.png" watermark detect --public-no-train "$work/big.png"
run "watermark embed --no-train big.png out.png" watermark embed --no-train "$work/big.png" "$work/out.png"
run "watermark detect --public-no-train /dev/zero" watermark detect --public-no-train /dev/zero
