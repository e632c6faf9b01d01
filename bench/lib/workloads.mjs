// The benchmark's workloads, generated deterministically (seeded) from the names workload of the test data and
// from the records of the dump. Every item carries the text a user typed (`text`, for the JavaScript libraries),
// the v1 request our engine answers (`qs`, a query string for `GET /v1/organizations?…`, the same for the wasm
// package and the native engine), and, where there is one, the ROR id it should find (`expected`, short form).
//
//   names       tests/data/workloads/names.tsv: 1,200 real names, aliases, labels and acronyms of active records
//               with the damage users type; ours: `query=<text>` as escaped there (v1 has no automatic fuzziness)
//   names~      the same texts, fuzzy: ours `~` after every word; the libraries their fuzzy option
//   typeahead   prefixes of undamaged names cut as someone typing them (not at a word end); ours: the typed text
//               with `*` on the last word; the libraries their prefix search
//   typos       the names rows with a typo, as typed
//   typos~      the same, fuzzy
//   advanced    `query.advanced` field queries over the whole v1 field catalogue (ours alone)
import { readFileSync } from 'node:fs';
import { shortId } from './dump.mjs';

/** A small seeded generator (mulberry32): the same workloads on every run and machine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

const RESERVED = new Set('+-=&|><!(){}[]^"~*?:\\/');
/** Backslash-escapes the v1 query syntax's reserved characters (as ROR's functional tests do). */
export const escapeQuery = (s) => [...s].map((c) => (RESERVED.has(c) ? '\\' + c : c)).join('');
/** The text a user typed, from the workload's escaped query. */
export const unescapeQuery = (s) => s.replace(/\\(.)/g, '$1');

const qs = (param, value) => new URLSearchParams({ [param]: value }).toString();

/** Ours, fuzzy: `~` after every word of an escaped query (a word ending in an escape keeps it). */
const fuzzyQuery = (escaped) =>
  escaped
    .split(' ')
    .filter((w) => w.length > 0)
    .map((w) => (/[\p{L}\p{N}]$/u.test(w) ? w + '~' : w))
    .join(' ');

export function readNames(path) {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  return lines.slice(1).map((l) => {
    const [damage, source, expected, query] = l.split('\t');
    return { damage, source, expected: shortId(expected), query };
  });
}

/** Where someone typing `text` might be when the box is queried: cuts inside a word, never right after a
 *  space or punctuation (the typed text then ends in a letter or digit: a word being typed). */
