import lunr from 'lunr';
import { FIELDS, PAGE, fold } from '../lib/common.mjs';

// Lunr 2.3 (guides "Core concepts"/"Searching"/"Customising": the default pipeline trimmer + stop words +
// stemmer, extra pipeline functions registered so that the index serialises; `term~1` edit distance for typos;
// `lunr.Index#query`, the programmatic query API ("Prefer constructing a lunr.Query using lunr.Index#query"),
// so that Lunr's query-syntax characters in a name are taken as text; `JSON.stringify(idx)` / `lunr.Index.load`).
// Typeahead: the last word with a trailing wildcard (guide "Searching", wildcards), outside the pipeline as its
// query parser does for wildcard terms. (Lunr's own benchmark suite, perf/search_perf.js 'typeahead', adds the
// exact term ^100 and an edit-distance-1 term: on this workload that halved its recall@1 and took 10× longer.)
function lunrFold(token) {
  return token.update((s) => fold(s));
}
lunr.Pipeline.registerFunction(lunrFold, 'rorFold');

export default {
  key: 'lunr',
  label: 'Lunr',
  config:
    "ref id, fields name/aliases/labels/acronyms, default pipeline + a registered diacritics fold; index.query(): exact: every token a term; " +
    'prefix: the last token with a trailing wildcard, unstemmed (`term*`); fuzzy: every token editDistance 1 (`term~1`)',
  build(docs) {
    return lunr(function () {
      this.ref('id');
      for (const f of FIELDS) this.field(f);
      this.pipeline.before(lunr.trimmer, lunrFold);
      this.searchPipeline.before(lunr.stemmer, lunrFold);
      for (const d of docs) this.add(d);
    });
  },
  serialize: (idx) => JSON.stringify(idx),
  load: (text) => lunr.Index.load(JSON.parse(text)),
  search(idx, text, mode) {
    const tokens = lunr.tokenizer(text);
    if (tokens.length === 0) return [];
    const hits = idx.query((q) => {
      tokens.forEach((t, i) => {
        const s = t.toString();
        if (mode === 'prefix' && i === tokens.length - 1) {
          q.term(fold(s), { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        } else if (mode === 'fuzzy') {
          q.term(s, { editDistance: 1 });
        } else {
          q.term(s);
        }
      });
    });
    const out = new Array(Math.min(PAGE, hits.length));
    for (let i = 0; i < out.length; i++) out[i] = hits[i].ref;
    return out;
  },
};
