// The search worker: gets the index (Cache API first, else the network with progress), decodes it with
// the npm package and answers v1 requests, so typing never waits for decoding or searching.
//
// Cache: one Cache Storage entry per index, keyed by URL: `ror.idx` (the published index, as fetched)
// and `user.idx` (built from a dump the person dropped; when present it is the one searched). Each entry
// carries the index header (peekInfo) and the HTTP validators it was fetched with. Staleness: after a
// warm start a HEAD request compares validators; only if they changed is the index fetched again, and
// its header decides whether it is a different index (release, date, record count, builder, size).

import { RorIndex, initSearch, peekInfo, toBytes } from './pkg/index.js';

const CACHE = 'ror-index-v1';
const BUNDLED = new URL('ror.idx', self.location.href).href;
const USER = new URL('user.idx', self.location.href).href;

let index = null;
let active = null; // {origin: 'bundled'|'dropped', info, name}

// Writing 29 MB to Cache Storage keeps this thread busy for a while: after a download it waits until the
// page's first request has been answered (or 2 s), so the first results are not delayed by it.
let answered;
const firstAnswer = new Promise((resolve) => {
  answered = resolve;
});
const settle = () => Promise.race([firstAnswer, new Promise((r) => setTimeout(r, 2000))]);

const post = (msg, transfer) => self.postMessage(msg, transfer ?? []);
const progress = (phase, loaded = 0, total = 0) => post({ type: 'progress', phase, loaded, total });

async function openCache() {
  try {
    return await caches.open(CACHE);
  } catch {
    return null; // Cache Storage unavailable (e.g. a private window): still works, only not offline.
  }
}

function identity(info, bytes) {
  return JSON.stringify([info.release, info.date, info.schema, info.source, info.recordCount, info.builtBy, bytes]);
}

function validators(res) {
  return { etag: res.headers.get('etag') ?? '', lastModified: res.headers.get('last-modified') ?? '' };
}

async function store(cache, key, bytes, info, extra) {
  if (!cache) return;
  const headers = {
    'content-type': 'application/octet-stream',
    'x-ror-info': encodeURIComponent(JSON.stringify(info)),
    'x-ror-bytes': String(bytes.length),
  };
  for (const [k, v] of Object.entries(extra ?? {})) headers[`x-ror-${k}`] = encodeURIComponent(v);
  try {
    await cache.put(key, new Response(bytes, { headers }));
  } catch (err) {
    post({ type: 'notice', message: `The index could not be stored for offline use (${err.message}).` });
  }
}

function meta(res, name) {
  const v = res.headers.get(`x-ror-${name}`);
  return v == null ? null : decodeURIComponent(v);
}

function announce() {
  const info = index.info();
  active = { ...active, info };
  post({ type: 'ready', info, fields: index.fields(), origin: active.origin, name: active.name ?? null });
}

function swap(next, origin, name) {
  const old = index;
  index = next;
  warmed = false;
  active = { origin, name };
  if (old) old.free();
  announce();
}

async function download() {
  const res = await fetch(BUNDLED, { cache: 'no-cache' });
  const bytes = await toBytes(res, { onProgress: (loaded, total) => progress('download', loaded, total) });
  return { bytes, res };
}

async function start() {
  // Fetch and compile the wasm module while the index bytes are read.
  initSearch().catch(() => {});
  const cache = await openCache();
  // 1. A cached index: the dropped one if any, else the published one.
  for (const [key, origin] of [
    [USER, 'dropped'],
    [BUNDLED, 'bundled'],
  ]) {
    const hit = cache && (await cache.match(key));
    if (!hit) continue;
    progress('read');
    try {
      const bytes = new Uint8Array(await hit.arrayBuffer());
      progress('decode');
      const next = await RorIndex.load(bytes);
      swap(next, origin, meta(hit, 'name'));
      post({ type: 'cached', origin });
      setTimeout(() => checkForUpdate(cache).catch(() => {}), 2000);
      return;
    } catch (err) {
      // An index this build cannot read (older format, damaged): forget it and fall through.
      await cache.delete(key);
      post({ type: 'notice', message: `A cached index was dropped: ${err.message}` });
    }
  }
  // 2. Cold: the network.
  progress('download');
  let got;
  try {
    got = await download();
  } catch (err) {
    post({
      type: 'fatal',
      message: self.navigator.onLine === false
        ? 'You are offline and the index is not cached yet: open this page once while online.'
        : `The index could not be downloaded: ${err.message}`,
    });
    return;
  }
  progress('decode');
  let next;
  try {
    next = await RorIndex.load(got.bytes);
  } catch (err) {
    post({ type: 'fatal', message: `The published index could not be read: ${err.message}` });
    return;
  }
  swap(next, 'bundled', null);
  const v = validators(got.res);
  await settle();
  await store(cache, BUNDLED, got.bytes, index.info(), { etag: v.etag, 'last-modified': v.lastModified });
  post({ type: 'stored', origin: 'bundled' });
}

