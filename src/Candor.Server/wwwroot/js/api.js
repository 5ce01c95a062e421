// The one way pages talk to the server: reads the session once, sends the CSRF token on every POST
// and turns JSON errors into a message in the page's aria-live status region.
import { h } from './dom.js';

let sessionPromise;

/** GET /api/session once per page: { csrf, signing, version }. */
export function session() {
  sessionPromise ??= fetch('/api/session', { credentials: 'same-origin' }).then(async (res) => {
    if (!res.ok) throw await ApiError.from(res);
    return res.json();
  });
  return sessionPromise;
}

/** An error the server reported as JSON { error, kind }, or a network failure. */
export class ApiError extends Error {
  constructor(message, status, kind) {
    super(message);
    this.status = status;
    this.kind = kind;
  }

  static async from(res) {
    let message = `The server answered ${res.status} ${res.statusText}.`;
    let kind;
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string') message = body.error;
      if (body && typeof body.kind === 'string') kind = body.kind;
    } catch {
      // Not JSON: keep the status line.
    }
    return new ApiError(message, res.status, kind);
  }
}

/** GET a JSON document. */
export async function getJson(path) {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw await ApiError.from(res);
  return res.json();
}

/** POST multipart form data with the CSRF header; resolves to the Response when it is 2xx. */
export async function post(path, form) {
  const { csrf } = await session();
  let res;
  try {
    res = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: { 'X-Candor-Csrf': csrf } });
  } catch (e) {
    throw new ApiError(`Could not reach the server: ${e.message}`, 0, 'network');
  }
  if (!res.ok) throw await ApiError.from(res);
  return res;
}

function statusRegion() {
  return document.getElementById('status');
}

/** Shows a progress or success message in the status region. */
export function showStatus(message) {
  const el = statusRegion();
  el.classList.remove('error');
  el.textContent = message;
}

/** Shows an error in the status region (announced by screen readers). */
export function showError(error) {
  const el = statusRegion();
  el.classList.add('error');
  el.replaceChildren(h('strong', {}, 'Error: '), error instanceof Error ? error.message : String(error));
}

/** Clears the status region. */
export function clearStatus() {
  const el = statusRegion();
  el.classList.remove('error');
  el.replaceChildren();
}

/** A link that downloads a Blob under a file name. */
export function downloadLink(blob, name, text) {
  const url = URL.createObjectURL(blob);
  return h('a', { class: 'button', href: url, download: name }, text ?? `Download ${name}`);
}

/** The file name of a Content-Disposition header, or a fallback. */
export function attachmentName(res, fallback) {
  const header = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}
