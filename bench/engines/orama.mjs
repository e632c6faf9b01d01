import { create, insertMultiple, search as oramaSearch, save as oramaSave, load as oramaLoad } from '@orama/orama';
import { PAGE } from '../lib/common.mjs';

// Orama 3 (docs "Introduction to search": all string properties are searched; terms match as prefixes unless
// `exact: true`; "Typo tolerance": `tolerance: 1`; "Threshold": default 1, any term matches; its tokenizer
// folds diacritics itself). Persistence: `save(db)` / `load(db, raw)` of the core, as JSON (what the
// data-persistence plugin's 'json' format is).
const oramaSchema = { name: 'string', aliases: 'string[]', labels: 'string[]', acronyms: 'string[]' };

export default {
  key: 'orama',
  label: 'Orama',
  config:
    'schema name: string, aliases/labels/acronyms: string[] (default English tokenizer: diacritics folded, no stemming); ' +
    'exact and prefix: search({term, limit: 20}) (prefix matching is its default); fuzzy: + tolerance: 1 (docs "Typo tolerance")',
  async build(docs) {
    const db = create({ schema: oramaSchema });
    await insertMultiple(db, docs, 1000);
    return db;
  },
  serialize: (db) => JSON.stringify(oramaSave(db)),
  load(text) {
    const db = create({ schema: oramaSchema });
    oramaLoad(db, JSON.parse(text));
    return db;
  },
  search(db, text, mode) {
    const params = { term: text, limit: PAGE };
    if (mode === 'fuzzy') params.tolerance = 1;
    const r = oramaSearch(db, params);
    return r.hits.map((h) => h.id);
  },
};
