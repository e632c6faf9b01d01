// The search page: the URL is the v1 request, a worker answers it from the local index, this module
// renders the answers and turns clicks and keys into new requests. No request ever leaves the device.

import {
  engineSearch,
  liveQuery,
  pageNumber,
  parseSearch,
  recordFromHash,
  sameFilter,
  toSearch,
} from './query.js';
import { FACETS, describeIndex, facetGroups, filterChip, fmt, h, pager, recordView, resultItem } from './view.js';

const $ = (id) => document.getElementById(id);
const ui = {
  q: $('q'),
  form: $('search-form'),
  mode: $('mode'),
  allStatus: $('all-status'),
  hint: $('q-hint'),
  advanced: $('advanced-help'),
  examples: $('examples'),
  fieldList: $('field-list'),
  fieldCount: $('field-count'),
  errors: $('errors'),
  requestLine: $('request-line'),
  searchView: $('search-view'),
  facets: $('facets'),
  activeFilters: $('active-filters'),
  resultsHeading: $('results-heading'),
  summary: $('results-summary'),
  results: $('results'),
  pager: $('pager'),
  rawList: $('raw-list'),
  rawListJson: $('raw-list-json'),
  recordView: $('record-view'),
  record: $('record'),
  recordRequest: $('record-request'),
  back: $('back-to-results'),
  info: $('index-info'),
  loading: $('loading'),
  loadLabel: $('load-label'),
  loadProgress: $('load-progress'),
  notice: $('notice'),
  dumpFile: $('dump-file'),
  useBundled: $('use-bundled'),
  build: $('build'),
  buildLabel: $('build-label'),
  buildProgress: $('build-progress'),
  buildResult: $('build-result'),
  overlay: $('drop-overlay'),
};

// Trusted Types (required by the page's CSP): the only script URLs the page may create.
const SCRIPTS = new Set(['search-worker.js', 'build-worker.js', 'sw.js']);
const policy = window.trustedTypes?.createPolicy('ror-workers', {
  createScriptURL: (u) => {
    if (SCRIPTS.has(u)) return u;
    throw new TypeError(`script URL not allowed: ${u}`);
  },
});
const scriptUrl = (u) => (policy ? policy.createScriptURL(u) : u);

const EXAMPLES = [
  ['name:Oxford AND types:Education', 'names containing “Oxford”, education only'],
  ['country.country_code:FR AND types:Facility', 'facilities in France'],
  ['established:[1990 TO 1995]', 'established between 1990 and 1995'],
  ['acronyms:CNRS', 'an acronym'],
  ['_exists_:external_ids.FundRef.all AND country.country_code:NZ', 'funders (FundRef id) in New Zealand'],
  ['status:inactive', 'inactive records (a status field lifts the active-only default)'],
  ['foo:bar', 'an invalid field name: the v1 error message'],
];

// ---------------------------------------------------------------------------------------------------
// State

let state = parseSearch(location.search);
let shownSearch = null; // the location.search the results belong to
let shownRecord = null; // the record id shown, or null
let ready = false;
let everReady = false;
let indexState = { info: null, origin: null, name: null };
const titles = new Map(); // filter item → facet title (e.g. country names)

let listSeq = 0;
let listInFlight = false;
let listPending = null;
const listRequests = new Map(); // seq → {v1, live, text}
let recordSeq = 0;
const inputs = []; // keystrokes awaiting results: {seq, t}
let firstResults = false;
let cameFromList = false;
let lastOpened = null;

const worker = new Worker(scriptUrl('search-worker.js'), { type: 'module', name: 'ror-search' });

// ---------------------------------------------------------------------------------------------------
// Requests to the worker

function send(msg) {
  if (!ready || listInFlight) {
    listPending = msg; // only the newest request waits; older ones are never run
    return;
  }
  listInFlight = true;
  worker.postMessage(msg);
}

function runSearch() {
  const v1 = toSearch(state);
  const live = engineSearch(state);
  listSeq += 1;
  listRequests.set(listSeq, { v1, live, text: state.text, mode: state.mode });
  ui.requestLine.textContent = `GET /v1/organizations${v1 ? `?${v1}` : ''}`;
  ui.results.setAttribute('aria-busy', 'true');
  send({ type: 'list', seq: listSeq, qs: live });
  if (ui.rawList.open) requestRawList();
}

