// Consent page: sign in with an API key (or register for one), register works (pictures, addresses, folders,
// domains), prove a domain, and see the works with their history and withdraw them.
import { showStatus, showError, clearStatus } from './api.js';
import { h, table } from './dom.js';
import { apiKey, setApiKey, consentCall, registryStatus, statusWords } from './consent-api.js';

const $ = (id) => document.getElementById(id);
const signedOut = $('signed-out');
const signedIn = $('signed-in');
const newKey = $('new-key');
const worksOutput = $('works-output');
const worksEmpty = $('works-empty');

registryStatus().then((status) => {
  if (!status.available) {
    $('no-registry').hidden = false;
    return;
  }
  if (apiKey()) enter().catch(failSignIn);
  else signedOut.hidden = false;
}).catch(showError);

$('signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setApiKey($('signin-key').value.trim());
  $('signin-key').value = '';
  enter().catch(failSignIn);
});

$('register-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  showStatus('Registering…');
  try {
    const doc = await consentCall('POST', '/api/consent/owners', { name: $('register-name').value.trim() }, null);
    setApiKey(doc.apiKey);
    $('new-key-text').textContent = doc.apiKey;
    newKey.hidden = false;
    await enter();
    showStatus(`Registered as ${doc.owner.name}. Copy your API key now: it is shown only once.`);
  } catch (err) {
    showError(err);
  }
});

$('signout').addEventListener('click', () => {
  setApiKey(null);
  newKey.hidden = true;
  $('new-key-text').textContent = '';
  signedIn.hidden = true;
  signedOut.hidden = false;
  worksOutput.replaceChildren();
  showStatus('Signed out; the key is forgotten in this tab.');
});

function failSignIn(err) {
  setApiKey(null);
  signedIn.hidden = true;
  signedOut.hidden = false;
  showError(err.status === 401 ? 'That API key is not valid.' : err);
}

async function enter() {
  const me = await consentCall('GET', '/api/consent/owner');
  $('whoami').textContent = `Signed in as ${me.owner.name} (owner ${me.owner.id}).`;
  $('proof-text').textContent = me.owner.proofText;
  showDomains(me.domains);
  signedOut.hidden = true;
  signedIn.hidden = false;
  clearStatus();
  await loadWorks();
}

function optOutStatuses() {
  const statuses = {};
  for (const use of ['ai-training', 'genai-training', 'tdm']) {
    if ($(`use-${use}`).checked) statuses[use] = 'opt-out';
  }
  return statuses;
}

function lines(id) {
  return $(id).value.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

$('addresses-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const statuses = optOutStatuses();
  if (Object.keys(statuses).length === 0) {
    showError('Tick at least one use to opt out of.');
    return;
  }
  const works = [
    ...lines('urls').map((value) => ({ kind: 'url', value })),
    ...lines('prefixes').map((value) => ({ kind: 'url-prefix', value })),
    ...lines('domains').map((value) => ({ kind: 'domain', value })),
  ];
  if (works.length === 0) {
    showError('Type at least one address, folder or domain.');
    return;
  }
  showStatus(`Registering ${works.length} addresses…`);
  try {
    const doc = await consentCall('POST', '/api/consent/works', { statuses, works });
    for (const id of ['urls', 'prefixes', 'domains']) $(id).value = '';
    showStatus(`Registered ${doc.works.length} works.`);
    await loadWorks();
  } catch (err) {
    showError(err);
  }
});

$('images-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const files = $('images-file').files;
  const statuses = optOutStatuses();
  if (files.length === 0) {
    showError('Choose at least one picture.');
    return;
  }
  if (Object.keys(statuses).length === 0) {
    showError('Tick at least one use to opt out of.');
    return;
  }
  const data = new FormData();
  for (const f of files) data.append('file', f, f.name);
  data.append('statuses', Object.keys(statuses).map((u) => `${u}=opt-out`).join(' '));
  showStatus(`Registering ${files.length} pictures…`);
  try {
    const doc = await consentCall('POST', '/api/consent/works/images', data);
    $('images-file').value = '';
    const notes = doc.notes.length > 0 ? ` ${doc.notes.join(' ')}` : '';
    showStatus(`Registered ${doc.images.length} pictures (${doc.works.length} works: SHA-256 and PDQ).${notes}`);
    await loadWorks();
  } catch (err) {
    showError(err);
  }
});

