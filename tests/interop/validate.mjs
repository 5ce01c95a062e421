// Validates C2PA assets with the reference implementation (c2pa-rs in WebAssembly) and prints
// one JSON line per file:
//   {"file", "state", "failures", "informational", "ingredient_failures", "ms"}  or
//   {"file", "error", "ms"} when no manifest store could be read.
//
// usage: node validate.mjs [--anchors anchors.pem] [--repeat N] FILE...
//
// The lists are derived from the reader's validation_results exactly as the shared corpus's
// expected.json records them:
//   failures            = activeManifest.failure codes, in order, duplicates removed
//   informational       = activeManifest.informational codes, in order, duplicates removed
//   ingredient_failures = the failure codes of every ingredientDeltas[].validationDeltas,
//                         in order of first appearance, duplicates removed
// `ms` is the median wall time of one validation (WasmReader.fromBytes + json()) over N runs,
// measured in-process, so Node start-up and WebAssembly compilation are not counted.
//
// Remote manifests are never fetched (the run must be offline and repeatable): an asset that
// only points at one reports the reference's RemoteManifestUrl error. A `.c2pa` file is read
// as a bare manifest store (application/c2pa); the wasm API has no entry point that takes an
// asset plus a separate manifest, so a sidecar's hard binding cannot be checked against its asset.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { initSync, WasmReader } from '@contentauth/c2pa-wasm';

const MIME_BY_EXTENSION = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  c2pa: 'application/c2pa',
};

function usage(message) {
  process.stderr.write(`validate.mjs: ${message}\nusage: node validate.mjs [--anchors anchors.pem] [--repeat N] FILE...\n`);
  process.exit(2);
}

function parseArguments(argv) {
  const options = { anchors: null, repeat: 1, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--anchors') {
      if (i + 1 >= argv.length) usage('--anchors needs a PEM file');
      options.anchors = argv[++i];
    } else if (argument === '--repeat') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) usage('--repeat needs a whole number of at least 1');
      options.repeat = n;
    } else if (argument.startsWith('--')) {
      usage(`unknown option ${argument}`);
    } else {
      options.files.push(argument);
    }
  }
  if (options.files.length === 0) usage('no files given');
  return options;
}

function mimeOf(file) {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return MIME_BY_EXTENSION[extension] ?? null;
}

function distinctCodes(statuses) {
  const codes = [];
  for (const status of statuses ?? []) {
    if (!codes.includes(status.code)) codes.push(status.code);
  }
  return codes;
}

function verdictOf(report) {
  const results = report.validation_results ?? {};
  const active = results.activeManifest ?? {};
  const ingredientFailures = [];
  for (const delta of results.ingredientDeltas ?? []) {
    for (const code of distinctCodes(delta.validationDeltas?.failure)) {
      if (!ingredientFailures.includes(code)) ingredientFailures.push(code);
    }
  }
  return {
    state: report.validation_state,
    failures: distinctCodes(active.failure),
    informational: distinctCodes(active.informational),
    ingredient_failures: ingredientFailures,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function validateOnce(mime, bytes, context) {
  const reader = await WasmReader.fromBytes(mime, bytes, context);
  try {
    return JSON.parse(reader.json());
  } finally {
    reader.free();
  }
}

async function validate(file, repeat, context) {
  const mime = mimeOf(file);
  if (mime === null) return { file, error: 'unsupported file extension (expected jpg, jpeg, png, webp or c2pa)' };
  let bytes;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    return { file, error: `cannot read file: ${e.message}` };
  }
  const times = [];
  let outcome;
  for (let run = 0; run < repeat; run++) {
    const started = performance.now();
    try {
      outcome = { report: await validateOnce(mime, bytes, context) };
    } catch (e) {
      outcome = { error: typeof e === 'string' ? e : String(e?.message ?? e) };
    }
    times.push(performance.now() - started);
  }
  const ms = Number(median(times).toFixed(3));
  return outcome.error !== undefined
    ? { file, error: outcome.error, ms }
    : { file, ...verdictOf(outcome.report), ms };
}

const options = parseArguments(process.argv.slice(2));
const wasmPath = fileURLToPath(import.meta.resolve('@contentauth/c2pa-wasm/c2pa.wasm'));
initSync({ module: readFileSync(wasmPath) });

const settings = { verify: { remote_manifest_fetch: false } };
if (options.anchors !== null) settings.trust = { trust_anchors: readFileSync(options.anchors, 'utf8') };
const context = JSON.stringify(settings);

for (const file of options.files) {
  process.stdout.write(JSON.stringify(await validate(file, options.repeat, context)) + '\n');
}
