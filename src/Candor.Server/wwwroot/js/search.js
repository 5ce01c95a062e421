// Search page: what the served index holds (GET /api/search/index), then search by picture (POST /api/search/image)
// or by words (POST /api/search/text); each route of the candor.search/1 answer is a section of cards.
import { post, session, showStatus, showError, clearStatus } from './api.js';
import { h } from './dom.js';
import { indexInfo, indexSummary, hitSection, notesList, wireDropZone } from './hits.js';
import { annotateConsent } from './consent-status.js';

const summary = document.getElementById('index-summary');
const noIndex = document.getElementById('no-index');
const forms = document.getElementById('search-forms');
const imageForm = document.getElementById('image-form');
const dropZone = document.getElementById('drop-zone');
const fileInput = document.getElementById('image-file');
const imageK = document.getElementById('image-k');
const radius = document.getElementById('image-radius');
const dihedral = document.getElementById('image-dihedral');
const textForm = document.getElementById('text-form');
const textQuery = document.getElementById('text-query');
const textK = document.getElementById('text-k');
const output = document.getElementById('results-output');
const empty = document.getElementById('results-empty');

const urlLabel = 'Source URL';

session().catch(showError);
indexInfo().then((info) => {
  if (!info.available) {
    summary.hidden = true;
    noIndex.hidden = false;
    return;
  }
  summary.textContent = indexSummary(info);
  forms.hidden = false;
}).catch(showError);

wireDropZone(dropZone, fileInput, searchImage);
imageForm.addEventListener('submit', (e) => e.preventDefault());
textForm.addEventListener('submit', (e) => {
  e.preventDefault();
  searchText(textQuery.value.trim());
});

function encoderWords(encoder, what) {
  return encoder ? `${what} by ${encoder.name} (${encoder.dimension}-d ${encoder.space}), most similar first.` : null;
}

async function searchImage(file) {
  const data = new FormData();
  data.append('file', file, file.name);
  data.append('k', imageK.value);
  data.append('radius', radius.value);
  data.append('dihedral', dihedral.checked ? 'true' : 'false');
  showStatus(`Searching for ${file.name}…`);
  try {
    const res = await post('/api/search/image', data);
    const doc = await res.json();
    const query = doc.query ?? {};
    show(h('h3', { class: 'query' }, `Picture: ${file.name}`),
      hitSection('Near-duplicates (same picture)',
        query.pdq ? `By PDQ hash within ${query.radius} bits, closest first; 0 bits is the same picture.` : null,
        doc.nearDuplicates ?? [], urlLabel),
      hitSection('Similar pictures', encoderWords(doc.imageEncoder, 'By image embeddings'), doc.similar ?? [], urlLabel),
      notesList(doc.notes));
    showStatus(`Searched for ${file.name}: ${(doc.nearDuplicates ?? []).length} near-duplicates, ${(doc.similar ?? []).length} similar pictures.`);
  } catch (err) {
    showError(err);
  } finally {
    fileInput.value = '';
  }
}

async function searchText(text) {
  if (!text) {
    showError('Type the words or the description to look for.');
    return;
  }
  const data = new FormData();
  data.append('text', text);
  data.append('k', textK.value);
  showStatus(`Searching for “${text}”…`);
  try {
    const res = await post('/api/search/text', data);
    const doc = await res.json();
    const sections = [
      h('h3', { class: 'query' }, `Words: ${text}`),
      hitSection('Captions with these words', 'Captions containing the words, ranked by BM25 (lower is closer).', doc.words ?? [], urlLabel),
      hitSection('Captions with similar meaning', encoderWords(doc.captionEncoder, 'By caption embeddings'), doc.semantic ?? [], urlLabel),
    ];
    if (doc.imageEncoder) {
      sections.push(hitSection('Pictures matching the words', encoderWords(doc.imageEncoder, 'By image embeddings compared with the text'), doc.images ?? [], urlLabel));
    }
    sections.push(notesList(doc.notes));
    show(...sections);
    showStatus(`Searched for “${text}”: ${(doc.words ?? []).length} captions with these words, ${(doc.semantic ?? []).length} with similar meaning.`);
  } catch (err) {
    showError(err);
  }
}

function show(...nodes) {
  empty.hidden = true;
  output.replaceChildren(...nodes.filter((n) => n));
  annotateConsent(output).catch(showError);
}

clearStatus();