function requestRawList() {
  ui.rawListJson.textContent = '…';
  worker.postMessage({ type: 'list', seq: listSeq, qs: toSearch(state), tag: 'raw' });
}

function openRecord(id) {
  recordSeq += 1;
  shownRecord = id;
  ui.recordRequest.textContent = `GET /v1/organizations/${id}`;
  if (ready) worker.postMessage({ type: 'record', seq: recordSeq, id });
}

worker.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'progress':
      showProgress(m);
      break;
    case 'ready':
      onReady(m);
      break;
    case 'answer':
      if (m.kind === 'record') onRecord(m);
      else if (m.tag === 'raw') {
        if (m.seq === listSeq) ui.rawListJson.textContent = JSON.stringify(m.body, null, 2);
      } else onList(m);
      break;
    case 'updated':
      notice(`A new index was published and replaced the cached one: ${describeIndex(m.info, 'bundled')}.`);
      break;
    case 'notice':
      notice(m.message);
      break;
    case 'load-error':
      building(false);
      ui.buildResult.textContent = m.message;
      ui.buildResult.classList.add('bad');
      break;
    case 'fatal':
      ui.loading.hidden = false;
      ui.loadProgress.hidden = true;
      ui.loadLabel.textContent = m.message;
      ui.loading.classList.add('bad');
      ui.info.textContent = 'No index loaded';
      registerServiceWorker();
      break;
    default:
      break;
  }
};

function onReady(m) {
  const replaced = everReady;
  ready = true;
  indexState = { info: m.info, origin: m.origin, name: m.name };
  ui.info.textContent = describeIndex(m.info, m.origin, m.name);
  ui.loading.hidden = true;
  ui.useBundled.hidden = m.origin !== 'dropped';
  renderFields(m.fields);
  if (!everReady) {
    everReady = true;
    performance.mark('ror:index-ready');
    registerServiceWorker();
  }
  if (m.origin === 'dropped' && ui.build.dataset.active === 'true') {
    building(false);
    ui.buildResult.classList.remove('bad');
    ui.buildResult.textContent = `Done: ${describeIndex(m.info, m.origin, m.name)}. It stays on this device for offline use.`;
  }
  // A (new) index: answer what is on screen again.
  listInFlight = false;
  if (replaced || !listPending) {
    listPending = null;
    runSearch();
  } else {
    const p = listPending;
    listPending = null;
    send(p);
  }
  if (shownRecord) openRecord(shownRecord);
}

function showProgress(m) {
  ui.loading.hidden = false;
  if (m.phase === 'download' && m.total > 0) {
    ui.loadProgress.max = m.total;
    ui.loadProgress.value = m.loaded;
    ui.loadLabel.textContent = `Downloading the index: ${(m.loaded / 1e6).toFixed(1)} of ${(m.total / 1e6).toFixed(1)} MB`;
  } else {
    ui.loadProgress.removeAttribute('value');
    ui.loadLabel.textContent = {
      download: 'Downloading the index…',
      read: 'Opening the saved index…',
      decode: 'Preparing the index…',
    }[m.phase] ?? 'Loading…';
  }
}

// ---------------------------------------------------------------------------------------------------
// Rendering a list answer

function onList(m) {
  listInFlight = false;
  if (listPending) {
    const p = listPending;
    listPending = null;
    send(p);
  }
  const req = listRequests.get(m.seq);
  for (const k of listRequests.keys()) if (k <= m.seq) listRequests.delete(k);
  if (m.seq !== listSeq || !req) return; // a newer request is on its way: drop this answer

  if (m.status === 302 && m.location) {
    // v1 renames query.name / query.names to query with a redirect; follow it.
    const target = new URL(m.location, location.href);
    history.replaceState(history.state, '', `${location.pathname}${target.search}${location.hash}`);
    state = parseSearch(location.search);
    syncControls();
    shownSearch = location.search;
    runSearch();
    return;
  }

  const body = m.body ?? {};
  if (body.errors) {
    showErrors(body.errors, m.status);
    renderList(null, req);
  } else {
    showErrors(null);
    renderList(body, req);
  }
  ui.results.setAttribute('aria-busy', 'false');
  requestAnimationFrame(() => {
    const now = performance.now();
    while (inputs.length && inputs[0].seq <= m.seq) {
      const { t } = inputs.shift();
      performance.measure('ror:keystroke', { start: t, end: now });
    }
    if (!firstResults) {
      firstResults = true;
      performance.mark('ror:first-results');
    }
  });
}

