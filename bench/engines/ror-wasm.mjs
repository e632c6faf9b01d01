import { readFileSync } from 'node:fs';
import { RorIndex, initSearch } from '../../pkg/index.js';
import { buildIndex } from '../../pkg/build.js';
import { shortId } from '../lib/dump.mjs';

// ror-wasm, the npm package under Node: the search module (pkg/wasm/search) over the index file that
// `ror-index build` writes. It answers the v1 way: `index.search(queryString)` → the v1 body (20 full
// records, exact `number_of_results`, the three facets in `meta`), parsed by the package into JS objects.
export default {
  key: 'ror-wasm',
  label: 'ror-wasm (Node)',
  ours: true,
  config:
    'the npm package: RorIndex.load(bytes), index.search(qs) → the v1 body (20 full records parsed, exact total, facets); ' +
    'query=<escaped text>, typeahead `*` on the last word, fuzzy `~` after every word',
  /** The search module is compiled and instantiated before the load is timed; its time is reported apart. */
  async init() {
    const t = performance.now();
    await initSearch(readFileSync(new URL('../../pkg/wasm/search/ror_search_bg.wasm', import.meta.url)));
    return performance.now() - t;
  },
  /** `buildIndex` of the package's builder module (its own wasm), from the dump's bytes. */
  async build(dumpBytes) {
    const { bytes } = await buildIndex(dumpBytes);
    return bytes;
  },
  serialize: (bytes) => bytes,
  load: (bytes) => RorIndex.load(bytes),
  search(index, qs) {
    const body = index.search(qs);
    if (body.errors) throw new Error(`${qs}: ${body.errors.join('; ')}`);
    const items = body.items;
    const out = new Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = shortId(items[i].id);
    return out;
  },
  /**
   * Bytes of wasm linear memory. The package exposes no accessor: this reads the `memory` export of the
   * object `initSearch()` resolves to (wasm-bindgen's exports), which is not part of the typed API.
   */
  async wasmMemory() {
    const exports = await initSearch();
    return exports?.memory?.buffer?.byteLength ?? null;
  },
};
