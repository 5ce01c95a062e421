// Search and attribution results as cards: a preview, the score with its measure in words, the caption, the URL
// (a link only when it is http or https) and the key. Everything from the data set goes in as text (dom.js).
import { getJson } from './api.js';
import { h } from './dom.js';

/** GET /api/search/index: the candor.index-info/1 description of the served index. */
export function indexInfo() {
  return getJson('/api/search/index');
}

/** One sentence about the served index, e.g. "Searching 'laion' (1,000 items): …". */
export function indexSummary(info) {
  const parts = [];
  if (info.pdq && info.pdqItems > 0) parts.push(`PDQ hashes of ${info.pdqItems.toLocaleString('en')} images`);
  if (info.imageEncoder) parts.push(`image embeddings by ${info.imageEncoder.name}`);
  if (info.captionEncoder) parts.push(`caption embeddings by ${info.captionEncoder.name}`);
  if (info.thumbnails) parts.push('previews');
  const holds = parts.length > 0 ? parts.join(', ') : 'the catalogue only';
  return `Data set '${info.dataset}': ${info.items.toLocaleString('en')} items; ${holds}.`;
}

// PDQ's dihedral variants, as the library names them, in words.
const variantWords = {
  rot90: 'rotated 90°',
  rot180: 'rotated 180°',
  rot270: 'rotated 270°',
  flipx: 'mirrored',
  flipy: 'mirrored',
  flipplus1: 'mirrored along a diagonal',
  flipminus1: 'mirrored along a diagonal',
};

/** The score with its measure in words: "Hamming distance 4 bits", "similarity 0.91", "word match (BM25) -1.20". */
export function scoreText(hit) {
  switch (hit.measure) {
    case 'hamming-distance': {
      const variant = variantWords[hit.variant];
      return `Hamming distance ${hit.score} bit${hit.score === 1 ? '' : 's'}${variant ? ` (${variant})` : ''}`;
    }
    case 'cosine-similarity':
      return `similarity ${hit.score.toFixed(2)}`;
    case 'bm25':
      return `word match (BM25) ${hit.score.toFixed(2)}, lower is closer`;
    default:
      return `${hit.measure} ${hit.score}`;
  }
}

/** True for an absolute http or https URL: only those become links. */
function isWebUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function preview(hit) {
  if (!hit.thumbnail) return h('div', { class: 'no-preview' }, 'No preview stored');
  return h('img', { class: 'preview', src: `/api/items/${encodeURIComponent(hit.id)}/thumbnail`, alt: `Preview of item ${hit.key}` });
}

/**
 * One result as a list item.
 * @param {object} hit a hit of candor.search/1 or candor.attribute/1
 * @param {string} urlLabel what the URL is called on this page
 */
export function hitCard(hit, urlLabel) {
  let url = null;
  if (hit.url) {
    url = h('p', { class: 'url' }, `${urlLabel}: `, isWebUrl(hit.url)
      ? h('a', { href: hit.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, hit.url)
      : h('span', { class: 'mono' }, hit.url));
  }
  return h('li', { class: 'hit', 'data-url': hit.url || null },
    preview(hit),
    h('p', { class: 'score' }, scoreText(hit)),
    hit.caption ? h('p', { class: 'caption' }, hit.caption) : null,
    url,
    h('p', { class: 'hint' }, `key ${hit.key} · item ${hit.id}`));
}

/** A section of results: a heading, what the measure is, and the cards (or "None found."). */
export function hitSection(title, description, hits, urlLabel) {
  return h('section', { class: 'hits' },
    h('h3', {}, `${title} (${hits.length})`),
    description ? h('p', { class: 'hint' }, description) : null,
    hits.length > 0
      ? h('ul', { class: 'cards' }, hits.map((hit) => hitCard(hit, urlLabel)))
      : h('p', {}, 'None found.'));
}

/** The notes of a result (what could not be done and why), or nothing. */
export function notesList(notes) {
  if (!notes || notes.length === 0) return null;
  return h('section', { class: 'notes' },
    h('h3', {}, 'Notes'),
    h('ul', {}, notes.map((n) => h('li', {}, n))));
}

/** Wires a drop-zone button and a file input: a click on the zone opens the picker; a drop or a choice calls onFile. */
export function wireDropZone(dropZone, fileInput, onFile) {
  dropZone.addEventListener('click', () => fileInput.click());
  dropZone.addEventListener('dragover', (e) => {
    e.preventDefault();
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (e) => {
    e.preventDefault();
    dropZone.classList.remove('dragging');
    if (e.dataTransfer.files.length > 0) onFile(e.dataTransfer.files[0]);
  });
  fileInput.addEventListener('change', () => {
    if (fileInput.files.length > 0) onFile(fileInput.files[0]);
  });
}
