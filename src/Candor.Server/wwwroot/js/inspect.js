// Inspect page: sends one or many images to POST /api/inspect and shows each candor.inspect/1 report.
import { post, session, showStatus, showError, clearStatus } from './api.js';
import { h, table, facts, clear } from './dom.js';
import { overviewTree } from './c2pa.js';

const form = document.getElementById('inspect-form');
const dropZone = document.getElementById('drop-zone');
const fileInput = document.getElementById('files');
const keyInput = document.getElementById('watermark-key');
const publicNoTrain = document.getElementById('public-no-train');
const reportsEl = document.getElementById('reports');
const emptyEl = document.getElementById('results-empty');
const actionsEl = document.getElementById('results-actions');
const compareEl = document.getElementById('compare');
const compareA = document.getElementById('compare-a');
const compareB = document.getElementById('compare-b');
const compareTable = document.getElementById('compare-table');

/** Every report shown so far, in order, for Download JSON and Compare. */
const reports = [];

const aiWords = {
  Generated: 'Made with AI',
  Edited: 'Edited with AI',
  DeclaredNotAi: 'Declared not made with AI',
  Unknown: 'No statement about AI',
  None: 'No provenance found',
};

session().catch(showError);

dropZone.addEventListener('click', () => fileInput.click());
dropZone.addEventListener('dragover', (e) => {
  e.preventDefault();
  dropZone.classList.add('dragging');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (e) => {
  e.preventDefault();
  dropZone.classList.remove('dragging');
  inspect([...e.dataTransfer.files]);
});
fileInput.addEventListener('change', () => inspect([...fileInput.files]));
form.addEventListener('submit', (e) => e.preventDefault());
document.getElementById('download-json').addEventListener('click', downloadJson);
compareA.addEventListener('change', renderCompare);
compareB.addEventListener('change', renderCompare);

async function inspect(files) {
  if (files.length === 0) return;
  const data = new FormData();
  for (const f of files) data.append('file', f, f.name);
  if (keyInput.files.length > 0) data.append('watermarkKey', keyInput.files[0], keyInput.files[0].name);
  if (publicNoTrain.checked) data.append('publicNoTrain', 'true');
  showStatus(`Inspecting ${files.length} file${files.length === 1 ? '' : 's'}…`);
  try {
    const res = await post('/api/inspect', data);
    const body = await res.json();
    const list = Array.isArray(body) ? body : [body];
    list.forEach((report, i) => {
      report.name = files[i]?.name ?? report.path ?? `file ${reports.length + 1}`;
      reports.push(report);
      reportsEl.append(renderReport(report, reports.length));
    });
    emptyEl.hidden = true;
    actionsEl.hidden = false;
    fillCompare();
    showStatus(`Inspected ${list.length} file${list.length === 1 ? '' : 's'}.`);
  } catch (e) {
    showError(e);
  } finally {
    fileInput.value = '';
  }
}

function evidenceText(ev) {
  if (!ev) return '';
  const parts = [ev.block];
  if (ev.key) parts.push(ev.key);
  if (ev.line !== undefined) parts.push(`line ${ev.line}`);
  if (ev.offset !== undefined) parts.push(`at byte ${ev.offset}`);
  return parts.join(' · ');
}

function evidenceList(list) {
  if (!list || list.length === 0) return null;
  return h('ul', { class: 'evidence' }, list.map((ev) => h('li', { class: 'mono' }, evidenceText(ev))));
}

function riskBadge(risk) {
  const level = String(risk ?? 'unknown').toLowerCase();
  return h('span', { class: `badge risk-${level}` }, `Risk: ${level}`);
}

function parameterRows(params) {
  const rows = [];
  for (const [key, value] of Object.entries(params ?? {})) {
    if (key === 'other') continue;
    rows.push([key, String(value)]);
  }
  for (const o of params?.other ?? []) rows.push([o.key ?? o.Key ?? '', String(o.value ?? o.Value ?? '')]);
  return rows;
}

function renderGenerator(g) {
  return h('section', { class: 'generator' },
    h('h4', {}, `Generator: ${g.tool}`),
    facts([['Parser', g.parser], ['Confidence', g.confidence]]),
    evidenceList(g.evidence),
    parameterRows(g.parameters).length > 0 ? table('Parameters', ['Parameter', 'Value'], parameterRows(g.parameters)) : null,
    (g.models ?? []).length > 0
      ? table('Models and the hashes the file claims', ['Role', 'Name', 'Claimed hashes'],
        g.models.map((m) => [m.role, m.name, (m.hashes ?? []).map((x) => `${x.kind} ${x.value}`).join(', ') || 'none']))
      : null,
    (g.controls ?? []).length > 0
      ? table('Control inputs', ['Kind', 'Module', 'Model', 'Risk', 'Why'],
        g.controls.map((c) => [c.kind, c.module ?? '', c.model ?? '', riskBadge(c.risk),
          `${c.riskReason ?? ''}${c.identity ? ' Carries a person\'s identity.' : ''}`]))
      : null,
    (g.findings ?? []).length > 0 ? findingsList(g.findings) : null);
}

function findingsList(findings) {
  return h('ul', { class: 'findings' }, findings.map((f) =>
    h('li', {}, h('strong', { class: f.severity === 'Error' ? 'bad' : null }, `${f.severity}: `), f.message,
      h('span', { class: 'hint' }, ` (${f.code})`))));
}

function renderDisclosure(d) {
  const items = [];
  for (const t of d?.digitalSourceTypes ?? []) {
    items.push(h('li', {}, `Digital source type: ${t.label} (${t.code})${t.retired ? ', a retired term' : ''}`,
      h('div', { class: 'hint mono' }, evidenceText(t.evidence))));
  }
  for (const t of d?.training ?? []) {
    items.push(h('li', {}, `Training and mining (${t.scheme}): ${t.meaning} — ${t.value}`, h('div', { class: 'hint mono' }, evidenceText(t.evidence))));
  }
  return h('section', {},
    h('h4', {}, 'Disclosure'),
    items.length > 0 ? h('ul', {}, items) : h('p', { class: 'hint' }, 'The file carries no standard disclosure (IPTC or C2PA).'),
    d?.c2pa ? [h('h4', {}, 'Content Credentials (C2PA)'), overviewTree(d.c2pa)] : null);
}

function renderRaw(raw) {
  if (!raw) return null;
  return h('details', {},
    h('summary', {}, `Raw blocks and fields (${(raw.blocks ?? []).length} blocks, ${(raw.fields ?? []).length} fields)`),
    table('Blocks', ['Type', 'Offset', 'Length', 'Label', 'Problems'],
      (raw.blocks ?? []).map((b) => [b.type, String(b.offset), String(b.length), b.label ?? '', (b.problems ?? []).join('; ')])),
    table('Fields', ['Group', 'Name', 'Value'],
      (raw.fields ?? []).map((f) => [f.group, f.name, String(f.value ?? '')])));
}

function renderReport(r, index) {
  const ai = r.ai ?? {};
  return h('article', { class: 'report', 'aria-labelledby': `report-${index}` },
    h('h3', { id: `report-${index}` }, r.name),
    r.error ? h('p', { class: 'bad' }, r.error) : null,
    facts([['Format', r.format], ['Size', r.width ? `${r.width} × ${r.height} px, ${r.fileSize} bytes` : `${r.fileSize ?? ''} bytes`],
      ...(r.software ?? []).length > 0 ? [['Software', r.software.map((s) => s.name).join('; ')]] : []]),
    h('section', {},
      h('h4', {}, 'AI verdict'),
      h('p', { class: 'verdict' }, `${aiWords[ai.use] ?? ai.use ?? 'Unknown'}: ${ai.summary ?? ''}`),
      evidenceList(ai.evidence)),
    (r.generators ?? []).map(renderGenerator),
    renderDisclosure(r.disclosure),
    h('section', {}, h('h4', {}, 'Findings'),
      (r.findings ?? []).length > 0 ? findingsList(r.findings) : h('p', { class: 'hint' }, 'No findings.')),
    renderRaw(r.raw));
}

function downloadJson() {
  const doc = reports.length === 1 ? reports[0] : reports;
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: 'candor-inspect.json' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function fillCompare() {
  if (reports.length < 2) return;
  for (const select of [compareA, compareB]) {
    const chosen = select.value;
    clear(select);
    reports.forEach((r, i) => select.append(h('option', { value: String(i) }, `${i + 1}. ${r.name}`)));
    if (chosen) select.value = chosen;
  }
  if (!compareB.value || compareA.value === compareB.value) compareB.value = String(Math.min(1, reports.length - 1));
  compareEl.hidden = false;
  renderCompare();
}

function paramsOf(report) {
  const map = new Map();
  for (const g of report.generators ?? []) {
    map.set('tool', g.tool);
    for (const [k, v] of parameterRows(g.parameters)) map.set(k, v);
    for (const m of g.models ?? []) map.set(`model (${m.role})`, m.name);
  }
  return map;
}

function renderCompare() {
  const a = reports[Number(compareA.value)];
  const b = reports[Number(compareB.value)];
  if (!a || !b) return;
  const pa = paramsOf(a);
  const pb = paramsOf(b);
  const keys = [...new Set([...pa.keys(), ...pb.keys()])];
  const rows = keys.map((k) => {
    const same = pa.get(k) === pb.get(k);
    return [k, pa.get(k) ?? '—', pb.get(k) ?? '—', same ? 'same' : 'differs'];
  });
  compareTable.replaceChildren(table(null, ['Parameter', a.name, b.name, 'Same?'], rows, (r) => (r[3] === 'differs' ? 'differs' : null)));
}

clearStatus();