/** Replaces a stale cached index when a different one is published. */
async function checkForUpdate(cache) {
  if (!cache || self.navigator.onLine === false) return;
  const cached = await cache.match(BUNDLED);
  const head = await fetch(BUNDLED, { method: 'HEAD', cache: 'no-cache' });
  if (!head.ok) return;
  const now = validators(head);
  const length = head.headers.get('content-length');
  if (
    cached &&
    (now.etag || now.lastModified) &&
    now.etag === (meta(cached, 'etag') ?? '') &&
    now.lastModified === (meta(cached, 'last-modified') ?? '') &&
    (!length || length === cached.headers.get('x-ror-bytes'))
  ) {
    return; // Same file as cached.
  }
  const { bytes, res } = await download();
  const info = await peekInfo(bytes);
  const cachedInfo = cached ? JSON.parse(meta(cached, 'info') ?? 'null') : null;
  const v = validators(res);
  const extra = { etag: v.etag, 'last-modified': v.lastModified };
  if (cachedInfo && identity(cachedInfo, cached.headers.get('x-ror-bytes')) === identity(info, String(bytes.length))) {
    await store(cache, BUNDLED, bytes, info, extra); // same index, new validators
    return;
  }
  // A different published index. It replaces the searched one if that is the published one, or if it
  // is newer than the person's own dump (both dates known).
  const replaceActive =
    active.origin === 'bundled' ||
    (info.date && active.info?.date && info.date > active.info.date);
  if (replaceActive) {
    const next = await RorIndex.load(bytes);
    if (active.origin === 'dropped') await cache.delete(USER);
    swap(next, 'bundled', null);
    post({ type: 'updated', info });
  }
  await store(cache, BUNDLED, bytes, info, extra);
}

async function useBytes(bytes, name) {
  let next;
  try {
    next = await RorIndex.load(bytes);
  } catch (err) {
    post({ type: 'load-error', message: `This index cannot be used: ${err.message}` });
    return;
  }
  swap(next, 'dropped', name);
  const cache = await openCache();
  await store(cache, USER, bytes, index.info(), { name: name ?? '' });
  post({ type: 'stored', origin: 'dropped' });
}

async function useBundled() {
  const cache = await openCache();
  if (cache) await cache.delete(USER);
  const hit = cache && (await cache.match(BUNDLED));
  let bytes;
  if (hit) bytes = new Uint8Array(await hit.arrayBuffer());
  else {
    progress('download');
    try {
      const got = await download();
      bytes = got.bytes;
      const v = validators(got.res);
      await store(cache, BUNDLED, bytes, await peekInfo(bytes), { etag: v.etag, 'last-modified': v.lastModified });
    } catch (err) {
      post({ type: 'load-error', message: `The published index could not be downloaded: ${err.message}` });
      return;
    }
  }
  progress('decode');
  swap(await RorIndex.load(bytes), 'bundled', null);
}

function answer(m) {
  if (!index) return post({ type: 'answer', seq: m.seq, kind: m.kind, tag: m.tag ?? null, status: 503, body: null });
  const t0 = performance.now();
  const path = m.kind === 'record' ? `/v1/organizations/${encodeURIComponent(m.id)}` : `/v1/organizations?${m.qs}`;
  let r;
  try {
    r = index.request(path);
  } catch (err) {
    r = { status: 500, headers: {}, body: { errors: [String(err.message ?? err)] } };
  }
  post({
    type: 'answer',
    seq: m.seq,
    kind: m.kind,
    tag: m.tag ?? null,
    status: r.status,
    location: r.headers?.location ?? null,
    body: r.body,
    ms: performance.now() - t0,
  });
  answered();
  scheduleWarm();
}

// After the first answers, while the person is not typing, build what the first advanced query would
// otherwise build (postings of links, Wikipedia URLs and relationship labels): a few hundred ms once.
let warmTimer = null;
let warmed = false;
function scheduleWarm() {
  if (warmed || !index) return;
  clearTimeout(warmTimer);
  warmTimer = setTimeout(() => {
    if (warmed || !index) return;
    warmed = true;
    try {
      index.warm();
    } catch {
      // Warming is an optimisation only.
    }
  }, 1500);
}

self.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'start':
      start().catch((err) => post({ type: 'fatal', message: String(err.message ?? err) }));
      break;
    case 'list':
    case 'record':
      answer({ ...m, kind: m.type });
      break;
    case 'use-bytes':
      useBytes(m.bytes, m.name).catch((err) => post({ type: 'load-error', message: String(err.message ?? err) }));
      break;
    case 'use-bundled':
      useBundled().catch((err) => post({ type: 'load-error', message: String(err.message ?? err) }));
      break;
    default:
      break;
  }
};
