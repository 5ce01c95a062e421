#!/usr/bin/env bash
# Installs what Candor needs from Debian's packages, once. Safe to run again: it only installs
# what is missing. Runtime: libwebp7 (WebP pixels). Tests: imagemagick (reference PNG decodes).
# Benchmarks: libimage-exiftool-perl (the reference tool measured side by side). Tests and
# benchmarks: tests/interop's npm packages (the reference C2PA implementation, run with Node).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
interop="$here/tests/interop"
if [[ "${1:-}" == "--tests" || "${1:-}" == "--bench" || "${1:-}" == "--all" ]] && command -v npm >/dev/null &&
  [[ ! -d "$interop/node_modules" || "$interop/package-lock.json" -nt "$interop/node_modules" ]]; then
  echo "setup: installing tests/interop's npm packages" >&2
  (cd "$interop" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$interop/node_modules"
fi
want=(libwebp7)
[[ "${1:-}" == "--tests" || "${1:-}" == "--all" ]] && want+=(imagemagick)
[[ "${1:-}" == "--bench" || "${1:-}" == "--all" ]] && want+=(libimage-exiftool-perl)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "setup: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
