#!/usr/bin/env bash
# C2PA validation and signing time, Candor beside the reference implementation (c2pa-rs 0.91.3 in
# WebAssembly, @contentauth/c2pa-wasm 0.13.3 under Node, tests/interop/).
#
# Validate: every C2PA corpus image. Both sides time one validation per file in-process (no
# start-up, no wasm/JIT warm-up beyond what the median absorbs) and report the median of REPEAT
# runs. The reference is timed without trust anchors and with certs/anchors.pem (it parses the
# anchors on every read). The reference validates bytes already in memory; Candor opens the file
# each time (from the page cache), which counts against Candor; so it is also timed from the file's bytes
# already in memory ("in memory"), as the reference is. Opening the file, Candor is timed twice per file: as
# in a batch (its process-wide certificate cache already holds the file's certificates after the
# first run, and its chain results too: "candor") and with both emptied before every run ("cold":
# what the first file of a signer costs). Each process's CPU time (user+sys, start-up included; Candor's process runs
# twice as many validations) is printed under the table.
#
# Sign: the unsigned corpus images (one per format) x es256 / ps256 / ed25519, one c2pa.created
# action, no thumbnail, no time-stamp; median of REPEAT signs in-process, file I/O excluded.
#
# Usage: bench/c2pa-vs-reference.sh [REPEAT]   (default 9)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${CANDOR_CORPUS:-$here/../shared/corpus}/c2pa
repeat=${1:-9}
interop="$here/tests/interop"
"$here/scripts/setup.sh" --bench

dotnet build "$here/bench/Candor.Bench" -c Release -nologo -v q -clp:ErrorsOnly >&2
bench_dll="$here/bench/Candor.Bench/bin/Release/net10.0/Candor.Bench.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t files < <(cd "$corpus" && find jpeg png webp -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.webp' \) | sort)
cpu() { /usr/bin/time -f "%U %S" -o "$work/$1.cpu" "${@:2}"; }
(cd "$corpus" && cpu reference node "$interop/validate.mjs" --repeat "$repeat" "${files[@]}") > "$work/reference.jsonl"
(cd "$corpus" && cpu reference-anchors node "$interop/validate.mjs" --repeat "$repeat" --anchors certs/anchors.pem "${files[@]}") > "$work/reference-anchors.jsonl"
(cd "$corpus" && cpu candor dotnet "$bench_dll" c2pa --repeat "$repeat" "${files[@]}") > "$work/candor.jsonl"
(cd "$corpus" && cpu candor-anchors dotnet "$bench_dll" c2pa --repeat "$repeat" --anchors certs/anchors.pem "${files[@]}") > "$work/candor-anchors.jsonl"

sign_inputs=(jpeg/adobe-20220124-A.jpg png/libpng-test.png webp/test.webp)
sign_algs=(es256 ps256 ed25519)
: > "$work/reference-sign.jsonl"
for input in "${sign_inputs[@]}"; do
  for alg in "${sign_algs[@]}"; do
    node "$interop/sign.mjs" --alg "$alg" --cert "$corpus/certs/c2pa-rs-$alg.chain.pem" \
      --key "$corpus/certs/c2pa-rs-$alg.key.pem" --repeat "$repeat" \
      "$corpus/$input" "$work/signed-$alg-${input##*/}" >> "$work/reference-sign.jsonl"
  done
done
: > "$work/candor-sign.jsonl"
for alg in "${sign_algs[@]}"; do
  (cd "$corpus" && dotnet "$bench_dll" c2pa-sign --repeat "$repeat" --alg "$alg" --cert "certs/c2pa-rs-$alg.chain.pem" \
    --key "certs/c2pa-rs-$alg.key.pem" "${sign_inputs[@]}") >> "$work/candor-sign.jsonl"
done

