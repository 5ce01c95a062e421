// Content Credentials (C2PA) in words: a table of the common validation status codes and the
// tree views of a candor.verify/1 document and of the C2PA part of a candor.inspect/1 report.
import { h, facts } from './dom.js';

/** Status code → what it means, for people who do not read the C2PA specification. */
const meanings = new Map([
  ['claimSignature.validated', 'The signature over the claim is mathematically valid.'],
  ['claimSignature.mismatch', 'The signature does not match the claim: the claim was changed after signing, or the signature is forged.'],
  ['claimSignature.missing', 'The claim has no signature.'],
  ['claimSignature.insideValidity', 'The signing certificate was valid when the signature was checked.'],
  ['claimSignature.outsideValidity', 'The signing certificate was expired or not yet valid at signing time.'],
  ['signingCredential.trusted', 'The signer\'s certificate chains to a certificate you trust.'],
  ['signingCredential.untrusted', 'The signer\'s certificate does not chain to any certificate you trust, so who signed cannot be confirmed.'],
  ['signingCredential.invalid', 'The signer\'s certificate is malformed or not allowed for signing Content Credentials.'],
  ['signingCredential.revoked', 'The signer\'s certificate was revoked by its issuer.'],
  ['signingCredential.expired', 'The signer\'s certificate has expired.'],
  ['signingCredential.ocsp.skipped', 'Revocation was not checked online (the network is not used).'],
  ['signingCredential.ocsp.notRevoked', 'The issuer confirmed the signer\'s certificate is not revoked.'],
  ['signingCredential.ocsp.revoked', 'The issuer reports the signer\'s certificate as revoked.'],
  ['timeStamp.validated', 'The trusted time stamp on the signature is valid.'],
  ['timeStamp.trusted', 'The time stamp comes from a trusted time-stamping authority.'],
  ['timeStamp.mismatch', 'The time stamp does not match the signature.'],
  ['timeStamp.untrusted', 'The time stamp comes from an authority you do not trust.'],
  ['timeStamp.outsideValidity', 'The time stamp falls outside the certificate\'s validity.'],
  ['assertion.hashedURI.match', 'An assertion is exactly as it was when signed.'],
  ['assertion.hashedURI.mismatch', 'An assertion was changed after signing.'],
  ['assertion.dataHash.match', 'The image bytes are exactly as they were when signed.'],
  ['assertion.dataHash.mismatch', 'The image bytes changed after signing: the pixels or the file were edited, so the credentials no longer describe this file.'],
  ['assertion.dataHash.malformed', 'The record of which image bytes were signed is malformed.'],
  ['assertion.bmffHash.match', 'The image data (BMFF boxes) is exactly as it was when signed.'],
  ['assertion.bmffHash.mismatch', 'The image data (BMFF boxes) changed after signing.'],
  ['assertion.boxesHash.match', 'The file\'s boxes are exactly as they were when signed.'],
  ['assertion.boxesHash.mismatch', 'The file\'s boxes changed after signing.'],
  ['assertion.missing', 'An assertion the claim lists is missing from the file.'],
  ['assertion.undeclared', 'The file holds an assertion the claim does not list.'],
  ['assertion.inaccessible', 'An assertion could not be read.'],
  ['assertion.multipleHardBindings', 'The claim binds to the image more than once, which is not allowed.'],
  ['assertion.cbor.invalid', 'An assertion is not valid CBOR.'],
  ['assertion.json.invalid', 'An assertion is not valid JSON.'],
  ['assertion.action.ingredientMismatch', 'An action refers to an ingredient that does not match.'],
  ['assertion.action.malformed', 'An actions assertion is malformed.'],
  ['claim.missing', 'The manifest has no claim.'],
  ['claim.multiple', 'The manifest has more than one claim.'],
  ['claim.malformed', 'The claim is malformed.'],
  ['claim.hardBindings.missing', 'The claim does not bind to the image bytes, so any image could carry it.'],
  ['manifest.missing', 'A manifest that is referred to is missing.'],
  ['manifest.inaccessible', 'A manifest could not be read.'],
  ['manifest.multipleParents', 'The manifest has more than one parent ingredient.'],
  ['ingredient.hashedURI.mismatch', 'An ingredient changed after it was recorded.'],
  ['ingredient.manifest.validated', 'An ingredient\'s own credentials validate.'],
  ['ingredient.manifest.mismatch', 'An ingredient\'s credentials do not match what was recorded.'],
  ['algorithm.unsupported', 'The credentials use an algorithm that cannot be checked.'],
  ['general.error', 'The credentials could not be validated because of an error.'],
]);

/** A sentence for a status code; codes not in the table say so rather than guess. */
export function explain(code) {
  return meanings.get(code) ?? `Status code "${code}" (no plain-language explanation available for it).`;
}

/** One status entry: the code, what it means, and the validator's own message. */
export function statusItem(entry) {
  const code = typeof entry === 'string' ? entry : entry.code;
  return h('li', {},
    h('span', { class: 'code' }, code), ' — ', explain(code),
    typeof entry === 'object' && entry.message ? h('div', { class: 'hint mono' }, entry.message) : null);
}