function showErrors(errors, status) {
  ui.q.removeAttribute('aria-invalid');
  if (!errors) {
    ui.errors.replaceChildren();
    return;
  }
  ui.q.setAttribute('aria-invalid', 'true');
  const title =
    status === 500
      ? 'This query cannot be parsed (the v1 API answered HTTP 500):'
      : status === 501
        ? 'Not supported here:'
        : `The v1 API answers with ${errors.length === 1 ? 'an error' : `${errors.length} errors`}:`;
  ui.errors.replaceChildren(
    h('p', { class: 'errors-title' }, title),
    h('ul', { class: 'error-list' }, errors.map((e) => h('li', null, h('code', null, String(e))))),
  );
}

function renderList(body, req) {
  const focusedFilter = document.activeElement?.dataset?.filter ?? null;
  const focusedChip = document.activeElement?.dataset?.remove ?? null;
  if (!body) {
    ui.summary.textContent = 'No results: the request is not valid.';
    announce('The request is not valid; the errors are shown above the results.');
    ui.results.replaceChildren();
    ui.pager.replaceChildren();
    ui.facets.replaceChildren();
    renderChips(focusedChip);
    return;
  }
  const page = pageNumber(state.page);
  const n = body.number_of_results ?? 0;
  const items = Array.isArray(body.items) ? body.items : [];
  let summary = n === 0 ? 'No organizations match.' : `${fmt(n)} organization${n === 1 ? '' : 's'}`;
  if (n > 20 && items.length) summary += ` · page ${page} of ${fmt(Math.min(500, Math.ceil(n / 20)))}`;
  if (n > 0 && !items.length) summary += ` · page ${page} is past the last result`;
  if (req.mode === 'quick' && req.live !== req.v1) {
    const word = /(\S+)\*$/u.exec(liveQuery(req.text))?.[1];
    if (word) summary += ` · including words starting with “${word}”`;
  }
  summary += ` · ${body.time_taken ?? 0} ms`;
  ui.summary.textContent = summary;
  announce(n === 0 ? 'No organizations match.' : `${fmt(n)} organization${n === 1 ? '' : 's'} found.`);
  ui.results.replaceChildren(...items.map(resultItem));

  for (const [key, , toFilter] of FACETS) {
    for (const b of body.meta?.[key] ?? []) if (b.title) titles.set(toFilter(b), String(b.title).trim());
  }
  ui.facets.replaceChildren(...facetGroups(body.meta, (f) => state.filters.some((x) => sameFilter(x, f))));
  renderChips(focusedChip);
  const nav = pager(page, n, (p) => `?${toSearch({ ...state, page: p })}`);
  ui.pager.replaceChildren(...(nav ? [nav] : []));
  if (focusedFilter) ui.facets.querySelector(`[data-filter="${CSS.escape(focusedFilter)}"]`)?.focus();
}

// Screen readers hear the outcome once typing pauses, not one announcement per keystroke.
let announceTimer = 0;
function announce(text) {
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    $('sr-status').textContent = text;
  }, 700);
}

function renderChips(focusedChip) {
  if (!state.filters.length && state.allStatus === false) {
    ui.activeFilters.replaceChildren();
    return;
  }
  const chips = state.filters.map((f) => filterChip(f, titles));
  ui.activeFilters.replaceChildren(
    h('h3', { id: 'active-heading' }, 'Active filters'),
    h('ul', { role: 'list', class: 'chips', 'aria-labelledby': 'active-heading' }, chips),
    ...(state.allStatus !== false ? [h('p', { class: 'hint' }, 'All statuses are included.')] : []),
  );
  if (focusedChip) ui.activeFilters.querySelector(`[data-remove="${CSS.escape(focusedChip)}"]`)?.focus();
}

// ---------------------------------------------------------------------------------------------------
// Records

function onRecord(m) {
  if (m.seq !== recordSeq || !shownRecord) return;
  if (m.status !== 200 || !m.body || m.body.errors) {
    const errors = m.body?.errors ?? [`HTTP ${m.status}`];
    ui.record.replaceChildren(
      h('h2', { id: 'record-name', tabindex: '-1' }, 'Not found'),
      h('ul', { class: 'error-list' }, errors.map((x) => h('li', null, h('code', null, String(x))))),
    );
  } else {
    ui.record.replaceChildren(recordView(m.body));
    document.title = `${m.body.name} — ROR search`;
  }
  showView('record');
  $('record-name')?.focus();
}