node --input-type=module - "$work" "$repeat" "$corpus" <<'EOF'
import { readFileSync } from 'node:fs';
const [work, repeat, corpus] = process.argv.slice(2);
const lines = (name) => readFileSync(`${work}/${name}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const byFile = (name) => new Map(lines(name).map((r) => [r.file, r]));
const reference = byFile('reference.jsonl');
const anchored = byFile('reference-anchors.jsonl');
const candor = byFile('candor.jsonl');
const candorAnchored = byFile('candor-anchors.jsonl');
const fixed = (x, digits = 2) => (x === undefined ? 'n/a' : x.toFixed(digits));
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? 'n/a' : `${(a / b).toFixed(1)}x`);
const measured = [...candor.values()][0]?.measured ?? 'n/a';

console.log(`C2PA validate: median ms of ${repeat} in-process runs per file (${corpus})`);
console.log(`candor: ${measured}; in memory = the same validation from the file's bytes already in memory, as the reference is timed; cold = certificate cache and chain results emptied before each run (file opened)`);
const header = ['file', 'reference', 'candor', 'ratio', 'in memory', 'ratio', 'cold', 'ratio', 'ref+anch', 'candor+anch', 'ratio', 'cold+anch', 'ratio', 'reference verdict'];
const row = (cells) => console.log(cells[0].padEnd(46) + cells.slice(1, -1).map((c) => String(c).padStart(11)).join('') + '  ' + cells[cells.length - 1]);
row(header);
const totals = new Map();
const worst = { r: Infinity, m: Infinity, cold: Infinity, a: Infinity, coldA: Infinity };
for (const [file, r] of reference) {
  const a = anchored.get(file);
  const c = candor.get(file);
  const ca = candorAnchored.get(file);
  row([file, fixed(r.ms), fixed(c?.ms), ratio(r.ms, c?.ms), fixed(c?.memory_ms), ratio(r.ms, c?.memory_ms), fixed(c?.cold_ms), ratio(r.ms, c?.cold_ms),
    fixed(a?.ms), fixed(ca?.ms), ratio(a?.ms, ca?.ms), fixed(ca?.cold_ms), ratio(a?.ms, ca?.cold_ms), `${r.error ?? r.state} / candor ${c?.outcome}`]);
  worst.r = Math.min(worst.r, r.ms / c?.ms);
  worst.m = Math.min(worst.m, r.ms / c?.memory_ms);
  worst.cold = Math.min(worst.cold, r.ms / c?.cold_ms);
  worst.a = Math.min(worst.a, a?.ms / ca?.ms);
  worst.coldA = Math.min(worst.coldA, a?.ms / ca?.cold_ms);
  const group = file.split('/')[0];
  const t = totals.get(group) ?? { n: 0, r: 0, c: 0, m: 0, cc: 0, a: 0, ca: 0, cca: 0 };
  t.n++; t.r += r.ms; t.c += c?.ms ?? NaN; t.m += c?.memory_ms ?? NaN; t.cc += c?.cold_ms ?? NaN; t.a += a?.ms ?? NaN; t.ca += ca?.ms ?? NaN; t.cca += ca?.cold_ms ?? NaN;
  totals.set(group, t);
}
console.log('');
row(['format (sum of medians)', 'reference', 'candor', 'ratio', 'in memory', 'ratio', 'cold', 'ratio', 'ref+anch', 'candor+anch', 'ratio', 'cold+anch', 'ratio', 'files']);
const all = { n: 0, r: 0, c: 0, m: 0, cc: 0, a: 0, ca: 0, cca: 0 };
for (const [group, t] of totals) {
  row([group, fixed(t.r), fixed(t.c), ratio(t.r, t.c), fixed(t.m), ratio(t.r, t.m), fixed(t.cc), ratio(t.r, t.cc), fixed(t.a), fixed(t.ca), ratio(t.a, t.ca), fixed(t.cca), ratio(t.a, t.cca), String(t.n)]);
  for (const k of Object.keys(all)) all[k] += t[k];
}
row(['all', fixed(all.r), fixed(all.c), ratio(all.r, all.c), fixed(all.m), ratio(all.r, all.m), fixed(all.cc), ratio(all.r, all.cc), fixed(all.a), fixed(all.ca), ratio(all.a, all.ca), fixed(all.cca), ratio(all.a, all.cca), String(all.n)]);
row(['lowest per-file ratio', '', '', `${worst.r.toFixed(1)}x`, '', `${worst.m.toFixed(1)}x`, '', `${worst.cold.toFixed(1)}x`, '', '', `${worst.a.toFixed(1)}x`, '', `${worst.coldA.toFixed(1)}x`, '']);
const cpuOf = (name) => readFileSync(`${work}/${name}.cpu`, 'utf8').trim().split('\n').pop().split(' ').map(Number).reduce((x, y) => x + y, 0);
console.log('');
console.log(`process CPU s (user+sys, start-up included): reference ${cpuOf('reference').toFixed(2)} / candor ${cpuOf('candor').toFixed(2)} (ratio ${(cpuOf('reference') / cpuOf('candor')).toFixed(1)}x); with anchors reference ${cpuOf('reference-anchors').toFixed(2)} / candor ${cpuOf('candor-anchors').toFixed(2)} (ratio ${(cpuOf('reference-anchors') / cpuOf('candor-anchors')).toFixed(1)}x)`);
console.log('');
console.log(`C2PA sign: median ms of ${repeat} in-process signs (one c2pa.created action, no thumbnail, no time-stamp)`);
const candorSign = new Map(lines('candor-sign.jsonl').map((r) => [`${r.in}|${r.alg}`, r]));
const signRow = (cells) => console.log(cells[0].padEnd(30) + cells[1].padEnd(9) + cells.slice(2, 5).map((c) => String(c).padStart(12)).join('') + '  ' + cells[5]);
signRow(['input', 'alg', 'reference', 'candor', 'ref/candor', 'reference output']);
for (const s of lines('reference-sign.jsonl')) {
  const input = s.in.slice(corpus.length + 1);
  const c = candorSign.get(`${input}|${s.alg}`);
  signRow([input, s.alg, fixed(s.ms), fixed(c?.ms), ratio(s.ms, c?.ms), `${s.state} ${s.failures.join(',')}`.trim()]);
}
EOF