$('domain-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const domain = $('domain-name').value.trim();
  showStatus(`Looking for the proof on ${domain}…`);
  try {
    const doc = await consentCall('POST', '/api/consent/domains', { domain });
    $('domain-result').replaceChildren(
      h('p', { class: doc.verified ? 'ok' : 'bad' }, doc.verified ? `${doc.domain} is verified.` : `${doc.domain} is not verified yet.`),
      h('ul', {}, doc.checks.map((c) => h('li', {}, `${c.method}: ${c.detail}`))));
    showStatus(doc.verified ? `${doc.domain} is verified.` : `${doc.domain} does not publish the proof yet.`);
    const list = await consentCall('GET', '/api/consent/domains');
    showDomains(list.domains);
    await loadWorks();
  } catch (err) {
    showError(err);
  }
});

function showDomains(domains) {
  $('domain-list').replaceChildren(domains.length === 0 ? h('p', { class: 'hint' }, 'No verified domain yet.')
    : table('Verified domains', ['Domain', 'How', 'When'], domains.map((d) => [d.domain, d.method, new Date(d.verifiedAt).toLocaleString('en')])));
}

async function loadWorks() {
  const all = [];
  let after = 0;
  for (;;) {
    const doc = await consentCall('GET', `/api/consent/works?after=${after}&limit=1000`);
    all.push(...doc.works);
    if (doc.next === null || all.length >= 5000) break;
    after = doc.next;
  }
  worksEmpty.hidden = all.length > 0;
  worksOutput.replaceChildren(all.length === 0 ? '' : table(`${all.length} works, oldest first`,
    ['Id', 'Kind', 'What', 'Says', 'Proved', ''],
    all.map((w) => [
      String(w.id),
      w.kind,
      h('span', { class: 'mono' }, w.label ? `${w.key} (${w.label})` : w.key),
      w.withdrawn ? 'withdrawn' : statusWords(w.statuses),
      w.verified ? 'yes' : 'no',
      actions(w),
    ]),
    (r, i) => (all[i].withdrawn ? 'withdrawn' : null)));
}

function actions(work) {
  const history = h('details', { class: 'history', 'data-work': String(work.id) },
    h('summary', {}, `History of work ${work.id}`),
    h('div', { class: 'history-body' }, 'Loading…'));
  history.addEventListener('toggle', () => {
    if (history.open) showHistory(work.id, history.querySelector('.history-body'));
  });
  const withdraw = work.withdrawn ? null : h('button', {
    type: 'button',
    class: 'withdraw',
    'aria-label': `Withdraw work ${work.id}`,
    onclick: () => withdrawWork(work.id),
  }, 'Withdraw');
  return h('div', {}, withdraw, history);
}

async function showHistory(id, into) {
  try {
    const doc = await consentCall('GET', `/api/consent/works/${id}`);
    into.replaceChildren(table(null, ['Version', 'Change', 'Says', 'By', 'When'], doc.history.map((v) => [
      String(v.version), v.change, v.withdrawn ? 'withdrawn' : statusWords(v.statuses), v.actor, new Date(v.at).toLocaleString('en'),
    ])));
  } catch (err) {
    into.replaceChildren(h('p', { class: 'bad' }, err.message));
  }
}

async function withdrawWork(id) {
  showStatus(`Withdrawing work ${id}…`);
  try {
    await consentCall('POST', `/api/consent/works/${id}/withdraw`);
    showStatus(`Work ${id} is withdrawn; its history keeps what it said.`);
    await loadWorks();
  } catch (err) {
    showError(err);
  }
}