function statusList(title, entries, cls) {
  if (!entries || entries.length === 0) return null;
  return h('li', {}, h('span', { class: cls }, `${title} (${entries.length})`), h('ul', {}, entries.map(statusItem)));
}

const stateWords = {
  Trusted: 'Valid and signed by a certificate you trust.',
  Valid: 'Valid, but the signer is not one you trust.',
  Invalid: 'Invalid: the credentials do not hold for this file.',
};

/** The verdict line of a candor.verify/1 state. */
export function stateSentence(state) {
  return stateWords[state] ?? String(state ?? 'No verdict');
}

/** A candor.verify/1 document as a tree: verdict, manifests (signer, actions, ingredients), status codes in words. */
export function verifyTree(doc) {
  const bad = doc.state === 'Invalid' || (doc.failures ?? []).length > 0;
  return h('div', { class: 'c2pa' },
    h('p', { class: `verdict ${bad ? 'bad' : 'ok'}` }, `Verdict: ${doc.state ?? doc.outcome} — ${stateSentence(doc.state)}`),
    facts([['Outcome', doc.outcome], ['Store', doc.store_source], ['Active manifest', doc.active_manifest]]),
    h('ul', { class: 'tree', 'aria-label': 'Content Credentials' },
      h('li', {}, `Manifests (${(doc.manifests ?? []).length})`,
        h('ul', {}, (doc.manifests ?? []).map(manifestNode))),
      statusList('Failures', doc.failures, 'bad'),
      statusList('Informational', doc.informational, ''),
      (doc.successes ?? []).length > 0
        ? h('li', {}, h('details', {}, h('summary', {}, `Successes (${doc.successes.length})`), h('ul', {}, doc.successes.map(statusItem))))
        : null));
}

function manifestNode(m) {
  const sig = m.signature ?? {};
  const signer = [sig.common_name, sig.organization].filter(Boolean).join(', ');
  return h('li', {},
    h('strong', {}, m.title ?? m.label), m.active ? ' (active)' : '',
    h('ul', {},
      h('li', {}, `Label: ${m.label}`),
      m.claim_generator ? h('li', {}, `Made by: ${m.claim_generator}`) : null,
      h('li', {}, `Signer: ${signer || 'unknown'}`,
        h('ul', {},
          sig.algorithm ? h('li', {}, `Algorithm: ${sig.algorithm}`) : null,
          sig.issuer ? h('li', {}, `Issuer: ${[sig.issuer, sig.issuer_organization].filter(Boolean).join(', ')}`) : null,
          sig.not_before ? h('li', {}, `Valid: ${sig.not_before} to ${sig.not_after}`) : null,
          sig.time ? h('li', {}, `Signed at: ${sig.time}`) : null)),
      h('li', {}, `Actions (${(m.actions ?? []).length})`,
        h('ul', {}, (m.actions ?? []).map((a) => h('li', {},
          a.action, a.digital_source_type ? ` — source: ${a.digital_source_type}` : '', a.software_agent ? ` — by ${a.software_agent}` : '')))),
      h('li', {}, `Ingredients (${(m.ingredients ?? []).length})`,
        h('ul', {}, (m.ingredients ?? []).map((i) => h('li', {},
          typeof i === 'string' ? i : [i.title ?? i.label ?? 'ingredient', i.relationship ? ` (${i.relationship})` : '']))))));
}

/** The C2PA part of an inspect report (disclosure.c2pa) as a tree. */
export function overviewTree(c2pa) {
  const failures = c2pa.validationFailures ?? [];
  return h('ul', { class: 'tree', 'aria-label': 'Content Credentials' },
    h('li', {}, h('span', { class: `verdict ${c2pa.validation === 'Invalid' ? 'bad' : 'ok'}` }, `Verdict: ${c2pa.validation ?? 'not validated'}`),
      ' — ', stateSentence(c2pa.validation)),
    h('li', {}, `Manifests: ${c2pa.manifestCount ?? 0}`,
      h('ul', {},
        h('li', {}, `Active: ${c2pa.activeManifest ?? 'none'}`,
          h('ul', {},
            c2pa.title ? h('li', {}, `Title: ${c2pa.title}`) : null,
            c2pa.claimGenerator ? h('li', {}, `Made by: ${c2pa.claimGenerator}`) : null,
            h('li', {}, `Signer: ${c2pa.signer ?? 'unknown'}`),
            h('li', {}, `Actions (${(c2pa.actions ?? []).length})`, h('ul', {}, (c2pa.actions ?? []).map((a) => h('li', {}, a)))),
            h('li', {}, `Ingredients (${(c2pa.ingredients ?? []).length})`, h('ul', {}, (c2pa.ingredients ?? []).map((i) => h('li', {}, i)))))))),
    failures.length > 0 ? h('li', {}, h('span', { class: 'bad' }, `Failures (${failures.length})`), h('ul', {}, failures.map(statusItem))) : null);
}
