// The consent registry's API: the key kept in sessionStorage (never in an address), sent as "Authorization: API <key>".
import { ApiError } from './api.js';

const storageKey = 'candor-consent-key';

/** The API key of this tab, or null. */
export function apiKey() {
  return sessionStorage.getItem(storageKey);
}

/** Keeps the key for this tab, or forgets it with null. */
export function setApiKey(key) {
  if (key) sessionStorage.setItem(storageKey, key);
  else sessionStorage.removeItem(storageKey);
}

/**
 * Calls the registry. body: an object (sent as JSON) or FormData; key: the key to use (default: this tab's).
 * Resolves to the JSON answer; rejects with ApiError (status 401 when the key is wrong).
 */
export async function consentCall(method, path, body, key = apiKey()) {
  const headers = {};
  if (key) headers.Authorization = `API ${key}`;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'omit' });
  } catch (e) {
    throw new ApiError(`Could not reach the server: ${e.message}`, 0, 'network');
  }
  if (!res.ok) throw await ApiError.from(res);
  return res.json();
}

/** GET /api/consent/status: { available, works, … }. */
export function registryStatus() {
  return consentCall('GET', '/api/consent/status', undefined, null);
}

/** POST /api/consent/check for the URLs (at most 10,000): one candor.consent-check/1 result per URL, in order. */
export async function checkUrls(urls, use = 'ai-training') {
  const doc = await consentCall('POST', '/api/consent/check', { use, items: urls.map((url) => ({ url })) }, null);
  return doc.results;
}

/** The statuses of a work in words: "opt-out of ai-training, tdm". */
export function statusWords(statuses) {
  const out = Object.entries(statuses ?? {}).filter(([, s]) => s === 'opt-out').map(([u]) => u);
  const inn = Object.entries(statuses ?? {}).filter(([, s]) => s === 'opt-in').map(([u]) => u);
  const parts = [];
  if (out.length > 0) parts.push(`opt-out of ${out.join(', ')}`);
  if (inn.length > 0) parts.push(`opt-in to ${inn.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'nothing said';
}
