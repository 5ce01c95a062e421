// Signs an image with the reference C2PA implementation (c2pa-rs Builder in WebAssembly): the
// reference side of the signing benchmark, and a source of reference-signed files for tests.
//
// usage: node sign.mjs --alg es256 --cert chain.pem --key key.pem [--repeat N] IN OUT
//
// The manifest is deliberately simple: claim_generator_info "Candor-bench" and one c2pa.actions
// assertion with a c2pa.created action whose digitalSourceType is trainedAlgorithmicMedia. No
// thumbnail, no time-stamp, no ingredient.
//
// The wasm signer hands the claim bytes to a JavaScript callback and expects a complete COSE_Sign1
// back (its SignerDefinition has no place for a certificate chain), so this script builds the
// COSE_Sign1 itself: protected header {1: alg, 33: x5chain}, detached payload, signature made by
// Node's crypto (ECDSA as IEEE P1363 r||s, RSA-PSS with salt length = hash length, Ed25519), and
// an unprotected "pad" that makes the structure exactly the size the builder reserved.
//
// Prints one JSON line: {"in", "out", "alg", "format", "bytes", "ms", "state", "failures"} where
// ms is the median in-process time of one sign (builder from JSON + sign, file I/O excluded) over
// N runs, and state/failures are what the reference reader says of the written file.
import { createPrivateKey, sign as cryptoSign, constants as cryptoConstants, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { initSync, WasmBuilder, WasmReader } from '@contentauth/c2pa-wasm';

const MIME_BY_EXTENSION = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

// COSE algorithm identifiers (RFC 9053 / RFC 8230) and how Node's crypto makes each signature.
const ALGORITHMS = {
  es256: { cose: -7, hash: 'sha256', kind: 'ecdsa' },
  es384: { cose: -35, hash: 'sha384', kind: 'ecdsa' },
  es512: { cose: -36, hash: 'sha512', kind: 'ecdsa' },
  ps256: { cose: -37, hash: 'sha256', kind: 'pss', saltLength: 32 },
  ps384: { cose: -38, hash: 'sha384', kind: 'pss', saltLength: 48 },
  ps512: { cose: -39, hash: 'sha512', kind: 'pss', saltLength: 64 },
  ed25519: { cose: -8, hash: null, kind: 'eddsa' },
};

const TRAINED_ALGORITHMIC_MEDIA = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

function usage(message) {
  process.stderr.write(`sign.mjs: ${message}\nusage: node sign.mjs --alg ALG --cert chain.pem --key key.pem [--repeat N] IN OUT\n`);
  process.exit(2);
}

function parseArguments(argv) {
  const options = { alg: null, cert: null, key: null, repeat: 1, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${argument} needs a value`));
    if (argument === '--alg') options.alg = value().toLowerCase();
    else if (argument === '--cert') options.cert = value();
    else if (argument === '--key') options.key = value();
    else if (argument === '--repeat') {
      options.repeat = Number(value());
      if (!Number.isInteger(options.repeat) || options.repeat < 1) usage('--repeat needs a whole number of at least 1');
    } else if (argument.startsWith('--')) usage(`unknown option ${argument}`);
    else options.paths.push(argument);
  }
  if (!ALGORITHMS[options.alg]) usage(`--alg must be one of ${Object.keys(ALGORITHMS).join(', ')}`);
  if (!options.cert || !options.key) usage('--cert and --key are required');
  if (options.paths.length !== 2) usage('give exactly one input and one output file');
  return options;
}

function mimeOf(file) {
  const mime = MIME_BY_EXTENSION[file.slice(file.lastIndexOf('.') + 1).toLowerCase()];
  if (!mime) usage(`${file}: unsupported extension (expected jpg, jpeg, png or webp)`);
  return mime;
}

// ---- A minimal CBOR writer (RFC 8949 preferred encoding) for the few types COSE_Sign1 needs ----

function cborHead(majorType, length) {
  const major = majorType << 5;
  if (length < 24) return Buffer.from([major | length]);
  if (length < 0x100) return Buffer.from([major | 24, length]);
  if (length < 0x10000) return Buffer.from([major | 25, length >> 8, length & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = major | 26;
  head.writeUInt32BE(length, 1);
  return head;
}

function cbor(value) {
  if (value === null) return Buffer.from([0xf6]);
  if (Number.isInteger(value)) return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'string') {
    const utf8 = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, utf8.length), utf8]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(cbor)]);
  if (value instanceof Map) {
    const parts = [cborHead(5, value.size)];
    for (const [key, item] of value) parts.push(cbor(key), cbor(item));
    return Buffer.concat(parts);
  }
  if (value && value.tag !== undefined) return Buffer.concat([cborHead(6, value.tag), cbor(value.value)]);
  throw new Error(`cbor: cannot encode ${typeof value}`);
}

// ---- COSE_Sign1 with a detached payload, padded to an exact size -------------------------------

function pemCertificatesDer(pem) {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('the certificate file holds no PEM certificate');
  return blocks.map((block) => new Uint8Array(new X509Certificate(block).raw));
}

function rawSignature(algorithm, privateKey, toBeSigned) {
  switch (algorithm.kind) {
    case 'ecdsa':
      return cryptoSign(algorithm.hash, toBeSigned, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    case 'pss':
      return cryptoSign(algorithm.hash, toBeSigned, {
        key: privateKey,
        padding: cryptoConstants.RSA_PKCS1_PSS_PADDING,
        saltLength: algorithm.saltLength,
      });
    default:
      return cryptoSign(null, toBeSigned, privateKey);
  }
}

// The unprotected header that brings the COSE_Sign1 to exactly `target` bytes. A "pad" byte string
// of zeros does it unless its own length prefix grows across a CBOR size boundary; then an empty
// "pad2" takes up six bytes and "pad" is sized again.
function paddedUnprotected(unpaddedLength, target) {
  const fits = (room) => {
    for (const headLength of [1, 2, 3, 5]) {
      const n = room - 4 - headLength; // 4 = the text "pad" with its head
      if (n >= 0 && cborHead(2, n).length === headLength) return n;
    }
    return -1;
  };
  const room = target - unpaddedLength;
  if (room === 0) return new Map();
  let n = fits(room);
  if (n >= 0) return new Map([['pad', new Uint8Array(n)]]);
  n = fits(room - 6);
  if (n >= 0) return new Map([['pad', new Uint8Array(n)], ['pad2', new Uint8Array(0)]]);
  throw new Error(`cannot pad a ${unpaddedLength}-byte COSE_Sign1 to the ${target} bytes reserved for it`);
}

function coseSign1(algorithm, chainDer, privateKey, payload, target) {
  const x5chain = chainDer.length === 1 ? chainDer[0] : chainDer;
  const protectedHeader = cbor(new Map([[1, algorithm.cose], [33, x5chain]]));
  const sigStructure = cbor(['Signature1', protectedHeader, new Uint8Array(0), payload]);
  const signature = rawSignature(algorithm, privateKey, sigStructure);
  const build = (unprotected) => cbor({ tag: 18, value: [protectedHeader, unprotected, null, signature] });
  const unpadded = build(new Map());
  if (unpadded.length > target) {
    throw new Error(`the COSE_Sign1 is ${unpadded.length} bytes, more than the ${target} reserved for it`);
  }
  return new Uint8Array(build(paddedUnprotected(unpadded.length, target)));
}

// ---- Blobs the wasm can read in Node ------------------------------------------------------------

// The builder reads its source Blob slice by slice through the browser-only FileReaderSync. Node
// has no synchronous Blob read, so source Blobs keep their bytes and the stand-in hands them back.
class BytesBlob extends Blob {
  #bytes;
  #type;
  constructor(bytes, type = '') {
    super();
    this.#bytes = bytes;
    this.#type = type;
  }
  get size() { return this.#bytes.length; }
  get type() { return this.#type; }
  get bytes() { return this.#bytes; }
  slice(start = 0, end = this.#bytes.length) { return new BytesBlob(this.#bytes.subarray(start, end)); }
  async arrayBuffer() { return this.#bytes.slice().buffer; }
}

globalThis.FileReaderSync ??= class FileReaderSync {
  readAsArrayBuffer(blob) {
    if (!(blob instanceof BytesBlob)) throw new TypeError('FileReaderSync stand-in: only BytesBlob can be read');
    return blob.bytes.slice().buffer;
  }
};

// ---- main ---------------------------------------------------------------------------------------

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const options = parseArguments(process.argv.slice(2));
const [input, output] = options.paths;
const mime = mimeOf(input);
mimeOf(output);
const algorithm = ALGORITHMS[options.alg];
const chainDer = pemCertificatesDer(readFileSync(options.cert, 'utf8'));
const privateKey = createPrivateKey(readFileSync(options.key));
// Room for the chain, the largest signature (RSA-4096: 512 bytes) and the COSE framing.
const reserveSize = chainDer.reduce((sum, der) => sum + der.length, 0) + 1024;

const wasmPath = fileURLToPath(import.meta.resolve('@contentauth/c2pa-wasm/c2pa.wasm'));
initSync({ module: readFileSync(wasmPath) });

const manifest = JSON.stringify({
  claim_generator_info: [{ name: 'Candor-bench', version: '1' }],
  assertions: [
    {
      label: 'c2pa.actions',
      data: { actions: [{ action: 'c2pa.created', digitalSourceType: TRAINED_ALGORITHMIC_MEDIA }] },
    },
  ],
});
// No thumbnail (the manifest stays the same size whatever the image) and no verification inside
// sign: the timing is of signing alone; the written file is validated once, after timing.
const context = JSON.stringify({
  builder: { thumbnail: { enabled: false } },
  verify: { verify_after_sign: false, remote_manifest_fetch: false },
});
const signer = {
  alg: options.alg,
  reserveSize,
  sign: async (claimBytes) => coseSign1(algorithm, chainDer, privateKey, claimBytes, reserveSize),
};

const source = new Uint8Array(readFileSync(input));
const times = [];
let signed;
for (let run = 0; run < options.repeat; run++) {
  const started = performance.now();
  const builder = WasmBuilder.fromJson(manifest, context);
  try {
    signed = await builder.sign(signer, [], mime, new BytesBlob(source, mime));
  } finally {
    builder.free();
  }
  times.push(performance.now() - started);
}
writeFileSync(output, signed);

const reader = await WasmReader.fromBytes(mime, signed, JSON.stringify({ verify: { remote_manifest_fetch: false } }));
const report = JSON.parse(reader.json());
reader.free();
process.stdout.write(JSON.stringify({
  in: input,
  out: output,
  alg: options.alg,
  format: mime,
  bytes: signed.length,
  ms: Number(median(times).toFixed(3)),
  state: report.validation_state,
  failures: (report.validation_results?.activeManifest?.failure ?? []).map((s) => s.code),
}) + '\n');