function showView(which) {
  const record = which === 'record';
  ui.recordView.hidden = !record;
  ui.searchView.hidden = record;
  ui.rawList.hidden = record;
}

function showList({ focus = true } = {}) {
  const wasRecord = shownRecord !== null;
  shownRecord = null;
  showView('list');
  document.title = state.text ? `${state.text} — ROR search` : 'ROR search — offline, in your browser';
  if (focus && wasRecord && lastOpened) {
    const link = ui.results.querySelector(`li[data-id="${CSS.escape(lastOpened)}"] .result-link`);
    (link ?? ui.resultsHeading).focus();
  }
}

// ---------------------------------------------------------------------------------------------------
// URL ↔ page

function urlFor(search, hash = '') {
  return `${location.pathname}${search ? `?${search}` : ''}${hash}`;
}

/** Writes the state into the URL: one history entry per typing session, one per other action. */
function commit({ typing = false } = {}) {
  const url = urlFor(toSearch(state));
  const same = url === `${location.pathname}${location.search}${location.hash}`;
  if (same || (typing && history.state?.typing && !location.hash)) history.replaceState({ typing }, '', url);
  else history.pushState({ typing }, '', url);
  shownSearch = location.search;
  cameFromList = false;
}

function applyLocation() {
  if (location.search !== shownSearch) {
    state = parseSearch(location.search);
    // Keep the URL in the page's canonical order and encoding (same v1 request).
    const canonical = toSearch(state);
    if (canonical !== location.search.slice(1)) history.replaceState(history.state, '', urlFor(canonical, location.hash));
    shownSearch = location.search;
    syncControls();
    runSearch();
  }
  const id = recordFromHash(location.hash);
  if (id) {
    if (id !== shownRecord) openRecord(id);
  } else if (shownRecord !== null || ui.searchView.hidden) showList();
}

function syncControls() {
  if (ui.q.value !== state.text) ui.q.value = state.text;
  const advanced = state.mode === 'advanced';
  ui.mode.setAttribute('aria-pressed', advanced ? 'true' : 'false');
  ui.advanced.hidden = !advanced;
  ui.q.name = advanced ? 'query.advanced' : 'query';
  $('q-label').textContent = advanced
    ? 'Advanced query (query.advanced), e.g. name:Oxford AND types:Education'
    : 'Search organizations by name, acronym or identifier';
  ui.hint.hidden = advanced;
  ui.allStatus.checked = state.allStatus === true || state.allStatus === '' || String(state.allStatus).toLowerCase() === 'true';
}

function renderFields(fields) {
  if (!Array.isArray(fields)) return;
  ui.fieldCount.textContent = String(fields.length);
  ui.fieldList.replaceChildren(
    ...fields.map((f) =>
      h(
        'tr',
        null,
        h(
          'td',
          null,
          h('button', { type: 'button', class: 'link-btn', 'data-field': f.name, 'aria-label': `Insert ${f.name}:` }, h('code', null, f.name)),
        ),
        h('td', null, f.type + (f.analyzer ? ` (${f.analyzer})` : '')),
        h('td', null, f.matching ?? ''),
      ),
    ),
  );
}

function renderExamples() {
  ui.examples.replaceChildren(
    ...EXAMPLES.map(([q, what]) =>
      h(
        'li',
        null,
        h('button', { type: 'button', class: 'link-btn', 'data-example': q }, h('code', null, q)),
        h('span', { class: 'what' }, ` — ${what}`),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Events

let used = false; // any input, click or key: the page is in use and must not reload by itself
for (const type of ['input', 'pointerdown', 'keydown', 'drop']) {
  document.addEventListener(type, () => {
    used = true;
  }, { capture: true, once: true });
}

ui.q.addEventListener('input', (e) => {
  state.text = ui.q.value;
  state.hasText = ui.q.value !== '';
  state.page = 1;
  state.extra = [];
  commit({ typing: true });
  inputs.push({ seq: listSeq + 1, t: e.timeStamp });
  if (shownRecord !== null) showList({ focus: false });
  runSearch();
});

ui.q.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') {
    const first = ui.results.querySelector('.result-link');
    if (first && !ui.searchView.hidden) {
      e.preventDefault();
      first.focus();
    }
  }
});

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  state.text = ui.q.value;
  state.hasText = ui.q.value !== '';
  commit(); // Enter makes the typed request its own history entry
  if (shownRecord !== null) showList({ focus: false });
  runSearch();
});

