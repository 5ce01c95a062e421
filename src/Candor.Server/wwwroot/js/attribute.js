// Attribute page: a generated image → the training images most similar to it by image embedding
// (POST /api/attribute, candor.attribute/1), with the encoder named and the library's statement shown as it is.
import { post, session, showStatus, showError, clearStatus } from './api.js';
import { h } from './dom.js';
import { indexInfo, indexSummary, hitSection, wireDropZone } from './hits.js';

const summary = document.getElementById('index-summary');
const noIndex = document.getElementById('no-index');
const noIndexHeading = document.getElementById('no-index-heading');
const noIndexText = document.getElementById('no-index-text');
const form = document.getElementById('attribute-form');
const dropZone = document.getElementById('drop-zone');
const fileInput = document.getElementById('attribute-file');
const k = document.getElementById('attribute-k');
const output = document.getElementById('results-output');
const empty = document.getElementById('results-empty');

const urlLabel = 'URL';

session().catch(showError);
indexInfo().then((info) => {
  if (!info.available || !info.imageEncoder) {
    if (info.available) {
      noIndexHeading.textContent = 'No image embeddings in this index';
      noIndexText.textContent = `The index of '${info.dataset}' has no image embeddings, so there is nothing to compare a picture with. Build one with image embeddings and start the server with it:`;
    }
    summary.hidden = true;
    noIndex.hidden = false;
    return;
  }
  summary.textContent = `${indexSummary(info)} Pictures are compared by ${info.imageEncoder.name}.`;
  form.hidden = false;
}).catch(showError);

wireDropZone(dropZone, fileInput, attribute);
form.addEventListener('submit', (e) => e.preventDefault());

async function attribute(file) {
  const data = new FormData();
  data.append('file', file, file.name);
  data.append('k', k.value);
  showStatus(`Comparing ${file.name}…`);
  try {
    const res = await post('/api/attribute', data);
    const doc = await res.json();
    const encoder = doc.encoder ?? {};
    const nearest = doc.nearest ?? [];
    const nearDuplicates = doc.nearDuplicates ?? [];
    empty.hidden = true;
    output.replaceChildren(
      h('h3', { class: 'query' }, `Generated image: ${file.name}`),
      h('p', { class: 'encoder' }, `Encoder: ${encoder.name} (${encoder.dimension}-d image embeddings, space ${encoder.space}).`),
      h('p', { class: 'statement' }, doc.statement),
      hitSection(`Most similar in '${doc.index?.dataset ?? ''}'`, `By cosine similarity of ${encoder.name} image embeddings, most similar first.`, nearest, urlLabel),
      nearDuplicates.length > 0
        ? hitSection('Near-duplicates (same picture)', 'By PDQ hash: these are the same picture as yours, possibly resized or re-encoded.', nearDuplicates, urlLabel)
        : null);
    showStatus(`Compared ${file.name} with ${doc.index?.items ?? 'the'} training images by ${encoder.name}.`);
  } catch (err) {
    showError(err);
  } finally {
    fileInput.value = '';
  }
}

clearStatus();
