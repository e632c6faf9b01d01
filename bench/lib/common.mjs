// Shared by the library adapters (engines/*.mjs): what each gets and answers.
//
// Every adapter gets the same documents (lib/dump.mjs `peerDocs`: the active records' short id, name, aliases,
// labels and acronyms) and the same query texts (un-escaped), and answers with the short ROR ids of its first 20
// results, best first (the v1 page size).
//
// Modes (what the workload asks for):
//   exact  — the text as typed, the library's default search options;
//   prefix — typeahead: the library's documented search-as-you-type setting;
//   fuzzy  — typos: the library's documented fuzzy/typo-tolerance setting.
//
// One index per library serves every mode (a search box has one index), so options that can only be set when
// indexing (FlexSearch's tokenizer) are chosen for the typeahead case.

export const PAGE = 20;
export const FIELDS = ['name', 'aliases', 'labels', 'acronyms'];

/** Lowercase and strip combining marks: what ROR's ASCII-folding analyzer does, for the libraries that
 *  fold no diacritics themselves (MiniSearch's and Lunr's docs show this hook for "normalizing" terms). */
export function fold(term) {
  return term.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Arrays as one string per field (for the libraries whose fields are strings). */
export const joined = (d) => ({
  id: d.id,
  name: d.name,
  aliases: d.aliases.join(' | '),
  labels: d.labels.join(' | '),
  acronyms: d.acronyms.join(' | '),
});
