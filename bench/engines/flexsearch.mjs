import { Document, Charset } from 'flexsearch';
import { FIELDS, PAGE, joined } from '../lib/common.mjs';

// FlexSearch 0.8 (README "Tokenizer (Partial Match)": "If you want getting back results of an indexed term
// 'flexsearch' when just typing 'flex' ... choosing a tokenizer" → `forward`; "Fuzzy-Search": encoder
// LatinBalance (charset normalization, phonetic basic) and `suggest: true`; "Use numeric IDs").
const flexOptions = () => ({
  tokenize: 'forward',
  encoder: Charset.LatinBalance,
  document: { id: 'id', index: FIELDS },
});

export default {
  key: 'flexsearch',
  label: 'FlexSearch',
  config:
    "Document over name/aliases/labels/acronyms, tokenize 'forward', encoder Charset.LatinBalance, numeric ids " +
    '(README "Use numeric IDs"; the id table ships with the export); exact and prefix: search(q, {limit: 20, merge: true}); ' +
    'fuzzy: the same with suggest: true (README "Fuzzy-Search")',
  build(docs) {
    const index = new Document(flexOptions());
    const ids = new Array(docs.length);
    docs.forEach((d, i) => {
      ids[i] = d.id;
      index.add(i, { id: i, ...joinedNoId(d) });
    });
    return { index, ids };
  },
  // README "Export / Import": export(handler) gives (key, data) pairs; import(key, data) each on a new index
  // of the same options. The numeric-id → ROR id table goes along.
  async serialize({ index, ids }) {
    const parts = [];
    await index.export((key, data) => {
      parts.push([key, data]);
    });
    return JSON.stringify({ ids, parts });
  },
  async load(text) {
    const { ids, parts } = JSON.parse(text);
    const index = new Document(flexOptions());
    for (const [key, data] of parts) await index.import(key, data);
    return { index, ids };
  },
  search({ index, ids }, text, mode) {
    const opts = { limit: PAGE, merge: true };
    if (mode === 'fuzzy') opts.suggest = true;
    const hits = index.search(text, opts);
    const out = [];
    for (let i = 0; i < hits.length && out.length < PAGE; i++) out.push(ids[hits[i].id]);
    return out;
  },
};

function joinedNoId(d) {
  const j = joined(d);
  delete j.id;
  return j;
}
