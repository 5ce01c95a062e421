#!/usr/bin/env bash
# Candor's watermark side by side with an open method, in one run on the same photos and the same attacks.
#
# What runs:
#   - Candor: `candor watermark bench` (ReadyToRun build) on the photos: bit accuracy per attack, embed and detect
#     milliseconds at the photos' size (one thread).
#   - dwtDct: bench/watermark_dwtdct.py, a DWT-DCT watermark written from the published description of
#     invisible-watermark's dwtDct method (32 bits, scale 36 on U and V), on Debian's python3-numpy with ImageMagick
#     for PNG input and output. Each photo is marked, the marked copy goes through exactly Candor's attacks
#     (Candor.Bench watermark-attacks writes them as PNG), and the python detector reads every one.
# What does not run here, and is quoted: the imwatermark package itself (dwtDct, dwtDctSvd) and RivaGAN (a neural
#   network needing onnxruntime and its weights); neither is a Debian package. Their figures are from an earlier
#   side-by-side run on this machine (busy, 768×512, in-process) and are printed marked QUOTED.
#
# python3-numpy is the only Python package needed; it is installed once by scripts/setup.sh --bench, with the other Debian packages
# (python3-opencv and python3-pywt, which the imwatermark package would need, are not: the re-implementation does its
# DCT and Haar transform in numpy). CANDOR_NO_INSTALL=1 skips installing and runs only what is already there.
#
# Usage: bench/watermark-baselines.sh [FOLDER]   (default: the corpus's photos/, as bench/watermark-suite.sh)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
photos=${CANDOR_CORPUS:-$here/../shared/corpus}/photos
[[ $# -gt 0 ]] && photos=$1
[[ -d $photos ]] || { echo "watermark-baselines: no photo folder at $photos" >&2; exit 1; }
python=/usr/bin/python3
# The DWT-DCT baseline's packages (python3-numpy, imagemagick) come with the bench setup; CANDOR_NO_INSTALL=1 skips it.
[[ ${CANDOR_NO_INSTALL:-} == 1 ]] || "$here/scripts/setup.sh" --bench
run_dwtdct=1
if ! "$python" -c "import numpy" 2>/dev/null || ! command -v convert >/dev/null; then
  echo "watermark-baselines: python3-numpy or ImageMagick missing: dwtDct is NOT run" >&2
  run_dwtdct=0
fi

dotnet publish "$here/src/Candor.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$here/artifacts/candor" -nologo -v q -clp:ErrorsOnly >&2
dotnet build "$here/bench/Candor.Bench" -c Release -nologo -v q -clp:ErrorsOnly >&2
candor=(dotnet "$here/artifacts/candor/Candor.Cli.dll")
bench=(dotnet "$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t files < <(find "$photos" -maxdepth 1 -type f -name '*.png' | sort)
echo "watermark baselines: ${#files[@]} photos in $photos, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)" >&2

"${candor[@]}" watermark keygen "$work/bench.key" >/dev/null
"${candor[@]}" watermark bench "${files[@]}" --key-file "$work/bench.key" --json > "$work/candor.json" || true
ran="Candor (candor watermark bench)"
if ((run_dwtdct)); then
  "$python" "$here/bench/watermark_dwtdct.py" run "$work/dwt" deadbeef "${files[@]}" > "$work/dwt-images.jsonl"
  "${bench[@]}" watermark-attacks "$work/dwt/attacked" "$work"/dwt/marked/*.png
  "$python" "$here/bench/watermark_dwtdct.py" detect deadbeef "$work"/dwt/attacked/* > "$work/dwt-attacks.jsonl"
  ran+=", dwtDct re-implementation (bench/watermark_dwtdct.py, numpy)"
fi
echo "ran: $ran"
echo "quoted, not run: imwatermark dwtDct and dwtDctSvd (the package), RivaGAN"
"$python" - "$work" "$run_dwtdct" <<'PY'
import json, os, sys
work, run_dwt = sys.argv[1], sys.argv[2] == "1"
c = json.load(open(os.path.join(work, "candor.json")))
dwt_attacks, dwt_images = {}, []
if run_dwt:
    dwt_attacks = {j["attack"]: j for j in map(json.loads, open(os.path.join(work, "dwt-attacks.jsonl")))}
    dwt_images = [json.loads(l) for l in open(os.path.join(work, "dwt-images.jsonl"))]
f = lambda v: "—" if v is None else f"{v:.4f}"
print(f"\nbit accuracy, mean over {len(c['images'])} photos (Candor 64 bits, dwtDct 32 bits)")
print(f"{'attack':20} {'target':>7} {'Candor':>8} {'met':>4} {'dwtDct':>8}")
for a in c["attacks"]:
    d = dwt_attacks.get(a["name"], {}).get("bitAccuracy")
    t = "—" if a["target"] is None else f"{a['target']:.2f}"
    met = {True: "yes", False: "NO", None: "—"}[a["met"]]
    print(f"{a['name']:20} {t:>7} {f(a['bitAccuracy']):>8} {met:>4} {f(d) if run_dwt else 'not run':>8}")
mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
print("\nspeed at the photos' size (768×512), ms per image, in-process, one thread; PSNR of the marked photos")
print(f"{'method':34} {'embed':>8} {'detect':>8} {'PSNR':>7}")
print(f"{'Candor (this run)':34} {c['meanEmbedMs']:8.0f} {c['meanDetectMs']:8.0f} {c['meanPsnr']:7.2f}")
if run_dwt:
    print(f"{'dwtDct re-implementation (this run)':34} {mean([i['embedMs'] for i in dwt_images]):8.0f} "
          f"{mean([i['detectMs'] for i in dwt_images]):8.0f} {mean([i['psnr'] for i in dwt_images]):7.2f}")
for name, e, d in [("imwatermark dwtDct (QUOTED)", 155, 117), ("imwatermark dwtDctSvd (QUOTED)", 428, 261), ("RivaGAN (QUOTED)", 5093, 5711)]:
    print(f"{name:34} {e:8} {d:8} {'—':>7}")
print("QUOTED: from an earlier side-by-side run on this machine (busy; Candor measured 137/61 ms in that run), not measured now.")
print("Candor's lowest PSNR: %.2f dB" % c["minPsnr"])
PY
