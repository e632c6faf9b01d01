// ror-wasm: the ROR REST API v1 answered by a WebAssembly module over a local index.
// ESM for browsers, bundlers and Node (>= 18). The wasm module is loaded once, on first use.

import init, { RorIndex as RawIndex, peekInfo as rawPeekInfo } from './wasm/search/ror_search.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
const WASM_URL = new URL('./wasm/search/ror_search_bg.wasm', import.meta.url);

let ready = null;

/** Loads the search module (idempotent). `wasm` may be bytes, a URL, a Response or a WebAssembly.Module. */
export function initSearch(wasm) {
  if (!ready) {
    ready = (async () => {
      if (wasm !== undefined) return init({ module_or_path: await wasm });
      if (isNode && WASM_URL.protocol === 'file:') {
        const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
        return init({ module_or_path: await readFile(WASM_URL) });
      }
      return init({ module_or_path: WASM_URL });
    })();
  }
  return ready;
}

async function readAll(response, onProgress) {
  if (!response.ok) throw new Error(`cannot fetch the index: HTTP ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get('content-length')) || 0;
  if (!onProgress || !response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Bytes of an index from a Uint8Array, ArrayBuffer, Response, URL, URL string or (Node) file path. */
export async function toBytes(source, { onProgress, fetch: fetchImpl = globalThis.fetch } = {}) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof Response !== 'undefined' && source instanceof Response) return readAll(source, onProgress);
  let url = source;
  if (typeof source === 'string') {
    try {
      url = new URL(source);
    } catch {
      url = null;
    }
  }
  if (isNode && (url === null || url.protocol === 'file:')) {
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
    return new Uint8Array(await readFile(url ?? source));
  }
  return readAll(await fetchImpl(url ?? source), onProgress);
}

function queryString(params) {
  if (params == null) return '';
  if (typeof params === 'string') return params.startsWith('?') ? params.slice(1) : params;
  if (params instanceof URLSearchParams) return params.toString();
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      // v1 reads filter values as one comma-separated string; other repeated keys keep the last value.
      if (k === 'filter') sp.append(k, v.join(','));
      else for (const x of v) sp.append(k, String(x));
    } else sp.append(k, String(v));
  }
  return sp.toString();
}

function parseBody(r) {
  return r.contentType === 'application/json' ? JSON.parse(r.body) : r.body;
}

function toResponse(r) {
  const headers = { 'content-type': r.contentType === 'application/json' ? 'application/json' : 'text/html; charset=utf-8' };
  if (r.location) headers.location = r.location;
  return { status: r.status, headers, body: parseBody(r) };
}

/** A loaded ROR index answering v1 requests. */
export class RorIndex {
  #raw;

  constructor(raw) {
    if (!(raw instanceof RawIndex)) throw new TypeError('use RorIndex.load(source)');
    this.#raw = raw;
    this.fetch = this.fetch.bind(this);
  }

  /**
   * Loads an index: bytes (Uint8Array/ArrayBuffer), a Response, a URL (fetched) or, in Node, a file path.
   * Options: `onProgress(loaded, total)` while downloading, `wasm` to override where the module comes from.
   * Throws an Error if the bytes are not a valid index of this version.
   */
  static async load(source, options = {}) {
    await initSearch(options.wasm);
    const bytes = await toBytes(source, options);
    return new RorIndex(RawIndex.fromBytes(bytes));
  }

  /** The fields `query.advanced` accepts: `[{name, type, analyzer, matching}]` (the v1 whitelist). */
  fields() {
    return JSON.parse(this.#raw.fields());
  }

  /** What the index holds: release, date, schema, source, recordCount, builtBy, bytes. */
  info() {
    return this.#raw.info();
  }

  /** The v1 body of `GET /v1/organizations/{id}`: the record, or `{errors: [...]}` (HTTP 404 in the API). */
  get(id) {
    return parseBody(this.#raw.get(String(id)));
  }

  /**
   * The v1 body of `GET /v1/organizations?...`: `{number_of_results, time_taken, items, meta}` or
   * `{errors: [...]}`. `params`: a query string, URLSearchParams or an object such as
   * `{query: 'oxford', filter: 'types:Education', page: 2}`.
   */
  search(params) {
    return parseBody(this.#raw.list(queryString(params)));
  }

  /** Any v1 request path with its query string → `{status, headers, body}` as the API answered. */
  request(pathAndQuery) {
    return toResponse(this.#raw.request(String(pathAndQuery)));
  }

  /**
   * Builds now what the first advanced query (or first exact lookup on a field) would otherwise build:
   * the postings of links, Wikipedia URLs and relationship labels and the value lookup tables (a few hundred
   * ms once). Call it when idle, e.g. after the first answer.
   */
  warm() {
    this.#raw.warm();
  }

  /** `GET /v1/heartbeat` → `'OK'`. */
  heartbeat() {
    return this.#raw.heartbeat().body;
  }

  /**
   * A `fetch`-compatible function: `index.fetch('https://api.ror.org/v1/organizations?query=x')` resolves to
   * a `Response` answered locally (only the path and query of the URL are used).
   */
  async fetch(input, init) {
    const url = new URL(typeof input === 'string' ? input : input.url ?? String(input), 'https://api.ror.org');
    const method = (init?.method ?? input?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      return new Response(JSON.stringify({ detail: `Method "${method}" not allowed.` }), {
        status: 405,
        headers: { 'content-type': 'application/json' },
      });
    }
    const r = this.#raw.request(url.pathname + url.search);
    const headers = { 'content-type': r.contentType === 'application/json' ? 'application/json' : 'text/html; charset=utf-8' };
    if (r.location) headers.location = r.location;
    return new Response(method === 'HEAD' ? null : r.body, { status: r.status, headers });
  }

  /**
   * Wraps a fetch function so that requests to the given hosts (default `api.ror.org`) are answered by this
   * index and everything else goes to the original: `globalThis.fetch = index.wrapFetch(globalThis.fetch)`.
   */
  wrapFetch(original = globalThis.fetch, { hosts = ['api.ror.org'] } = {}) {
    return (input, init) => {
      const href = typeof input === 'string' ? input : input?.url ?? String(input);
      let host = null;
      try {
        host = new URL(href).host;
      } catch {
        host = null;
      }
      return hosts.includes(host) ? this.fetch(input, init) : original(input, init);
    };
  }

  /** Releases the wasm memory of this index. */
  free() {
    this.#raw.free();
  }
}

/** Reads the header of index bytes without loading them (release, date, recordCount, ...). */
export async function peekInfo(source, options = {}) {
  await initSearch(options.wasm);
  return rawPeekInfo(await toBytes(source, options));
}

export default RorIndex;
