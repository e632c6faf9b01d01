//! Executes a resolved query over one document space and returns every match with its Lucene score.
//!
//! Two spaces exist. The root space is the records (dump order = Lucene doc order). The nested space is
//! the `names_ids` children: one document per *distinct value* of the four name paths and of the
//! `names_ids.id` path (a child's score depends only on its value, so children sharing a value share a
//! score), plus three documents per record for the forms of its own id. The block join maps children to
//! records keeping the maximum (ScoreMode.Max); statistics still count children one by one.
//!
//! Scores follow Lucene's summation: conjunctions and disjunctions sum in f64 then round to f32; a
//! required part plus an optional part is an f32 addition (ReqOptSumScorer); dis_max keeps the maximum.

use crate::index::schema::{paths, FieldType, PathId, View};
use crate::index::{Index, PathView, ID_FORMS};
use crate::text::{Analysis, Analyzer};

use super::bm25::{idf, idf_sum, MemoScorer, Scorer, NO_NORMS};
use super::fields::Target;
use super::lucene::{BoolQ, DocSet, KeywordField, NamesIdDoc, TextField, Q};
use super::phrase::{self, Slot};

/// Matches in ascending document order with their scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hits {
    pub docs: Vec<u32>,
    pub scores: Vec<f32>,
}

impl Hits {
    pub fn len(&self) -> usize {
        self.docs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
    fn constant(docs: Vec<u32>, score: f32) -> Hits {
        let scores = vec![score; docs.len()];
        Hits { docs, scores }
    }
}

/// Which documents a query runs over.
#[derive(Clone, Copy, Debug)]
pub enum Space {
    Root,
    Nested,
}

/// A nested document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Nested {
    /// A distinct value of a name path or of `names_ids.id`.
    Value(PathId, u32),
    /// One of the three id forms of a record.
    Form(u32),
}

/// The nested document numbering: values of the name paths 0..4, then `names_ids.id` values, then three
/// id-form documents per record.
#[derive(Clone, Copy, Debug)]
struct NestedLayout {
    /// `base[p]` for the name paths p = 0..4, `base[4]` for external ids, `base[5]` for the id forms.
    base: [u32; 6],
    total: u32,
}

impl NestedLayout {
    fn new(index: &Index) -> NestedLayout {
        let mut base = [0u32; 6];
        let mut at = 0u32;
        for (i, p) in paths::NAMES
            .chain(core::iter::once(paths::NAMES_IDS_ID))
            .enumerate()
        {
            base[i] = at;
            at += index.path(p).map_or(0, |v| v.len());
        }
        base[5] = at;
        NestedLayout {
            base,
            total: at + ID_FORMS * index.num_records(),
        }
    }
    fn locate(&self, doc: u32) -> Nested {
        if doc >= self.base[5] {
            return Nested::Form((doc - self.base[5]) / ID_FORMS);
        }
        if doc >= self.base[4] {
            return Nested::Value(paths::NAMES_IDS_ID, doc - self.base[4]);
        }
        let mut p = 0usize;
        while p + 1 < 4 && doc >= self.base[p + 1] {
            p += 1;
        }
        Nested::Value(p as PathId, doc - self.base[p])
    }
    fn value_doc(&self, path: PathId, value: u32) -> u32 {
        if path == paths::NAMES_IDS_ID {
            self.base[4] + value
        } else {
            self.base[path as usize] + value
        }
    }
    /// The documents of path `path`'s values: `start..end`.
    fn value_range(&self, path: PathId) -> (u32, u32) {
        let k = if path == paths::NAMES_IDS_ID {
            4
        } else {
            (path as usize).min(3)
        };
        (self.base[k], self.base[k + 1])
    }
    fn names_id_doc(&self, d: NamesIdDoc) -> u32 {
        match d {
            NamesIdDoc::Ext(v) => self.base[4] + v,
            NamesIdDoc::Form { record, form } => self.base[5] + record * ID_FORMS + form as u32,
        }
    }
}

/// Reusable per-query buffers (sized to the largest space).
#[derive(Default)]
pub struct Scratch {
    freq: Vec<f32>,
    extra: Vec<u32>,
    mark: Vec<u32>,
    epoch: u32,
    /// Per value of a path: the term frequency to spread over its records.
    value_freq: Vec<f32>,
    analysis: Analysis,
    /// A bitset over the largest space, all clear between uses (see [`Scratch::sort_docs`]).
    bits: Vec<u64>,
}

impl Scratch {
    fn ensure(&mut self, n: usize) {
        // Fresh zeroed allocations rather than `resize`: the allocator can hand out pages that are zero
        // already, which are touched (and paid for) only where a query writes.
        if self.freq.len() < n {
            self.freq = vec![0.0; n];
            self.extra = vec![0; n];
            self.mark = vec![0; n];
            self.bits = vec![0; n / 64 + 1];
            self.epoch = 0;
        }
    }

