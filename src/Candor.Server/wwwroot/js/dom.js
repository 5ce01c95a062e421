// Builds DOM nodes. Text always goes in through text nodes, never HTML, so file contents cannot inject markup.

/**
 * h('td', { class: 'mono' }, 'text', childNode) → element. Attributes named on* add listeners.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children strings, numbers, nodes, arrays of them; null and false are left out
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.append(child);
    else el.append(document.createTextNode(String(child)));
  }
}

/** A table with a header row; rows are arrays of cells (strings or nodes). Wrapped so it scrolls on narrow screens. */
export function table(caption, headers, rows, rowClass) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'hint' }, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((r, i) => h('tr', { class: rowClass ? rowClass(r, i) : null }, r.map((c) => h('td', {}, c)))))));
}

/** A definition list of label → value pairs, leaving out empty values. */
export function facts(pairs) {
  return h('dl', { class: 'facts' },
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** Removes every child of an element. */
export function clear(el) {
  el.replaceChildren();
  return el;
}
