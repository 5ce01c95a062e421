#!/usr/bin/env bash
# Installs what Candor needs from Debian's packages, once. Safe to run again: it only installs
# what is missing. Runtime: libwebp7 (WebP pixels), libturbojpeg0 (JPEG pixels), libdeflate0 (whole-image PNG inflate,
# twice System.IO.Compression's; without it PNGs still decode, streamed). Tests: imagemagick (reference PNG decodes).
# Tests and benchmarks: libimage-exiftool-perl (the reference reader of written XMP; the reference
# tool measured side by side). Tests and
# benchmarks: Node.js (Debian's, when the machine has none) and tests/interop's npm packages (the
# reference C2PA implementation, pinned in package-lock.json, run offline once installed).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
interop="$here/tests/interop"
mode="${1:-}"
want=(libwebp7 libturbojpeg0 libdeflate0)
[[ "$mode" == "--tests" || "$mode" == "--all" ]] && want+=(imagemagick)
[[ "$mode" == "--tests" || "$mode" == "--bench" || "$mode" == "--all" ]] && want+=(libimage-exiftool-perl)
if [[ "$mode" == "--tests" || "$mode" == "--bench" || "$mode" == "--all" ]] && ! command -v npm >/dev/null; then
  want+=(nodejs npm)
fi
# Benchmarks: python3-numpy and imagemagick (bench/watermark-baselines.sh's DWT-DCT baseline reads and writes PNGs with
# ImageMagick and computes with numpy), and GNU time (/usr/bin/time: the benches print CPU time beside wall time).
[[ "$mode" == "--bench" || "$mode" == "--all" ]] && want+=(python3-numpy imagemagick time)
# Tests: darktable (darktable-cli runs the Lua export plug-in in integrations/darktable).
[[ "$mode" == "--tests" || "$mode" == "--all" ]] && want+=(darktable)
# Tests: plasma-workspace-wallpapers (real photographs whose XMP repeats properties, read by
# tests/Candor.Tests/Metadata/Xmp; see REALWORLD.md there).
[[ "$mode" == "--tests" || "$mode" == "--all" ]] && want+=(plasma-workspace-wallpapers)
# Tests: chromium (Debian's browser, driven headless by Playwright in tests/Candor.Tests/Server/Browser;
# never a browser Playwright downloads).
[[ "$mode" == "--tests" || "$mode" == "--all" ]] && want+=(chromium)
# The consent registry tests start a real PostgreSQL 15 cluster themselves (initdb into a temporary folder).
[[ "$mode" == "--tests" || "$mode" == "--all" ]] && want+=(postgresql-15)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ "$mode" == "--tests" || "$mode" == "--bench" || "$mode" == "--all" ]] &&
  [[ ! -f "$interop/node_modules/@contentauth/c2pa-wasm/package.json" || "$interop/package-lock.json" -nt "$interop/node_modules" ]]; then
  echo "setup: installing tests/interop's npm packages" >&2
  (cd "$interop" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$interop/node_modules"
fi