    /// Sorts distinct document numbers: by sorting when they are few, else through the bitset (linear in
    /// the space, no comparisons), which is what most queries with many matches need.
    fn sort_docs(&mut self, docs: &mut Vec<u32>, universe: u32) {
        if docs.len() < 64 || (docs.len() as u64) * 24 < universe as u64 {
            docs.sort_unstable();
            return;
        }
        for &d in docs.iter() {
            if let Some(w) = self.bits.get_mut(d as usize / 64) {
                *w |= 1u64 << (d % 64);
            }
        }
        docs.clear();
        for (i, w) in self.bits.iter_mut().enumerate() {
            let mut x = *w;
            if x == 0 {
                continue;
            }
            *w = 0;
            while x != 0 {
                docs.push((i * 64) as u32 + x.trailing_zeros());
                x &= x - 1;
            }
        }
    }
    /// Adds value `v`'s frequency to record `r` (first touch in this `epoch` resets it and lists `r` in
    /// `touched`) and remembers `v` for single-valued norms; false if `r` is out of range.
    fn add_occurrence(&mut self, r: u32, v: u32, epoch: u32, touched: &mut Vec<u32>) -> bool {
        let ri = r as usize;
        if ri >= self.mark.len() {
            return false;
        }
        if self.mark[ri] != epoch {
            self.mark[ri] = epoch;
            self.freq[ri] = 0.0;
            touched.push(r);
        }
        self.freq[ri] += self.value_freq.get(v as usize).copied().unwrap_or(0.0);
        self.extra[ri] = v;
        true
    }

    fn next_epoch(&mut self) -> u32 {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.mark.iter_mut().for_each(|m| *m = 0);
            self.epoch = 1;
        }
        self.epoch
    }
}

/// True if `term` is in the text field's dictionary (for a standard field: as an original token).
pub fn term_in_field(index: &Index, field: TextField, term: u32) -> bool {
    match field {
        TextField::NamesName => index.name_segments(term).next().is_some(),
        TextField::Root { path, view } => index
            .entries(path, term)
            .any(|e| view != View::Base || e.original > 0),
    }
}

/// The analyzer a text field's values are re-analysed with to find phrase positions.
fn field_analyzer(index: &Index, field: TextField) -> Analyzer {
    match field {
        TextField::NamesName => Analyzer::StringLowercase,
        TextField::Root {
            view: View::Norm, ..
        } => Analyzer::StringLowercase,
        TextField::Root { path, .. } => {
            match index.path(path).and_then(|p| p.mapping().text_analyzer()) {
                Some(crate::index::schema::TextAnalyzer::Simple) => Analyzer::Simple,
                _ => Analyzer::Standard,
            }
        }
    }
}

pub struct Exec<'a> {
    index: &'a Index,
    space: Space,
    layout: NestedLayout,
    s: &'a mut Scratch,
}

