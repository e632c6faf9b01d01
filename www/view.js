// DOM building for results, facets and records. Record text only ever reaches the page as text nodes
// (`textContent`/`createTextNode`), attributes are set one by one with `setAttribute`, and only http(s)
// URLs become links: data from a dump can never become markup or script.

import { recordHash, shortId, splitFilter } from './query.js';

/** `h('a', {href: x, class: 'y'}, 'text', child)`; `null`/`false` attributes and children are skipped. */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (/^on/iu.test(k)) throw new Error(`event handler attribute ${k} is not allowed`);
    node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An http(s) URL as a string, or null for anything else (`javascript:`, relative, malformed). */
export function safeUrl(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A link for an http(s) URL, plain text otherwise. */
export function externalLink(url, text = url) {
  const href = safeUrl(url);
  if (!href) return h('span', { class: 'not-a-link' }, text);
  return h('a', { href, rel: 'noopener noreferrer external', target: '_blank' }, text);
}

const nf = new Intl.NumberFormat('en');
export const fmt = (n) => nf.format(n);

let languageNames = null;
function languageName(code) {
  if (!code) return null;
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    const name = languageNames.of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

const list = (x) => (Array.isArray(x) ? x : []);
const str = (x) => (typeof x === 'string' ? x : x == null ? '' : String(x));

/** "City, Country" of a v1 record (either part may be missing while records are abbreviated). */
export function placeOf(r) {
  const a = list(r?.addresses)[0] ?? {};
  const city = str(a.city || a.geonames_city?.city);
  const country = str(r?.country?.country_name || r?.country?.country_code);
  return [city, country].filter(Boolean).join(', ');
}

// ---------------------------------------------------------------------------------------------------
// Results

/** One result: name, acronyms, city and country, types, status, ROR id. */
export function resultItem(r) {
  const acr = list(r.acronyms).map(str).filter(Boolean);
  const place = placeOf(r);
  const status = str(r.status);
  return h(
    'li',
    { class: 'result', 'data-id': shortId(r.id) },
    h(
      'h3',
      { class: 'result-title' },
      h('a', { class: 'result-link', href: recordHash(r.id) }, h('span', { class: 'name' }, str(r.name))),
      acr.length ? h('span', { class: 'acronyms' }, ` (${acr.join(', ')})`) : null,
    ),
    h(
      'p',
      { class: 'result-meta' },
      place ? h('span', { class: 'place' }, place) : null,
      list(r.types).length ? h('span', { class: 'types' }, list(r.types).map(str).join(', ')) : null,
      status ? h('span', { class: `status status-${status.replace(/[^a-z]/gu, '')}` }, status) : null,
      h('span', { class: 'rorid' }, str(r.id)),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Facets

/** The three `meta` lists and the v1 filter item a bucket of each stands for. */
export const FACETS = [
  ['types', 'Types', (b) => `types:${b.title ?? b.id}`],
  ['countries', 'Countries', (b) => `country.country_code:${String(b.id).toUpperCase()}`],
  ['statuses', 'Statuses', (b) => `status:${b.id}`],
];

export const FILTER_LABELS = {
  types: 'Type',
  'country.country_code': 'Country',
  'country.country_name': 'Country',
  status: 'Status',
};

/** Facet groups from `meta`; `isActive(filterItem)` marks the pressed ones. */
export function facetGroups(meta, isActive) {
  const out = [];
  for (const [key, title, toFilter] of FACETS) {
    const buckets = list(meta?.[key]);
    const headingId = `facet-${key}`;
    out.push(
      h(
        'section',
        { class: 'facet', role: 'group', 'aria-labelledby': headingId },
        h('h3', { id: headingId }, title),
        buckets.length === 0
          ? h('p', { class: 'facet-empty' }, 'none')
          : h(
              'ul',
              { role: 'list' },
              buckets.map((b) => {
                const filter = toFilter(b);
                const label = str(b.title ?? '').trim() || String(b.id).toUpperCase();
                const on = isActive(filter);
                return h(
                  'li',
                  null,
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'facet-btn',
                      'data-filter': filter,
                      'aria-pressed': on ? 'true' : 'false',
                      'aria-label': `${label}, ${fmt(b.count)}`,
                    },
                    h('span', { class: 'facet-label' }, label),
                    h('span', { class: 'count' }, fmt(b.count)),
                  ),
                );
              }),
            ),
      ),
    );
  }
  return out;
}

/** A removable chip for an active filter item. */
export function filterChip(item, titles) {
  const [key, value] = splitFilter(item);
  const label = FILTER_LABELS[key] ?? key;
  const shown = titles.get(item) ?? value ?? item;
  return h(
    'li',
    null,
    h(
      'button',
      { type: 'button', class: 'chip', 'data-remove': item, 'aria-label': `Remove filter ${label}: ${shown}` },
      h('span', { class: 'chip-key' }, `${label}: `),
      h('span', null, shown),
      h('span', { class: 'chip-x', 'aria-hidden': 'true' }, ' ×'),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Paging

/** Page links around `page` (v1 pages are 20 records, at most 500 pages). */
export function pager(page, total, hrefFor) {
  const last = Math.min(500, Math.max(1, Math.ceil(total / 20)));
  if (last <= 1 && page <= 1) return null;
  const pages = new Set([1, last]);
  for (let p = page - 2; p <= page + 2; p += 1) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const items = [];
  const link = (p, text, rel, label) =>
    h('a', { href: hrefFor(p), 'data-page': p, rel, 'aria-label': label ?? `Page ${p}` }, text);
  items.push(h('li', null, page > 1 ? link(page - 1, '‹ Previous', 'prev', 'Previous page') : null));
  let prev = 0;
  for (const p of sorted) {
    if (p - prev > 1) items.push(h('li', { class: 'gap', 'aria-hidden': 'true' }, '…'));
    items.push(
      h(
        'li',
        null,
        p === page
          ? h('span', { class: 'current', 'aria-current': 'page', 'aria-label': `Page ${p}, current` }, String(p))
          : link(p, String(p)),
      ),
    );
    prev = p;
  }
  items.push(h('li', null, page < last ? link(page + 1, 'Next ›', 'next', 'Next page') : null));
  return h('nav', { class: 'pager', 'aria-label': 'Result pages' }, h('ul', { role: 'list' }, items));
}

// ---------------------------------------------------------------------------------------------------
// Record

const REL_ORDER = ['Parent', 'Child', 'Related', 'Successor', 'Predecessor'];
const REL_TITLES = {
  Parent: 'Parent organizations',
  Child: 'Child organizations',
  Related: 'Related organizations',
  Successor: 'Successors',
  Predecessor: 'Predecessors',
};
const EXT_ORDER = ['ISNI', 'FundRef', 'HESA', 'UCAS', 'UKPRN', 'CNRS', 'OrgRef', 'Wikidata', 'GRID'];
const EXT_URL = {
  ISNI: (v) => `https://isni.org/isni/${v.replace(/\s+/gu, '')}`,
  Wikidata: (v) => `https://www.wikidata.org/wiki/${encodeURIComponent(v)}`,
  FundRef: (v) => `https://api.crossref.org/funders/${encodeURIComponent(v)}`,
};

function section(title, ...content) {
  const body = content.flat().filter(Boolean);
  if (!body.length) return null;
  return h('section', { class: 'rec-section' }, h('h3', null, title), body);
}

function dl(rows) {
  const kept = rows.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  if (!kept.length) return null;
  return h(
    'dl',
    null,
    kept.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
  );
}

/**
 * The whole v1 record, readable: names in every language, location, relationships as links to the
 * related records, external ids, links; then the raw v1 JSON one click away. Works on the abbreviated
 * records the engine returns until its full serializer lands (missing parts are simply absent).
 */
export function recordView(r) {
  const status = str(r.status);
  const acr = list(r.acronyms).map(str).filter(Boolean);
  const a = list(r.addresses)[0] ?? null;
  const gc = a?.geonames_city ?? null;

  const names = dl([
    ['Name', str(r.name)],
    [
      'Labels',
      list(r.labels).length
        ? h(
            'ul',
            { class: 'plain' },
            list(r.labels).map((l) =>
              h(
                'li',
                null,
                h('span', { lang: /^[a-z]{2,3}$/u.test(str(l?.iso639)) ? l.iso639 : null }, str(l?.label)),
                l?.iso639 ? h('span', { class: 'lang' }, ` ${languageName(str(l.iso639))}`) : null,
              ),
            ),
          )
        : null,
    ],
    ['Aliases', list(r.aliases).length ? h('ul', { class: 'plain' }, list(r.aliases).map((x) => h('li', null, str(x)))) : null],
    ['Acronyms', acr.length ? acr.join(', ') : null],
  ]);

  const location = dl([
    ['City', a ? str(a.city || gc?.city) : null],
    ['Region', a ? [str(a.state), gc?.geonames_admin1?.name].find(Boolean) ?? null : null],
    [
      'Country',
      r.country ? `${str(r.country.country_name)}${r.country.country_code ? ` (${str(r.country.country_code)})` : ''}` : null,
    ],
    ['GeoNames', Number.isInteger(gc?.id) ? externalLink(`https://www.geonames.org/${gc.id}`, `${str(gc.city)} (${str(gc.id)})`) : null],
    ['Coordinates', a && a.lat != null && a.lng != null ? `${str(a.lat)}, ${str(a.lng)}` : null],
  ]);

  const rels = list(r.relationships);
  const byType = new Map();
  for (const rel of rels) {
    const t = str(rel?.type) || 'Related';
    if (!byType.has(t)) byType.set(t, []);
    byType.get(t).push(rel);
  }
  const relTypes = [...byType.keys()].sort(
    (x, y) => (REL_ORDER.indexOf(x) + 1 || 99) - (REL_ORDER.indexOf(y) + 1 || 99),
  );
  const relationships = relTypes.map((t) =>
    h(
      'div',
      { class: 'rel-group' },
      h('h4', null, REL_TITLES[t] ?? t),
      h(
        'ul',
        { role: 'list', class: 'rel-list' },
        byType.get(t).map((rel) =>
          h(
            'li',
            null,
            rel?.id
              ? h('a', { class: 'rel-link', href: recordHash(rel.id), 'data-id': shortId(rel.id) }, str(rel.label) || str(rel.id))
              : str(rel?.label),
          ),
        ),
      ),
    ),
  );

  const ext = r.external_ids && typeof r.external_ids === 'object' ? r.external_ids : {};
  const schemes = Object.keys(ext).sort(
    (x, y) => (EXT_ORDER.indexOf(x) + 1 || 99) - (EXT_ORDER.indexOf(y) + 1 || 99),
  );
  const externalIds = schemes.length
    ? h(
        'table',
        { class: 'ext' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Scheme'), h('th', { scope: 'col' }, 'Identifiers'))),
        h(
          'tbody',
          null,
          schemes.map((s) => {
            const e = ext[s] ?? {};
            const all = Array.isArray(e.all) ? e.all.map(str) : e.all != null ? [str(e.all)] : [];
            const pref = e.preferred != null ? str(e.preferred) : null;
            const values = pref && !all.includes(pref) ? [pref, ...all] : all;
            const toUrl = EXT_URL[s];
            return h(
              'tr',
              null,
              h('th', { scope: 'row' }, s),
              h(
                'td',
                null,
                h(
                  'ul',
                  { class: 'plain' },
                  values.map((v) =>
                    h(
                      'li',
                      { class: v === pref ? 'preferred' : null },
                      toUrl ? externalLink(toUrl(v), v) : v,
                      v === pref && values.length > 1 ? h('span', { class: 'lang' }, ' preferred') : null,
                    ),
                  ),
                ),
              ),
            );
          }),
        ),
      )
    : null;

  const links = [
    ...list(r.links).map((l) => h('li', null, externalLink(str(l)))),
    r.wikipedia_url ? h('li', null, 'Wikipedia: ', externalLink(str(r.wikipedia_url))) : null,
  ].filter(Boolean);

  const other = dl([
    ['Established', r.established != null ? str(r.established) : null],
    ['Email', r.email_address ? str(r.email_address) : null],
    ['IP addresses', list(r.ip_addresses).length ? list(r.ip_addresses).map(str).join(', ') : null],
  ]);

  return h(
    'article',
    { class: 'record', 'aria-labelledby': 'record-name' },
    h(
      'header',
      { class: 'rec-head' },
      h('h2', { id: 'record-name', tabindex: '-1' }, str(r.name)),
      h(
        'p',
        { class: 'result-meta' },
        acr.length ? h('span', null, acr.join(', ')) : null,
        list(r.types).length ? h('span', { class: 'types' }, list(r.types).map(str).join(', ')) : null,
        status ? h('span', { class: `status status-${status.replace(/[^a-z]/gu, '')}` }, status) : null,
        h('span', { class: 'rorid' }, externalLink(str(r.id))),
      ),
    ),
    section('Names', names),
    section('Location', location),
    section('Relationships', relationships),
    section('External identifiers', externalIds),
    section('Links', links.length ? h('ul', { class: 'plain' }, links) : null),
    section('Other', other),
    h(
      'details',
      { class: 'raw' },
      h('summary', null, 'Raw v1 JSON'),
      h('pre', { class: 'json', tabindex: '0' }, JSON.stringify(r, null, 2)),
    ),
  );
}

/** The info line: which release and how many records the page searches. */
export function describeIndex(info, origin, name) {
  if (!info) return 'No index loaded';
  const rel = info.release ? `ROR release ${info.release}` : 'ROR dump (release not stated)';
  const date = info.date ? ` of ${info.date}` : '';
  const schema = info.schema === 'v2' ? ', v2 records shown as v1' : '';
  const from = origin === 'dropped' ? ` — your file${name ? ` ${name}` : ''}` : '';
  return `Searching ${fmt(info.recordCount)} records: ${rel}${date}${schema}${from}`;
}