ui.mode.addEventListener('click', () => {
  state.mode = state.mode === 'advanced' ? 'quick' : 'advanced';
  state.page = 1;
  state.extra = [];
  syncControls();
  commit();
  runSearch();
  ui.q.focus();
});

ui.allStatus.addEventListener('change', () => {
  state.allStatus = ui.allStatus.checked ? true : false;
  state.page = 1;
  state.extra = [];
  commit();
  runSearch();
});

ui.facets.addEventListener('click', (e) => {
  const btn = e.target.closest('[data-filter]');
  if (!btn) return;
  const f = btn.dataset.filter;
  const on = state.filters.some((x) => sameFilter(x, f));
  state.filters = on ? state.filters.filter((x) => !sameFilter(x, f)) : [...state.filters, f];
  state.page = 1;
  state.extra = [];
  commit();
  runSearch();
});

ui.activeFilters.addEventListener('click', (e) => {
  const btn = e.target.closest('[data-remove]');
  if (!btn) return;
  const i = state.filters.indexOf(btn.dataset.remove);
  state.filters = state.filters.filter((x) => x !== btn.dataset.remove);
  state.page = 1;
  commit();
  runSearch();
  // Focus the next chip, else the search box (chips are redrawn now, the rest when the answer comes).
  renderChips(null);
  const chips = ui.activeFilters.querySelectorAll('[data-remove]');
  (chips[Math.min(i, chips.length - 1)] ?? ui.q).focus();
});

function plainClick(e) {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}

ui.pager.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-page]');
  if (!a || !plainClick(e)) return;
  e.preventDefault();
  state.page = Number(a.dataset.page);
  commit();
  runSearch();
  ui.resultsHeading.focus();
});

ui.results.addEventListener('click', (e) => {
  const a = e.target.closest('.result-link');
  if (!a) return;
  lastOpened = a.closest('li')?.dataset.id ?? null;
  cameFromList = true; // the fragment navigation itself is the browser's
});

ui.results.addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
  const links = [...ui.results.querySelectorAll('.result-link')];
  const i = links.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  if (e.key === 'ArrowUp' && i === 0) ui.q.focus();
  else {
    const j = { ArrowDown: Math.min(i + 1, links.length - 1), ArrowUp: i - 1, Home: 0, End: links.length - 1 }[e.key];
    links[j].focus();
  }
});

ui.back.addEventListener('click', (e) => {
  if (!plainClick(e)) return;
  e.preventDefault();
  goBackToList();
});

function goBackToList() {
  if (cameFromList) history.back();
  else {
    history.pushState({ typing: false }, '', urlFor(toSearch(state)));
    applyLocation();
  }
}

ui.recordView.addEventListener('click', (e) => {
  const a = e.target.closest('a.rel-link');
  if (a) cameFromList = false; // following a relationship: Back goes to the previous record
});

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !ui.recordView.hidden) {
    e.preventDefault();
    goBackToList();
  } else if (e.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/u.test(document.activeElement?.tagName ?? '')) {
    e.preventDefault();
    ui.q.focus();
    ui.q.select();
  }
});

ui.advanced.addEventListener('click', (e) => {
  const ex = e.target.closest('[data-example]');
  const field = e.target.closest('[data-field]');
  if (ex) {
    ui.q.value = ex.dataset.example;
  } else if (field) {
    const at = ui.q.selectionStart ?? ui.q.value.length;
    const before = ui.q.value.slice(0, at);
    const insert = `${before && !/\s$/u.test(before) ? ' ' : ''}${field.dataset.field}:`;
    ui.q.value = before + insert + ui.q.value.slice(ui.q.selectionEnd ?? at);
    ui.q.setSelectionRange(before.length + insert.length, before.length + insert.length);
  } else return;
  state.text = ui.q.value;
  state.hasText = ui.q.value !== '';
  state.page = 1;
  commit();
  runSearch();
  ui.q.focus();
});

ui.rawList.addEventListener('toggle', () => {
  if (ui.rawList.open) requestRawList();
});

window.addEventListener('popstate', applyLocation);
window.addEventListener('hashchange', applyLocation);

// ---------------------------------------------------------------------------------------------------
// Bring your own dump

let buildWorker = null;

function building(on) {
  ui.build.hidden = !on;
  ui.build.dataset.active = on ? 'true' : 'false';
  ui.dumpFile.disabled = on;
}

