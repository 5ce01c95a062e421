// Search results with each item's consent status: when the server has a consent registry, the hits' URLs are sent
// to the bulk check (POST /api/consent/check) and every card says what the registry decides for AI training.
import { h } from './dom.js';
import { registryStatus, checkUrls } from './consent-api.js';

let available;

const words = {
  forbidden: 'Consent: do not train',
  allowed: 'Consent: training allowed',
  'not-stated': 'Consent: not stated',
};

/** Adds a consent line to every card with a URL in container (li.hit[data-url]); nothing when the server has no registry. */
export async function annotateConsent(container) {
  available ??= registryStatus().then((s) => s.available).catch(() => false);
  if (!(await available)) return;
  const cards = [...container.querySelectorAll('li.hit[data-url]')].slice(0, 10000);
  if (cards.length === 0) return;
  const results = await checkUrls(cards.map((c) => c.dataset.url), 'ai-training');
  cards.forEach((card, i) => {
    const r = results[i];
    card.querySelector('.consent')?.remove();
    card.append(h('p', { class: `consent consent-${r.verdict}`, title: r.reason }, `${words[r.verdict] ?? r.verdict} — ${r.reason}`));
  });
}