function prefixesOf(text, r) {
  const out = [];
  for (const frac of [0.35, 0.7]) {
    let cut = Math.max(3, Math.round(text.length * frac) + r.int(3) - 1);
    while (cut > 2 && !/[\p{L}\p{N}]/u.test(text[cut - 1])) cut--;
    if (cut >= text.length || cut < 3) continue;
    const p = text.slice(0, cut).trimEnd();
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** `query.advanced` requests over the v1 field catalogue, from a seeded sample of active records. */
function advancedQueries(records, r, n) {
  const active = records.filter((x) => x.status === 'active');
  const word = (s) => {
    const ws = (s ?? '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4);
    return ws.length ? r.pick(ws) : null;
  };
  const quote = (s) => '"' + s.replace(/["\\]/g, (c) => '\\' + c) + '"';
  const templates = [
    (x) => word(x.name) && `name:${escapeQuery(word(x.name))}`,
    (x) => x.acronyms?.length && `acronyms:${escapeQuery(x.acronyms[0])}`,
    (x) => x.country?.country_code && x.types?.length && `country.country_code:${x.country.country_code} AND types:${x.types[0]}`,
    (x) => x.addresses?.[0]?.city && `addresses.city:${quote(x.addresses[0].city)}`,
    (x) =>
      x.established && x.country?.country_code &&
      `established:[${x.established - 10} TO ${x.established + 10}] AND country.country_code:${x.country.country_code}`,
    (x) => {
      const w = word(x.name);
      return w && x.types?.length && `name:${escapeQuery(w.slice(0, 4).toLowerCase())}* AND types:${x.types[0]}`;
    },
    (x) => x.external_ids?.GRID?.preferred && `external_ids.GRID.preferred:${quote(x.external_ids.GRID.preferred)}`,
    (x) => x.labels?.length && word(x.labels[0].label) && `labels.label:${escapeQuery(word(x.labels[0].label))}`,
    (x) => x.aliases?.length && `aliases:${quote(x.aliases[0])}`,
    (x) => {
      const a = word(x.name);
      const b = word(x.name);
      return a && b && a !== b && `name:(${escapeQuery(a)} AND ${escapeQuery(b)}) NOT types:Company`;
    },
    (x) => word(x.name) && `name:${escapeQuery(word(x.name).toLowerCase())}~1`,
    (x) => {
      const adm = x.addresses?.[0]?.geonames_city?.geonames_admin1?.name;
      return adm && x.types?.length && `types:${x.types[0]} AND addresses.geonames_city.geonames_admin1.name:${quote(adm)}`;
    },
  ];
  const out = [];
  let guard = 0;
  while (out.length < n && guard++ < n * 20) {
    const x = r.pick(active);
    const t = templates[out.length % templates.length];
    const q = t(x);
    if (q) out.push({ text: q, qs: qs('query.advanced', q), from: shortId(x.id) });
  }
  return out;
}

/**
 * All workloads: `[{name, mode, ours, peers, items: [{text, qs, expected?}]}]`. `mode` is what the
 * libraries are asked for (exact, prefix, fuzzy); `peers: false` marks a workload only ours answers.
 */
export function makeWorkloads(namesPath, records, { typeaheadNames = 300, advanced = 240, namesFuzzy = false, fuzzyEvery = 2 } = {}) {
  const names = readNames(namesPath);
  const r = rng(60601);
  const w = [];
  w.push({
    name: 'names',
    mode: 'exact',
    recall: true,
    items: names.map((n) => ({ text: unescapeQuery(n.query), qs: qs('query', n.query), expected: n.expected, damage: n.damage })),
  });
  // Fuzzy requests cost our engine ~100× a plain one (a `~` on every word of a name): `names~` only on request
  // (`--full`), `typos~` on every `fuzzyEvery`-th typo row; both are `heavy` (fewer rounds, see run.mjs).
  if (namesFuzzy) w.push({
    name: 'names~',
    mode: 'fuzzy',
    recall: true,
    heavy: true,
    items: names.map((n) => ({ text: unescapeQuery(n.query), qs: qs('query', fuzzyQuery(n.query)), expected: n.expected, damage: n.damage })),
  });
  const clean = names.filter((n) => ['exact', 'lowercase', 'no-diacritics'].includes(n.damage) && n.source !== 'acronym');
  const typeahead = [];
  for (const n of clean.slice(0, typeaheadNames)) {
    for (const p of prefixesOf(unescapeQuery(n.query), r)) {
      typeahead.push({ text: p, qs: qs('query', escapeQuery(p) + '*'), expected: n.expected });
    }
  }
  w.push({ name: 'typeahead', mode: 'prefix', items: typeahead });
  const typos = names.filter((n) => n.damage === 'typo');
  // Recall of the typos as typed is the `typo` rows of `names` (reported by damage); the workload is timed only.
  w.push({
    name: 'typos',
    mode: 'exact',
    items: typos.map((n) => ({ text: unescapeQuery(n.query), qs: qs('query', n.query), expected: n.expected })),
  });
  w.push({
    name: 'typos~',
    mode: 'fuzzy',
    recall: true,
    heavy: true,
    items: typos.filter((_, i) => i % fuzzyEvery === 0).map((n) => ({ text: unescapeQuery(n.query), qs: qs('query', fuzzyQuery(n.query)), expected: n.expected })),
  });
  w.push({ name: 'advanced', mode: 'advanced', oursOnly: true, items: advancedQueries(records, r, advanced) });
  return w;
}

/** A deterministic subset (every k-th item) for `--quick`. */
export function thin(workloads, factor) {
  if (factor <= 1) return workloads;
  return workloads.map((w) => ({ ...w, items: w.items.filter((_, i) => i % factor === 0) }));
}

/**
 * How many requests of each workload the timed rounds use: every `stride`-th item, about `target` of them.
 * Recall is measured on all items of a `recall` workload (in the untimed pass that also warms every engine up);
 * latency percentiles need a few hundred requests, and the slowest libraries take tens of ms per request.
 */
export const TIMED = { names: 150, 'names~': 50, typeahead: 100, typos: 40, 'typos~': 25, advanced: 80 };

export function withStrides(workloads, scale = 1) {
  return workloads.map((w) => {
    const target = Math.max(10, Math.round((TIMED[w.name] ?? 100) * scale));
    return { ...w, stride: Math.max(1, Math.round(w.items.length / target)) };
  });
}

/** The items the timed rounds use. */
export const timedItems = (w) => w.items.filter((_, i) => i % (w.stride ?? 1) === 0);