impl<'a> Exec<'a> {
    pub fn new(index: &'a Index, space: Space, scratch: &'a mut Scratch) -> Exec<'a> {
        let layout = NestedLayout::new(index);
        let n = (index.num_records().max(layout.total)) as usize;
        scratch.ensure(n);
        Exec {
            index,
            space,
            layout,
            s: scratch,
        }
    }

    fn universe(&self) -> u32 {
        match self.space {
            Space::Root => self.index.num_records(),
            Space::Nested => self.layout.total,
        }
    }

    pub fn run(&mut self, q: &Q) -> Hits {
        self.eval(q, 1.0)
    }

    fn eval(&mut self, q: &Q, boost: f32) -> Hits {
        match q {
            Q::None => Hits::default(),
            Q::All => Hits::constant((0..self.universe()).collect(), boost),
            Q::Terms { field, terms, .. } => self.terms(*field, terms, boost),
            Q::Phrase {
                field,
                positions,
                slop,
            } => self.phrase(*field, positions, *slop, boost),
            Q::Keyword { field, value } => match value {
                Some(v) => self.keyword(*field, *v, boost),
                None => Hits::default(),
            },
            Q::NamesId { docs } => self.names_id(docs, boost),
            Q::Const(set) => {
                let docs = self.doc_set(set);
                Hits::constant(docs, boost)
            }
            Q::Fuzzy { inner, similarity } => self.eval(inner, boost * *similarity),
            Q::Boost(inner, b) => self.eval(inner, boost * *b),
            Q::DisMax(qs) => {
                let lists: Vec<Hits> = qs.iter().map(|q| self.eval(q, boost)).collect();
                dis_max(lists)
            }
            Q::Bool(b) => self.boolean(b, boost),
        }
    }

    // ------------------------------------------------------------------ term and synonym queries

    fn terms(&mut self, field: TextField, terms: &[u32], boost: f32) -> Hits {
        if terms.is_empty() {
            return Hits::default();
        }
        match (field, self.space) {
            (TextField::NamesName, Space::Nested) => self.names_terms(terms, boost),
            (TextField::Root { path, view }, Space::Root) => {
                self.root_terms(path, view, terms, boost)
            }
            _ => Hits::default(),
        }
    }

    fn names_terms(&mut self, terms: &[u32], boost: f32) -> Hits {
        if let [t] = terms {
            if let Some(hits) = self.names_term(*t, boost) {
                return hits;
            }
        }
        let index = self.index;
        let stats = index.names_name_stats();
        // One pass over the postings: the frequencies of the touched children, and each term's document
        // frequency (the occurrences of its values; the largest is the blended one) for the scorer.
        let mut df = 0u64;
        let epoch = self.s.next_epoch();
        let mut touched: Vec<u32> = Vec::new();
        for &t in terms {
            let mut term_df = 0u64;
            for seg in index.name_segments(t) {
                for e in seg.entries() {
                    term_df += index.occurrence_count(seg.path, e.value) as u64;
                    let doc = self.layout.value_doc(seg.path, e.value) as usize;
                    let Some(m) = self.s.mark.get_mut(doc) else {
                        continue;
                    };
                    if *m != epoch {
                        *m = epoch;
                        self.s.freq[doc] = 0.0;
                        touched.push(doc as u32);
                    }
                    self.s.freq[doc] += e.count as f32;
                }
            }
            df = df.max(term_df);
        }
        if df == 0 {
            return Hits::default();
        }
        let scorer = Scorer::new(boost, idf(df, stats.doc_count), stats);
        let mut memo = MemoScorer::new(&scorer);
        let universe = self.universe();
        self.s.sort_docs(&mut touched, universe);
        let mut out = Hits {
            docs: Vec::with_capacity(touched.len()),
            scores: Vec::with_capacity(touched.len()),
        };
        for doc in touched {
            let norm = match self.layout.locate(doc) {
                Nested::Value(p, v) => index.path(p).map_or(0, |pv| pv.norm(v)),
                Nested::Form(_) => 0,
            };
            out.docs.push(doc);
            out.scores.push(memo.score(self.s.freq[doc as usize], norm));
        }
        out
    }

    /// One term (a TermQuery, the common case): a segment lists its values in ascending order and the
    /// name paths' documents follow path order, so the matches come out sorted and distinct with no
    /// scratch arrays and no sort. `None` if a segment is out of that order (then the general way runs).
    fn names_term(&mut self, t: u32, boost: f32) -> Option<Hits> {
        let index = self.index;
        let universe = self.universe();
        let mut docs: Vec<u32> = Vec::new();
        let mut freq_norm: Vec<(f32, u8)> = Vec::new();
        let mut df = 0u64;
        for seg in index.name_segments(t) {
            let Some(pv) = index.path(seg.path) else {
                continue;
            };
            let norms = pv.norms();
            docs.reserve(seg.len());
            freq_norm.reserve(seg.len());
            for e in seg.entries() {
                df += index.occurrence_count(seg.path, e.value) as u64;
                let doc = self.layout.value_doc(seg.path, e.value);
                if doc >= universe {
                    continue;
                }
                if docs.last().is_some_and(|&last| last >= doc) {
                    return None;
                }
                docs.push(doc);
                let norm = norms.get(e.value as usize).copied().unwrap_or(0);
                freq_norm.push((e.count as f32, norm));
            }
        }
        if df == 0 {
            return Some(Hits::default());
        }
        let scorer = Scorer::new(
            boost,
            idf(df, index.names_name_stats().doc_count),
            index.names_name_stats(),
        );
        let mut memo = MemoScorer::new(&scorer);
        let scores = freq_norm.iter().map(|&(f, n)| memo.score(f, n)).collect();
        Some(Hits { docs, scores })
    }

    /// Per record: summed term frequency (and a value it holds, for single-valued norms).
    fn root_terms(&mut self, path: PathId, view: View, terms: &[u32], boost: f32) -> Hits {
        let index = self.index;
        let Some(pv) = index.path(path) else {
            return Hits::default();
        };
        let stats = index.field_stats(path, view);
        let originals_only = view == View::Base;
        if self.s.value_freq.len() < pv.len() as usize {
            self.s.value_freq.resize(pv.len() as usize, 0.0);
        }
        let mut df = 0u64;
        let epoch_all = self.s.next_epoch();
        let mut all_touched: Vec<u32> = Vec::new();
        let mut values: Vec<u32> = Vec::new();
        let mut term_records: Vec<u32> = Vec::new();
        for &t in terms {
            values.clear();
            for e in index.entries(path, t) {
                let f = if originals_only { e.original } else { e.count };
                if f == 0 {
                    continue;
                }
                if let Some(x) = self.s.value_freq.get_mut(e.value as usize) {
                    *x = f as f32;
                    values.push(e.value);
                }
            }
            term_records.clear();
            let s = &mut *self.s;
            index.for_each_occurrence(path, &values, &mut |r, v| {
                if s.add_occurrence(r, v, epoch_all, &mut all_touched) {
                    term_records.push(r);
                }
            });
            term_records.sort_unstable();
            term_records.dedup();
            df = df.max(term_records.len() as u64);
        }
        if df == 0 {
            return Hits::default();
        }
        let scorer = Scorer::new(boost, idf(df, stats.doc_count), stats);
        let mut memo = MemoScorer::new(&scorer);
        let universe = self.universe();
        self.s.sort_docs(&mut all_touched, universe);
        let mut out = Hits {
            docs: Vec::with_capacity(all_touched.len()),
            scores: Vec::with_capacity(all_touched.len()),
        };
        for r in all_touched {
            let norm = record_norm(pv, r, self.s.extra[r as usize]);
            out.docs.push(r);
            out.scores.push(memo.score(self.s.freq[r as usize], norm));
        }
        out
    }

    fn keyword(&mut self, field: KeywordField, value: u32, boost: f32) -> Hits {
        let index = self.index;
        match (field, self.space) {
            (KeywordField::Root { path, view }, Space::Root) => {
                let mut docs = index.occurrences(path, value);
                docs.dedup();
                if docs.is_empty() {
                    return Hits::default();
                }
                let stats = index.field_stats(path, view);
                let scorer = Scorer::new(boost, idf(docs.len() as u64, stats.doc_count), stats);
                let s = scorer.score(1.0, NO_NORMS);
                Hits::constant(docs, s)
            }
            _ => Hits::default(),
        }
    }

    fn names_id(&mut self, docs: &[NamesIdDoc], boost: f32) -> Hits {
        if !matches!(self.space, Space::Nested) || docs.is_empty() {
            return Hits::default();
        }
        let df: u64 = docs
            .iter()
            .map(|d| match d {
                NamesIdDoc::Ext(v) => self.index.occurrence_count(paths::NAMES_IDS_ID, *v) as u64,
                NamesIdDoc::Form { .. } => 1,
            })
            .sum();
        let stats = self.index.field_stats(paths::NAMES_IDS_ID, View::Base);
        let scorer = Scorer::new(boost, idf(df, stats.doc_count), stats);
        let mut ids: Vec<u32> = docs.iter().map(|&d| self.layout.names_id_doc(d)).collect();
        ids.sort_unstable();
        ids.dedup();
        Hits::constant(ids, scorer.score(1.0, NO_NORMS))
    }

    // ------------------------------------------------------------------ phrases

    /// PhraseQuery / MultiPhraseQuery. Candidates are the values holding a term of every position; their
    /// positions come from analysing the value again (the index keeps no positions).
    fn phrase(&mut self, field: TextField, positions: &[Vec<u32>], slop: u32, boost: f32) -> Hits {
        if positions.is_empty() || positions.iter().any(Vec::is_empty) {
            return Hits::default();
        }
        let index = self.index;
        let originals_only = match (field, self.space) {
            (TextField::NamesName, Space::Nested) => false,
            (TextField::Root { view, .. }, Space::Root) => view == View::Base,
            _ => return Hits::default(),
        };
        let in_field = |p: PathId| match field {
            TextField::NamesName => paths::NAMES.contains(&p),
            TextField::Root { path, .. } => p == path,
        };
        // Document frequencies (for the idf sum) and, per position, the values holding one of its terms.
        let mut dfs: Vec<u64> = Vec::new();
        let mut candidates: Option<Vec<(PathId, u32)>> = None;
        for group in positions {
            let mut set: Vec<(PathId, u32)> = Vec::new();
            for &t in group {
                let mut values_by_path: Vec<(PathId, u32)> = Vec::new();
                match field {
                    TextField::NamesName => {
                        for seg in index.segments(t).filter(|s| in_field(s.path)) {
                            values_by_path.extend(seg.entries().map(|e| (seg.path, e.value)));
                        }
                    }
                    TextField::Root { path, .. } => {
                        for e in index.entries(path, t) {
                            if originals_only && e.original == 0 {
                                continue;
                            }
                            values_by_path.push((path, e.value));
                        }
                    }
                }
                let df = match field {
                    TextField::NamesName => values_by_path
                        .iter()
                        .map(|&(p, v)| index.occurrence_count(p, v) as u64)
                        .sum(),
                    TextField::Root { path, .. } => {
                        let values: Vec<u32> = values_by_path.iter().map(|&(_, v)| v).collect();
                        let mut recs = Vec::new();
                        index.for_each_occurrence(path, &values, &mut |r, _| recs.push(r));
                        recs.sort_unstable();
                        recs.dedup();
                        recs.len() as u64
                    }
                };
                if df > 0 {
                    dfs.push(df);
                }
                set.extend(values_by_path);
            }
            crate::sort::by(&mut set, |a, b| a.cmp(b));
            set.dedup();
            candidates = Some(match candidates {
                None => set,
                Some(c) => intersect_sorted(&c, &set),
            });
        }
        if dfs.is_empty() {
            return Hits::default();
        }
        let stats = match field {
            TextField::NamesName => index.names_name_stats(),
            TextField::Root { path, view } => index.field_stats(path, view),
        };
        let scorer = Scorer::new(boost, idf_sum(dfs.into_iter(), stats.doc_count), stats);
        let analyzer = field_analyzer(index, field);
        let space = match field {
            TextField::NamesName => crate::index::TermSpace::Stored(index),
            TextField::Root { path, .. } => index.text_terms(path),
        };
        let group_terms: Vec<Vec<&str>> = positions
            .iter()
            .map(|g| g.iter().filter_map(|&t| space.term(t)).collect())
            .collect();
        let mut value_freqs: Vec<((PathId, u32), f32)> = Vec::new();
        for (p, v) in candidates.unwrap_or_default() {
            let Some(text) = index.path(p).and_then(|pv| pv.str_value(v)) else {
                continue;
            };
            self.s.analysis.run(analyzer, text);
            let mut slots: Vec<Slot> = positions
                .iter()
                .map(|g| Slot {
                    positions: Vec::new(),
                    terms: g.clone(),
                })
                .collect();
            for t in self.s.analysis.tokens() {
                let term = self.s.analysis.term(t);
                for (gi, g) in group_terms.iter().enumerate() {
                    if g.contains(&term) {
                        slots[gi].positions.push(t.position);
                    }
                }
            }
            if slots.iter().any(|s| s.positions.is_empty()) {
                continue;
            }
            // Synonyms at one query position are merged with duplicates, as Lucene's union postings.
            for s in &mut slots {
                s.positions.sort_unstable();
            }
            let f = if slop == 0 {
                phrase::exact_freq(&slots)
            } else {
                phrase::sloppy_freq(&slots, slop)
            };
            if f > 0.0 {
                value_freqs.push(((p, v), f));
            }
        }
        match field {
            TextField::NamesName => {
                let mut out = Hits::default();
                for ((p, v), f) in value_freqs {
                    let norm = index.path(p).map_or(0, |pv| pv.norm(v));
                    out.docs.push(self.layout.value_doc(p, v));
                    out.scores.push(scorer.score(f, norm));
                }
                // Values are grouped by path then value: already ascending in doc order.
                out
            }
            TextField::Root { path, .. } => {
                let Some(pv) = index.path(path) else {
                    return Hits::default();
                };
                if self.s.value_freq.len() < pv.len() as usize {
                    self.s.value_freq.resize(pv.len() as usize, 0.0);
                }
                let values: Vec<u32> = value_freqs.iter().map(|&((_, v), _)| v).collect();
                for &((_, v), f) in &value_freqs {
                    self.s.value_freq[v as usize] = f;
                }
                let epoch = self.s.next_epoch();
                let mut touched = Vec::new();
                let s = &mut *self.s;
                index.for_each_occurrence(path, &values, &mut |r, v| {
                    s.add_occurrence(r, v, epoch, &mut touched);
                });
                touched.sort_unstable();
                let mut out = Hits::default();
                for r in touched {
                    let norm = record_norm(pv, r, self.s.extra[r as usize]);
                    out.docs.push(r);
                    out.scores.push(scorer.score(self.s.freq[r as usize], norm));
                }
                out
            }
        }
    }

    // ------------------------------------------------------------------ constant-score sets

    fn doc_set(&mut self, set: &DocSet) -> Vec<u32> {
        let index = self.index;
        let mut out: Vec<u32> = Vec::new();
        match (set, self.space) {
            (DocSet::RootValues { path, values }, Space::Root) => {
                let mut vs = values.clone();
                vs.sort_unstable();
                vs.dedup();
                index.for_each_occurrence(*path, &vs, &mut |r, _| out.push(r));
            }
            (DocSet::RootTerms { path, view, terms }, Space::Root) => {
                let mut vs: Vec<u32> = Vec::new();
                for &t in terms {
                    for e in index.entries(*path, t) {
                        if *view == View::Base && e.original == 0 {
                            continue;
                        }
                        vs.push(e.value);
                    }
                }
                vs.sort_unstable();
                vs.dedup();
                index.for_each_occurrence(*path, &vs, &mut |r, _| out.push(r));
            }
            (DocSet::NamesTerms { terms }, Space::Nested) => {
                for &t in terms {
                    for seg in index.name_segments(t) {
                        for e in seg.entries() {
                            out.push(self.layout.value_doc(seg.path, e.value));
                        }
                    }
                }
            }
            (DocSet::NamesIdDocs { docs }, Space::Nested) => {
                out.extend(docs.iter().map(|&d| self.layout.names_id_doc(d)));
            }
            (DocSet::Exists { fields }, Space::Root) => {
                for t in fields {
                    match *t {
                        Target::Id => return (0..index.num_records()).collect(),
                        Target::Root { path, ty, .. } => {
                            let Some(pv) = index.path(path) else { continue };
                            let limit = match ty {
                                FieldType::Keyword { ignore_above } => ignore_above,
                                _ => u32::MAX,
                            };
                            let values: Vec<u32> = (0..pv.len())
                                .filter(|&v| {
                                    limit == u32::MAX
                                        || pv.str_value(v).is_none_or(|s| {
                                            s.chars().map(char::len_utf16).sum::<usize>()
                                                <= limit as usize
                                        })
                                })
                                .collect();
                            index.for_each_occurrence(path, &values, &mut |r, _| out.push(r));
                        }
                        Target::NamesName | Target::NamesId => {}
                    }
                }
            }
            (DocSet::Exists { fields }, Space::Nested) => {
                for t in fields {
                    match t {
                        Target::NamesName => out.extend(0..self.layout.base[4]),
                        Target::NamesId => out.extend(self.layout.base[4]..self.layout.total),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    // ------------------------------------------------------------------ boolean

    fn boolean(&mut self, b: &BoolQ, boost: f32) -> Hits {
        let must: Vec<Hits> = b.must.iter().map(|q| self.eval(q, boost)).collect();
        let filter: Vec<Hits> = b.filter.iter().map(|q| self.eval(q, boost)).collect();
        let should: Vec<Hits> = b.should.iter().map(|q| self.eval(q, boost)).collect();
        let must_not: Vec<Hits> = b.must_not.iter().map(|q| self.eval(q, boost)).collect();
        boolean_combine(&must, &filter, &should, &must_not)
    }

    // ------------------------------------------------------------------ block join

    /// Nested hits → records, each with the maximum score of its matching children.
    pub fn to_parents(&mut self, hits: &Hits) -> Hits {
        let index = self.index;
        let epoch = self.s.next_epoch();
        let mut touched = Vec::new();
        let s = &mut *self.s;
        let mut visit = |r: u32, score: f32| {
            let ri = r as usize;
            if ri >= s.mark.len() {
                return;
            }
            if s.mark[ri] != epoch {
                s.mark[ri] = epoch;
                s.freq[ri] = score;
                touched.push(r);
            } else if score > s.freq[ri] {
                s.freq[ri] = score;
            }
        };
        let (docs, scores) = (&hits.docs, &hits.scores);
        let mut i = 0;
        while i < docs.len() {
            match self.layout.locate(docs[i]) {
                Nested::Form(r) => {
                    visit(r, scores.get(i).copied().unwrap_or(0.0));
                    i += 1;
                }
                Nested::Value(p, _) => {
                    // A path's children are contiguous: one walk over them, the path looked up once.
                    let (start, end) = self.layout.value_range(p);
                    let j = i + docs[i..].partition_point(|&d| d < end);
                    let run = docs[i..j].iter().map(|&d| d - start);
                    let run_scores = scores.get(i..j).unwrap_or(&[]);
                    index.for_each_record_of_each(p, run, |k, r| {
                        visit(r, run_scores.get(k).copied().unwrap_or(0.0))
                    });
                    i = j;
                }
            }
        }
        self.s.sort_docs(&mut touched, index.num_records());
        let scores = touched.iter().map(|&r| self.s.freq[r as usize]).collect();
        Hits {
            docs: touched,
            scores,
        }
    }
}

/// The intersection of two sorted, distinct lists.
fn intersect_sorted<T: Ord + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            core::cmp::Ordering::Less => i += 1,
            core::cmp::Ordering::Greater => j += 1,
            core::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The norm of record `r` in a root text field: its own (multi-valued paths) or its single value's.
fn record_norm(pv: PathView<'_>, r: u32, value: u32) -> u8 {
    pv.record_norm(r).unwrap_or_else(|| pv.norm(value))
}

/// dis_max with tie breaker 0: the union, each doc with its best score. Lists are merged in pairs (a
/// quick search is a dis_max of an often empty `names_ids.id` list and the name clauses: one list left
/// is returned as it is).
fn dis_max(lists: Vec<Hits>) -> Hits {
    let mut level: Vec<Hits> = lists.into_iter().filter(|h| !h.is_empty()).collect();
    while level.len() > 1 {
        let mut next = Vec::with_capacity(level.len().div_ceil(2));
        let mut it = level.into_iter();
        while let Some(a) = it.next() {
            next.push(match it.next() {
                Some(b) => merge_max(&a, &b),
                None => a,
            });
        }
        level = next;
    }
    level.pop().unwrap_or_default()
}

/// The union of two hit lists, each document with the larger of its scores.
fn merge_max(a: &Hits, b: &Hits) -> Hits {
    let mut out = Hits {
        docs: Vec::with_capacity(a.len() + b.len()),
        scores: Vec::with_capacity(a.len() + b.len()),
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a.docs[i], b.docs[j]);
        if x < y {
            out.docs.push(x);
            out.scores.push(a.scores[i]);
            i += 1;
        } else if y < x {
            out.docs.push(y);
            out.scores.push(b.scores[j]);
            j += 1;
        } else {
            out.docs.push(x);
            out.scores.push(a.scores[i].max(b.scores[j]));
            i += 1;
            j += 1;
        }
    }
    out.docs.extend_from_slice(&a.docs[i..]);
    out.scores.extend_from_slice(&a.scores[i..]);
    out.docs.extend_from_slice(&b.docs[j..]);
    out.scores.extend_from_slice(&b.scores[j..]);
    out
}

/// A cursor over sorted hits that only moves forward.
struct Cursor<'h> {
    hits: &'h Hits,
    at: usize,
}

impl Cursor<'_> {
    /// Advances to `doc`; the score if `doc` matches.
    fn seek(&mut self, doc: u32) -> Option<f32> {
        let docs = &self.hits.docs;
        if self.at < docs.len() && docs[self.at] < doc {
            // Galloping search from the current position.
            let mut step = 1;
            let mut hi = self.at + 1;
            while hi < docs.len() && docs[hi] < doc {
                self.at = hi;
                step *= 2;
                hi = self.at + step;
            }
            let hi = hi.min(docs.len());
            self.at += docs[self.at..hi].partition_point(|&d| d < doc);
        }
        (self.at < docs.len() && docs[self.at] == doc).then(|| self.hits.scores[self.at])
    }
}

fn boolean_combine(must: &[Hits], filter: &[Hits], should: &[Hits], must_not: &[Hits]) -> Hits {
    let required: Vec<&Hits> = must.iter().chain(filter.iter()).collect();
    let mut out = Hits::default();
    let mut should_c: Vec<Cursor<'_>> = should.iter().map(|h| Cursor { hits: h, at: 0 }).collect();
    let mut not_c: Vec<Cursor<'_>> = must_not.iter().map(|h| Cursor { hits: h, at: 0 }).collect();
    let mut score_doc =
        |doc: u32, must_sum: Option<f64>, out: &mut Hits, should_c: &mut Vec<Cursor<'_>>| {
            if not_c.iter_mut().any(|c| c.seek(doc).is_some()) {
                return;
            }
            let mut opt = 0f64;
            let mut any = false;
            for c in should_c.iter_mut() {
                if let Some(s) = c.seek(doc) {
                    opt += s as f64;
                    any = true;
                }
            }
            let score = match must_sum {
                Some(m) => {
                    let req = m as f32;
                    if any {
                        req + opt as f32
                    } else {
                        req
                    }
                }
                None => {
                    if any {
                        opt as f32
                    } else {
                        0.0
                    }
                }
            };
            out.docs.push(doc);
            out.scores.push(score);
        };
    if !required.is_empty() {
        // Lead with the shortest required list.
        let lead_i = (0..required.len())
            .min_by_key(|&i| required[i].len())
            .unwrap_or(0);
        let lead = required[lead_i];
        let mut req_c: Vec<Cursor<'_>> =
            required.iter().map(|h| Cursor { hits: h, at: 0 }).collect();
        for (k, &doc) in lead.docs.iter().enumerate() {
            let mut must_sum = 0f64;
            let mut ok = true;
            for (i, c) in req_c.iter_mut().enumerate() {
                let s = if i == lead_i {
                    Some(lead.scores[k])
                } else {
                    c.seek(doc)
                };
                match s {
                    Some(s) => {
                        if i < must.len() {
                            must_sum += s as f64;
                        }
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let ms = if must.is_empty() {
                None
            } else {
                Some(must_sum)
            };
            score_doc(doc, ms, &mut out, &mut should_c);
        }
        return out;
    }
    if should.is_empty() {
        return out;
    }
    if must_not.is_empty() {
        // Only optional clauses: each list's scores are added into the union's slots, clause by clause
        // (the same f64 sums in the same order as seeking every list for every document, without the
        // seeks: those were a quarter of a names query).
        out.docs = union(should.iter().map(|h| h.docs.as_slice()).collect());
        let mut sums = vec![0f64; out.docs.len()];
        for h in should {
            let mut j = 0usize;
            for (&d, &score) in h.docs.iter().zip(&h.scores) {
                j = gallop(&out.docs, j, d);
                if let Some(sum) = sums.get_mut(j) {
                    *sum += score as f64;
                }
            }
        }
        out.scores = sums.into_iter().map(|x| x as f32).collect();
        return out;
    }
    for doc in union(should.iter().map(|h| h.docs.as_slice()).collect()) {
        score_doc(doc, None, &mut out, &mut should_c);
    }
    out
}

/// The union of ascending, distinct document lists, ascending and distinct: merged in pairs, so
/// `n` documents over `k` lists cost `n log k` (sorting their concatenation was 8% of a names query).
fn union(mut lists: Vec<&[u32]>) -> Vec<u32> {
    let mut owned: Vec<Vec<u32>> = Vec::new();
    if lists.len() == 1 {
        return lists.pop().map(<[u32]>::to_vec).unwrap_or_default();
    }
    let mut level: Vec<Vec<u32>> = lists
        .chunks(2)
        .map(|pair| merge(pair[0], pair.get(1).copied().unwrap_or(&[])))
        .collect();
    while level.len() > 1 {
        owned.clear();
        for pair in level.chunks(2) {
            owned.push(merge(
                &pair[0],
                pair.get(1).map_or(&[][..], |v| v.as_slice()),
            ));
        }
        core::mem::swap(&mut level, &mut owned);
    }
    level.pop().unwrap_or_default()
}

/// The first position at or after `from` whose document is not below `doc` (galloping: cheap when it is near).
fn gallop(docs: &[u32], from: usize, doc: u32) -> usize {
    let mut lo = from;
    if docs.get(lo).is_none_or(|&x| x >= doc) {
        return lo;
    }
    let mut step = 1;
    let mut hi = lo + 1;
    while hi < docs.len() && docs[hi] < doc {
        lo = hi;
        step *= 2;
        hi = lo + step;
    }
    let hi = hi.min(docs.len());
    lo + docs[lo..hi].partition_point(|&x| x < doc)
}

/// Merges two ascending, distinct lists into one (ascending, distinct).
fn merge(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        out.push(x.min(y));
        i += (x <= y) as usize;
        j += (y <= x) as usize;
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_of_sorted_lists() {
        let lists: [&[u32]; 5] = [&[1, 5, 9], &[], &[2, 5, 10, 11], &[0, 9], &[11, 12]];
        assert_eq!(union(lists.to_vec()), vec![0, 1, 2, 5, 9, 10, 11, 12]);
        assert_eq!(union(vec![&[3, 4][..]]), vec![3, 4]);
        assert_eq!(union(Vec::new()), Vec::<u32>::new());
        assert_eq!(union(vec![&[7][..], &[7][..]]), vec![7]);
    }

    fn h(docs: &[u32], s: f32) -> Hits {
        Hits::constant(docs.to_vec(), s)
    }

    #[test]
    fn boolean_semantics() {
        // a OR b
        let r = boolean_combine(&[], &[], &[h(&[1, 3], 1.0), h(&[3, 5], 2.0)], &[]);
        assert_eq!(r.docs, vec![1, 3, 5]);
        assert_eq!(r.scores, vec![1.0, 3.0, 2.0]);
        // +a b -c
        let r = boolean_combine(&[h(&[1, 2, 3], 1.0)], &[], &[h(&[2], 0.5)], &[h(&[3], 1.0)]);
        assert_eq!(r.docs, vec![1, 2]);
        assert_eq!(r.scores, vec![1.0, 1.5]);
        // filter only
        let r = boolean_combine(&[], &[h(&[1, 2], 1.0)], &[], &[h(&[2], 1.0)]);
        assert_eq!(r.docs, vec![1]);
        assert_eq!(r.scores, vec![0.0]);
    }

    #[test]
    fn intersection() {
        assert_eq!(intersect_sorted(&[1, 3, 5, 7], &[3, 4, 5]), vec![3, 5]);
    }
}
