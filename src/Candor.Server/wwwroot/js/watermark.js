// Watermark page: detect (POST /api/watermark/detect) with a key file or the public do-not-train key,
// embed (POST /api/watermark/embed) with a user-supplied key (or, for "do not train", the public key),
// showing PSNR/SSIM and offering the marked file.
import { post, session, showStatus, showError, downloadLink, attachmentName } from './api.js';
import { h, table } from './dom.js';

const detectForm = document.getElementById('detect-form');
const detectFile = document.getElementById('detect-file');
const detectKey = document.getElementById('detect-key');
const detectPublic = document.getElementById('detect-public');
const detectOutput = document.getElementById('detect-output');

const embedForm = document.getElementById('embed-form');
const embedFile = document.getElementById('embed-file');
const embedKey = document.getElementById('embed-key');
const embedKind = document.getElementById('embed-kind');
const embedMessage = document.getElementById('embed-message');
const embedPayload = document.getElementById('embed-payload');
const embedScope = document.getElementById('embed-scope');
const embedOwner = document.getElementById('embed-owner');
const embedOutput = document.getElementById('embed-output');

session().catch(showError);

detectPublic.addEventListener('change', () => {
  detectKey.disabled = detectPublic.checked;
});

embedKind.addEventListener('change', () => {
  document.getElementById('embed-message-field').hidden = embedKind.value !== 'message';
  document.getElementById('embed-payload-field').hidden = embedKind.value !== 'payload';
  document.getElementById('embed-notrain-fields').hidden = embedKind.value !== 'noTrain';
  // "Do not train" may use the public key, so the key file is only required for the other payloads.
  embedKey.required = embedKind.value !== 'noTrain';
});

detectForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = detectFile.files[0];
  if (!file) {
    showError('Choose an image.');
    return;
  }
  const data = new FormData();
  data.append('file', file, file.name);
  if (detectPublic.checked) data.append('publicNoTrain', 'true');
  else if (detectKey.files.length > 0) data.append('key', detectKey.files[0], detectKey.files[0].name);
  else {
    showError('Choose a key file or the public do-not-train key.');
    return;
  }
  showStatus(`Looking for a watermark in ${file.name}…`);
  try {
    const doc = await (await post('/api/watermark/detect', data)).json();
    detectOutput.replaceChildren(
      h('h3', {}, `${file.name} (key ${doc.key})`),
      ...(doc.results ?? []).flatMap((r) => [
        h('p', { class: r.found ? 'verdict ok' : 'verdict' }, r.error ? `Error: ${r.error}` : r.found ? 'Watermark found.' : 'No watermark found with this key.'),
        r.error ? null : table(null, ['Measure', 'Value'], [
          ['p-value', String(r.pValue)],
          ['threshold', String(doc.threshold)],
          ['payload', r.payload ?? 'none'],
          ['text', r.text ?? ''],
          ['do not train', r.noTrain ? `${r.noTrain.scope}: ${r.noTrain.meaning} (owner ${r.noTrain.owner})` : ''],
          ['rotation', r.rotationDegrees !== undefined ? `${r.rotationDegrees}°` : ''],
          ['mirrored', r.mirrored ? 'yes' : 'no'],
        ].filter(([, v]) => v !== ''))].filter((n) => n !== null)));
    showStatus('Detection finished.');
  } catch (err) {
    showError(err);
  }
});

embedForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = embedFile.files[0];
  const key = embedKey.files[0];
  if (!file || (!key && embedKind.value !== 'noTrain')) {
    showError('Choose an image and a key file (only "Do not train" can use the public key).');
    return;
  }
  const data = new FormData();
  data.append('file', file, file.name);
  if (key) data.append('key', key, key.name);
  if (embedKind.value === 'message') data.append('message', embedMessage.value);
  else if (embedKind.value === 'payload') data.append('payload', embedPayload.value);
  else {
    data.append('noTrain', embedScope.value);
    if (embedOwner.value) data.append('owner', embedOwner.value);
  }
  showStatus(`Embedding a watermark in ${file.name}…`);
  try {
    const res = await post('/api/watermark/embed', data);
    const blob = await res.blob();
    const dot = file.name.lastIndexOf('.');
    const name = attachmentName(res, dot > 0 ? `${file.name.slice(0, dot)}-marked${file.name.slice(dot)}` : `${file.name}-marked`);
    const psnr = res.headers.get('X-Candor-Psnr');
    const ssim = res.headers.get('X-Candor-Ssim');
    embedOutput.replaceChildren(
      table('How visible the watermark is (higher is less visible)', ['Measure', 'Value'], [
        ['PSNR', psnr ? `${Number(psnr).toFixed(2)} dB` : 'not reported'],
        ['SSIM', ssim ? Number(ssim).toFixed(4) : 'not reported'],
      ]),
      downloadLink(blob, name));
    showStatus(`${name} is ready to download.`);
  } catch (err) {
    showError(err);
  }
});
