// The page's request model: the page URL *is* a v1 list request (`?query=…&filter=…&page=…`), plus an
// optional fragment `#/organizations/<id>` for an opened record. Everything here is pure (no DOM), so the
// same functions decide what is linked, what is shown and what the engine is asked.

const ROR_ID = /^(?:(?:https?:\/\/)?ror\.org\/)?0\w{6}\d{2}$/u;
const FILTER_KEYS = ['types', 'country.country_code', 'country.country_name', 'status'];

/** A request as the page edits it. `extra` keeps parameters the page does not edit (kept verbatim so a
 *  shared URL with a mistake still shows the v1 errors). */
export function parseSearch(search) {
  const sp = new URLSearchParams(search);
  const state = { mode: 'quick', text: '', hasText: false, filters: [], page: 1, allStatus: false, extra: [] };
  for (const [k, v] of sp) {
    if (k === 'query' || k === 'query.advanced') {
      // v1 rejects both together; keep the second one verbatim so the engine reports it.
      if (state.hasText && state.mode !== (k === 'query' ? 'quick' : 'advanced')) state.extra.push([k, v]);
      else {
        state.mode = k === 'query' ? 'quick' : 'advanced';
        state.text = v;
        state.hasText = true;
      }
    } else if (k === 'filter') state.filters = v.split(',').filter((f) => f !== '');
    else if (k === 'page') state.page = v;
    else if (k === 'all_status') state.allStatus = v.toLowerCase() !== 'false' ? v : false;
    else state.extra.push([k, v]);
  }
  return state;
}

/** Form encoding as browsers and Django read it (`+` for spaces), leaving the characters v1 requests
 *  are usually written with (`:` `,` `/` `*`) readable: `filter=types:Education,country.country_code:JP`. */
function encode(s) {
  return encodeURIComponent(s)
    .replace(/%20/gu, '+')
    .replace(/%3A/giu, ':')
    .replace(/%2C/giu, ',')
    .replace(/%2F/giu, '/');
}

/** The v1 query string of a state (what is linked and shown); `text` overrides the typed text. */
export function toSearch(state, text = state.text) {
  const out = [];
  const add = (k, v) => out.push(`${encode(k)}=${encode(v)}`);
  if (state.hasText || text !== '') add(state.mode === 'advanced' ? 'query.advanced' : 'query', text);
  if (state.filters.length) add('filter', state.filters.join(','));
  if (state.page !== 1 && state.page !== '1') add('page', String(state.page));
  if (state.allStatus !== false) add('all_status', state.allStatus === true ? 'true' : state.allStatus);
  for (const [k, v] of state.extra) add(k, v);
  return out.join('&');
}

/**
 * The quick query the engine runs while typing: the typed text plus the last word as a prefix
 * (`oxfo` → `oxfo oxfo*`), so a word being typed already matches; whole-word matches still score
 * higher (BM25 plus the prefix clause's constant score). Left unchanged when the last word is not a
 * plain word (operators, fields, quotes, escapes), when it is shorter than 2 characters, or when the
 * text is a ROR ID (the API's exact-id shortcut).
 */
export function liveQuery(text) {
  if (text === '' || /\s$/u.test(text) || ROR_ID.test(text)) return text;
  const m = /(?:^|\s)([\p{L}\p{N}]{2,})$/u.exec(text);
  if (!m) return text;
  const word = m[1];
  if (word === 'AND' || word === 'OR' || word === 'NOT') return text;
  if (((text.match(/"/g) || []).length & 1) === 1) return text;
  if (m.index > 0 && text.charAt(m.index - 1) === '\\') return text; // an escaped space: one term
  return `${text} ${word}*`;
}

/** The query string the engine runs: the v1 request, with the live prefix in quick mode. */
export function engineSearch(state, { live = true } = {}) {
  if (!live || state.mode !== 'quick' || !state.hasText) return toSearch(state);
  return toSearch(state, liveQuery(state.text));
}

/** `key:value` → [key, value] (v1 splits at the first colon and ignores a second one). */
export function splitFilter(item) {
  const i = item.indexOf(':');
  if (i < 0) return [item, null];
  const rest = item.slice(i + 1);
  const j = rest.indexOf(':');
  return [item.slice(0, i), j < 0 ? rest : rest.slice(0, j)];
}

/** Whether two filter items select the same thing after v1's value normalisation (case, spaces). */
export function sameFilter(a, b) {
  const [ka, va] = splitFilter(a);
  const [kb, vb] = splitFilter(b);
  if (ka !== kb || va === null || vb === null) return a === b;
  const norm = (v) => v.trim().replace(/\s+/gu, ' ').toLowerCase();
  return norm(va) === norm(vb);
}

export function isFilterKey(key) {
  return FILTER_KEYS.includes(key);
}

/** The record id of a fragment `#/organizations/<id>`, or null. */
export function recordFromHash(hash) {
  const m = /^#\/organizations\/(.+)$/u.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** `https://ror.org/02atag894` → `02atag894` (anything else unchanged). */
export function shortId(id) {
  return String(id ?? '').replace(/^https?:\/\/ror\.org\//u, '');
}

export function recordHash(id) {
  return `#/organizations/${encodeURIComponent(shortId(id))}`;
}

/** Whether a `page` value is a page number the UI can step from. */
export function pageNumber(page) {
  const n = Number(page);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : 1;
}
