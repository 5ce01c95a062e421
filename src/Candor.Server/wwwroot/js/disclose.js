// Disclose page: fills the source types from GET /api/vocabulary/source-types, POSTs /api/disclose and offers the labelled file.
import { post, session, getJson, showStatus, showError, downloadLink, attachmentName } from './api.js';
import { h, facts } from './dom.js';

const form = document.getElementById('disclose-form');
const fileInput = document.getElementById('disclose-file');
const sourceType = document.getElementById('source-type');
const definition = document.getElementById('source-definition');
const tools = document.getElementById('tools');
const actions = document.getElementById('actions');
const noTrain = document.getElementById('no-train');
const signField = document.getElementById('sign-field');
const sign = document.getElementById('sign');
const output = document.getElementById('disclose-output');
const empty = document.getElementById('disclose-empty');

/** code → vocabulary term */
const terms = new Map();

async function init() {
  try {
    const [s, vocabulary] = await Promise.all([session(), getJson('/api/vocabulary/source-types')]);
    signField.hidden = !s.signing;
    for (const t of vocabulary.filter((v) => !v.retired)) {
      terms.set(t.code, t);
      sourceType.append(h('option', { value: t.code }, t.label));
    }
    showDefinition();
  } catch (e) {
    showError(e);
  }
}

function showDefinition() {
  const t = terms.get(sourceType.value);
  definition.textContent = t ? `${t.definition} (code ${t.code}; AI role: ${t.aiRole})` : '';
}

function lines(textarea) {
  return textarea.value.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

/** The X-Candor-Disclosure header: base64url of UTF-8 JSON. */
function decodeDisclosure(value) {
  if (!value) return null;
  const b64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

sourceType.addEventListener('change', showDefinition);

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = fileInput.files[0];
  if (!file) {
    showError('Choose an image to label.');
    return;
  }
  const data = new FormData();
  data.append('file', file, file.name);
  data.append('sourceType', sourceType.value);
  if (noTrain.value) data.append('noTrain', noTrain.value);
  for (const t of lines(tools)) data.append('tool', t);
  for (const a of lines(actions)) data.append('action', a);
  if (!signField.hidden && sign.checked) data.append('sign', 'true');
  showStatus(`Labelling ${file.name}…`);
  try {
    const res = await post('/api/disclose', data);
    const blob = await res.blob();
    const dot = file.name.lastIndexOf('.');
    const name = attachmentName(res, dot > 0 ? `${file.name.slice(0, dot)}-disclosed${file.name.slice(dot)}` : `${file.name}-disclosed`);
    let summary = null;
    try {
      summary = decodeDisclosure(res.headers.get('X-Candor-Disclosure'));
    } catch {
      summary = null;
    }
    empty.hidden = true;
    output.replaceChildren(
      h('p', {}, `${name} is labelled as: ${terms.get(sourceType.value)?.label ?? sourceType.value}.`),
      downloadLink(blob, name));
    if (summary) {
      output.append(h('details', {}, h('summary', {}, 'What was written'),
        facts(Object.entries(summary).filter(([, v]) => typeof v !== 'object').map(([k, v]) => [k, String(v)])),
        h('pre', { class: 'mono' }, JSON.stringify(summary, null, 2))));
    }
    showStatus(`${name} is ready to download.`);
  } catch (err) {
    showError(err);
  }
});

init();