const STAGES = {
  file: 'Reading the file',
  reading: 'Reading the dump',
  indexing: 'Indexing',
  writing: 'Writing the index',
};

async function useDump(file) {
  if (!file) return;
  ui.buildResult.textContent = '';
  ui.buildResult.classList.remove('bad');
  building(true);
  ui.buildLabel.textContent = `Reading ${file.name}…`;
  ui.buildProgress.removeAttribute('value');
  if (/\.idx$/iu.test(file.name)) {
    // A ready-made index (from `ror-index build`): no building needed.
    const bytes = new Uint8Array(await file.arrayBuffer());
    ui.buildLabel.textContent = 'Loading the index…';
    worker.postMessage({ type: 'use-bytes', bytes, name: file.name }, [bytes.buffer]);
    return;
  }
  buildWorker?.terminate();
  const w = new Worker(scriptUrl('build-worker.js'), { type: 'module', name: 'ror-build' });
  buildWorker = w;
  w.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'progress') {
      ui.buildLabel.textContent = `${STAGES[m.stage] ?? m.stage}…`;
      if (m.total > 0) {
        ui.buildProgress.max = m.total;
        ui.buildProgress.value = m.done;
      } else ui.buildProgress.removeAttribute('value');
    } else if (m.type === 'built') {
      w.terminate();
      if (buildWorker === w) buildWorker = null;
      ui.buildLabel.textContent = `Loading the new index (${fmt(m.summary?.records ?? 0)} records)…`;
      ui.buildProgress.removeAttribute('value');
      worker.postMessage({ type: 'use-bytes', bytes: m.bytes, name: m.name }, [m.bytes.buffer]);
    } else if (m.type === 'error') {
      w.terminate();
      if (buildWorker === w) buildWorker = null;
      building(false);
      ui.buildResult.classList.add('bad');
      ui.buildResult.textContent = `This dump could not be indexed: ${m.message}`;
    }
  };
  w.onerror = (e) => {
    building(false);
    ui.buildResult.classList.add('bad');
    ui.buildResult.textContent = `The indexer failed to start: ${e.message ?? 'unknown error'}`;
  };
  w.postMessage({ file });
}

ui.dumpFile.addEventListener('change', () => {
  useDump(ui.dumpFile.files?.[0]);
  ui.dumpFile.value = '';
});

ui.useBundled.addEventListener('click', () => {
  ui.buildResult.textContent = 'Switching back to the bundled index…';
  worker.postMessage({ type: 'use-bundled' });
});

let dragDepth = 0;
const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
document.addEventListener('dragenter', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dragDepth += 1;
  ui.overlay.hidden = false;
});
document.addEventListener('dragover', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
});
document.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) ui.overlay.hidden = true;
});
document.addEventListener('drop', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dragDepth = 0;
  ui.overlay.hidden = true;
  useDump(e.dataTransfer.files?.[0]);
});

// ---------------------------------------------------------------------------------------------------
// Start

function notice(text) {
  ui.notice.textContent = text;
  ui.notice.hidden = false;
}

// Facets are always open on wide screens and start folded on phones.
const wide = window.matchMedia('(min-width: 48.01rem)');
const fitFacets = () => {
  $('facet-panel').open = wide.matches;
};
wide.addEventListener('change', fitFacets);
fitFacets();

renderExamples();
applyLocation();
worker.postMessage({ type: 'start' });

if ('serviceWorker' in navigator) {
  // A page served by an older build's service worker reloads once the new build has taken over: at
  // once if it has not been used yet, else when the person chooses to.
  const servedByWorker = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!servedByWorker) return;
    if (!used) location.reload();
    else {
      notice('A new version of this page is ready. ');
      ui.notice.append(h('button', { type: 'button', class: 'link-btn', id: 'reload' }, 'Reload'));
      $('reload').addEventListener('click', () => location.reload());
    }
  });
}

/** Registered once the index is up (or failed), so that caching the page never competes with the
 *  first download of the index. */
let registered = false;
function registerServiceWorker() {
  if (registered || !('serviceWorker' in navigator)) return;
  registered = true;
  navigator.serviceWorker.register(scriptUrl('sw.js'), { scope: './' }).catch((err) => {
    notice(`Offline use is unavailable: ${err.message}`);
  });
}
if (navigator.storage?.persist) navigator.storage.persist().catch(() => {});
