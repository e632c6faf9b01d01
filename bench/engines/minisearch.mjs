import MiniSearch from 'minisearch';
import { FIELDS, PAGE, fold, joined } from '../lib/common.mjs';

// MiniSearch 7 (README "Search options", "Term processing", "Auto suggestions"; the docs' search-as-you-type
// demo uses `prefix: true, fuzzy: 0.2`).
const miniOptions = {
  fields: FIELDS,
  idField: 'id',
  // README "Term processing": processTerm is the hook "to normalize them"; the default only lowercases.
  processTerm: (term) => fold(term),
};

export default {
  key: 'minisearch',
  label: 'MiniSearch',
  config:
    "fields name/aliases/labels/acronyms, processTerm = lowercase + strip diacritics; exact: search(q); " +
    'prefix: {prefix: true}; fuzzy: {prefix: true, fuzzy: 0.2} (README: "fuzzy: 0.2", search-as-you-type demo)',
  build(docs) {
    const ms = new MiniSearch(miniOptions);
    ms.addAll(docs.map(joined));
    return ms;
  },
  // README "Serialization": JSON.stringify(miniSearch) and MiniSearch.loadJSON(json, sameOptions).
  serialize: (ms) => JSON.stringify(ms),
  load: (text) => MiniSearch.loadJSON(text, miniOptions),
  search(ms, text, mode) {
    const opts = mode === 'prefix' ? { prefix: true } : mode === 'fuzzy' ? { prefix: true, fuzzy: 0.2 } : undefined;
    const hits = ms.search(text, opts);
    const out = new Array(Math.min(PAGE, hits.length));
    for (let i = 0; i < out.length; i++) out[i] = hits[i].id;
    return out;
  },
};
