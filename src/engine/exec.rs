//! Executes a resolved query over one document space and returns every match with its Lucene score.
//!
//! Two spaces exist. The root space is the records (dump order = Lucene doc order). The nested space is
//! the `names_ids` children, one document per *distinct value* of the four name paths and of
//! `names_ids.id`: a child's score depends only on its value (term frequencies and length), so children
//! sharing a value share a score, and the block join maps values to records through the occurrence lists,
//! keeping the maximum (ScoreMode.Max). Statistics still count children one by one.
//!
//! Scores follow Lucene's summation: conjunctions and disjunctions sum in f64 then round to f32; a
//! required part plus an optional part is an f32 addition (ReqOptSumScorer); dis_max keeps the maximum.

use crate::index::schema::{paths, PathId, View};
use crate::index::{Index, PathView};

use super::bm25::{idf, idf_sum, Scorer, NO_NORMS};
use super::fields::Target;
use super::lucene::{BoolQ, DocSet, KeywordField, TextField, Q};
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

/// The nested document numbering: name values of paths 0..4, then `names_ids.id` values.
#[derive(Clone, Copy, Debug)]
struct NestedLayout {
    /// `base[p]` for the name paths p = 0..4, `base[4]` for ids, `base[5]` = total.
    base: [u32; 6],
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
        NestedLayout { base }
    }
    fn total(&self) -> u32 {
        self.base[5]
    }
    /// (path, value) of a nested doc.
    fn locate(&self, doc: u32) -> (PathId, u32) {
        if doc >= self.base[4] {
            return (paths::NAMES_IDS_ID, doc - self.base[4]);
        }
        let mut p = 0usize;
        while p + 1 < 4 && doc >= self.base[p + 1] {
            p += 1;
        }
        (p as PathId, doc - self.base[p])
    }
    fn doc(&self, path: PathId, value: u32) -> u32 {
        if path == paths::NAMES_IDS_ID {
            self.base[4] + value
        } else {
            self.base[path as usize] + value
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
    touched: Vec<u32>,
}

impl Scratch {
    fn ensure(&mut self, n: usize) {
        if self.freq.len() < n {
            self.freq.resize(n, 0.0);
            self.extra.resize(n, 0);
            self.mark.resize(n, 0);
        }
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

/// True if `term` has postings in the text field (for a standard field, as an original token).
pub fn term_in_field(index: &Index, field: TextField, term: u32) -> bool {
    match field {
        TextField::NamesName => index.segments(term).any(|s| paths::NAMES.contains(&s.path)),
        TextField::Root { path, view } => match index.segment(term, path) {
            None => false,
            Some(seg) => view != View::Base || seg.entries().any(|e| e.original_count() > 0),
        },
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
        let n = (index.num_records().max(layout.total())) as usize;
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
            Space::Nested => self.layout.total(),
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
        let index = self.index;
        let stats = index.names_name_stats();
        let mut df = 0u64;
        for &t in terms {
            let mut d = 0u64;
            for seg in index.segments(t).filter(|s| paths::NAMES.contains(&s.path)) {
                for e in seg.entries() {
                    d += index.occurrence_count(seg.path, e.value) as u64;
                }
            }
            df = df.max(d);
        }
        if df == 0 {
            return Hits::default();
        }
        let scorer = Scorer::new(boost, idf(df, stats.doc_count), stats);
        let epoch = self.s.next_epoch();
        self.s.touched.clear();
        for &t in terms {
            for seg in index.segments(t).filter(|s| paths::NAMES.contains(&s.path)) {
                for e in seg.entries() {
                    let doc = self.layout.doc(seg.path, e.value) as usize;
                    if self.s.mark[doc] != epoch {
                        self.s.mark[doc] = epoch;
                        self.s.freq[doc] = 0.0;
                        self.s.touched.push(doc as u32);
                    }
                    self.s.freq[doc] += e.count as f32;
                }
            }
        }
        self.s.touched.sort_unstable();
        let mut out = Hits {
            docs: Vec::with_capacity(self.s.touched.len()),
            scores: Vec::with_capacity(self.s.touched.len()),
        };
        for &doc in &self.s.touched {
            let (p, v) = self.layout.locate(doc);
            let norm = index.path(p).map_or(0, |pv| pv.norm(v));
            out.docs.push(doc);
            out.scores
                .push(scorer.score(self.s.freq[doc as usize], norm));
        }
        out
    }

    /// Per record: summed term frequency (and the last value seen, for single-valued norms).
    fn root_terms(&mut self, path: PathId, view: View, terms: &[u32], boost: f32) -> Hits {
        let index = self.index;
        let Some(pv) = index.path(path) else {
            return Hits::default();
        };
        let stats = index.field_stats(path, view);
        let originals_only = view == View::Base;
        let mut df = 0u64;
        let epoch_all = self.s.next_epoch();
        let mut all_touched: Vec<u32> = Vec::new();
        // First pass per term: distinct records (df) and summed frequencies.
        let mut term_marks: Vec<u32> = Vec::new();
        for &t in terms {
            let Some(seg) = index.segment(t, path) else {
                continue;
            };
            term_marks.clear();
            for e in seg.entries() {
                let f = if originals_only {
                    e.original_count()
                } else {
                    e.count
                };
                if f == 0 {
                    continue;
                }
                for r in index.occurrences(path, e.value) {
                    let ri = r as usize;
                    if ri >= self.s.mark.len() {
                        continue;
                    }
                    if self.s.mark[ri] != epoch_all {
                        self.s.mark[ri] = epoch_all;
                        self.s.freq[ri] = 0.0;
                        all_touched.push(r);
                    }
                    self.s.freq[ri] += f as f32;
                    self.s.extra[ri] = e.value;
                    term_marks.push(r);
                }
            }
            term_marks.sort_unstable();
            term_marks.dedup();
            df = df.max(term_marks.len() as u64);
        }
        if df == 0 {
            return Hits::default();
        }
        let scorer = Scorer::new(boost, idf(df, stats.doc_count), stats);
        all_touched.sort_unstable();
        let mut out = Hits {
            docs: Vec::with_capacity(all_touched.len()),
            scores: Vec::with_capacity(all_touched.len()),
        };
        for r in all_touched {
            let norm = record_norm(pv, r, self.s.extra[r as usize]);
            out.docs.push(r);
            out.scores.push(scorer.score(self.s.freq[r as usize], norm));
        }
        out
    }

    fn keyword(&mut self, field: KeywordField, value: u32, boost: f32) -> Hits {
        let index = self.index;
        match (field, self.space) {
            (KeywordField::Root { path, view }, Space::Root) => {
                let mut docs: Vec<u32> = index.occurrences(path, value).collect();
                docs.dedup();
                if docs.is_empty() {
                    return Hits::default();
                }
                let stats = index.field_stats(path, view);
                let scorer = Scorer::new(boost, idf(docs.len() as u64, stats.doc_count), stats);
                let s = scorer.score(1.0, NO_NORMS);
                Hits::constant(docs, s)
            }
            (KeywordField::NamesId, Space::Nested) => {
                let df = index.occurrence_count(paths::NAMES_IDS_ID, value) as u64;
                if df == 0 {
                    return Hits::default();
                }
                let stats = index.field_stats(paths::NAMES_IDS_ID, View::Base);
                let scorer = Scorer::new(boost, idf(df, stats.doc_count), stats);
                Hits::constant(
                    vec![self.layout.doc(paths::NAMES_IDS_ID, value)],
                    scorer.score(1.0, NO_NORMS),
                )
            }
            _ => Hits::default(),
        }
    }

    // ------------------------------------------------------------------ phrases

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
        // Per (path, value): the positions of each query position's terms.
        let mut per_value: Vec<((PathId, u32), usize, Vec<u32>)> = Vec::new();
        let mut dfs: Vec<u64> = Vec::new();
        for (qi, group) in positions.iter().enumerate() {
            for &t in group {
                let mut df_recs: Vec<u32> = Vec::new();
                let mut df_children = 0u64;
                let mut any = false;
                for seg in index.segments(t) {
                    let ok = match field {
                        TextField::NamesName => paths::NAMES.contains(&seg.path),
                        TextField::Root { path, .. } => seg.path == path,
                    };
                    if !ok {
                        continue;
                    }
                    for e in seg.entries() {
                        let pos: Vec<u32> = e
                            .positions()
                            .filter(|(_, orig)| !originals_only || *orig)
                            .map(|(p, _)| p)
                            .collect();
                        if pos.is_empty() {
                            continue;
                        }
                        any = true;
                        match field {
                            TextField::NamesName => {
                                df_children += index.occurrence_count(seg.path, e.value) as u64
                            }
                            TextField::Root { .. } => {
                                df_recs.extend(index.occurrences(seg.path, e.value))
                            }
                        }
                        per_value.push(((seg.path, e.value), qi, pos));
                    }
                }
                let df = match field {
                    TextField::NamesName => df_children,
                    TextField::Root { .. } => {
                        df_recs.sort_unstable();
                        df_recs.dedup();
                        df_recs.len() as u64
                    }
                };
                if any && df > 0 {
                    dfs.push(df);
                }
            }
        }
        if dfs.is_empty() {
            return Hits::default();
        }
        let stats = match field {
            TextField::NamesName => index.names_name_stats(),
            TextField::Root { path, view } => index.field_stats(path, view),
        };
        let scorer = Scorer::new(boost, idf_sum(dfs.into_iter(), stats.doc_count), stats);
        // Group by value.
        per_value.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let n = positions.len();
        let mut value_freqs: Vec<((PathId, u32), f32)> = Vec::new();
        let mut i = 0;
        while i < per_value.len() {
            let key = per_value[i].0;
            let mut slots: Vec<Slot> = positions
                .iter()
                .map(|g| Slot {
                    positions: Vec::new(),
                    terms: g.clone(),
                })
                .collect();
            while i < per_value.len() && per_value[i].0 == key {
                if let Some(slot) = slots.get_mut(per_value[i].1) {
                    slot.positions.extend_from_slice(&per_value[i].2);
                }
                i += 1;
            }
            if slots.len() != n || slots.iter().any(|s| s.positions.is_empty()) {
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
                value_freqs.push((key, f));
            }
        }
        match field {
            TextField::NamesName => {
                let mut out = Hits::default();
                for ((p, v), f) in value_freqs {
                    let norm = index.path(p).map_or(0, |pv| pv.norm(v));
                    out.docs.push(self.layout.doc(p, v));
                    out.scores.push(scorer.score(f, norm));
                }
                // Values come grouped by path then value: already ascending in doc order.
                out
            }
            TextField::Root { path, .. } => {
                let Some(pv) = index.path(path) else {
                    return Hits::default();
                };
                let epoch = self.s.next_epoch();
                let mut touched = Vec::new();
                for ((p, v), f) in value_freqs {
                    for r in index.occurrences(p, v) {
                        let ri = r as usize;
                        if ri >= self.s.mark.len() {
                            continue;
                        }
                        if self.s.mark[ri] != epoch {
                            self.s.mark[ri] = epoch;
                            self.s.freq[ri] = 0.0;
                            touched.push(r);
                        }
                        self.s.freq[ri] += f;
                        self.s.extra[ri] = v;
                    }
                }
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
                for &v in values {
                    out.extend(index.occurrences(*path, v));
                }
            }
            (DocSet::RootTerms { path, view, terms }, Space::Root) => {
                for &t in terms {
                    if let Some(seg) = index.segment(t, *path) {
                        for e in seg.entries() {
                            if *view == View::Base && e.original_count() == 0 {
                                continue;
                            }
                            out.extend(index.occurrences(*path, e.value));
                        }
                    }
                }
            }
            (DocSet::NamesTerms { terms }, Space::Nested) => {
                for &t in terms {
                    for seg in index.segments(t).filter(|s| paths::NAMES.contains(&s.path)) {
                        for e in seg.entries() {
                            out.push(self.layout.doc(seg.path, e.value));
                        }
                    }
                }
            }
            (DocSet::NamesIdValues { values }, Space::Nested) => {
                out.extend(
                    values
                        .iter()
                        .map(|&v| self.layout.doc(paths::NAMES_IDS_ID, v)),
                );
            }
            (DocSet::Exists { fields }, Space::Root) => {
                for t in fields {
                    match *t {
                        Target::Id => return (0..index.num_records()).collect(),
                        Target::Root { path, ty, .. } => {
                            let Some(pv) = index.path(path) else { continue };
                            let limit = match ty {
                                crate::index::schema::FieldType::Keyword { ignore_above } => {
                                    ignore_above
                                }
                                _ => u32::MAX,
                            };
                            for v in 0..pv.len() {
                                if limit != u32::MAX
                                    && pv.str_value(v).is_some_and(|s| {
                                        s.chars().map(char::len_utf16).sum::<usize>()
                                            > limit as usize
                                    })
                                {
                                    continue;
                                }
                                out.extend(index.occurrences(path, v));
                            }
                        }
                        Target::NamesName | Target::NamesId => {}
                    }
                }
            }
            (DocSet::Exists { fields }, Space::Nested) => {
                for t in fields {
                    match t {
                        Target::NamesName => out.extend(0..self.layout.base[4]),
                        Target::NamesId => out.extend(self.layout.base[4]..self.layout.total()),
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
        for (&doc, &score) in hits.docs.iter().zip(&hits.scores) {
            let (p, v) = self.layout.locate(doc);
            for r in index.occurrences(p, v) {
                let ri = r as usize;
                if ri >= self.s.mark.len() {
                    continue;
                }
                if self.s.mark[ri] != epoch {
                    self.s.mark[ri] = epoch;
                    self.s.freq[ri] = score;
                    touched.push(r);
                } else if score > self.s.freq[ri] {
                    self.s.freq[ri] = score;
                }
            }
        }
        touched.sort_unstable();
        let scores = touched.iter().map(|&r| self.s.freq[r as usize]).collect();
        Hits {
            docs: touched,
            scores,
        }
    }
}

/// The norm of record `r` in a root text field: its own (multi-valued paths) or its single value's.
fn record_norm(pv: PathView<'_>, r: u32, value: u32) -> u8 {
    pv.record_norm(r).unwrap_or_else(|| pv.norm(value))
}

/// dis_max with tie breaker 0: the union, each doc with its best score.
fn dis_max(lists: Vec<Hits>) -> Hits {
    let mut all: Vec<(u32, f32)> = lists
        .iter()
        .flat_map(|h| h.docs.iter().copied().zip(h.scores.iter().copied()))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Hits::default();
    for (d, s) in all {
        if out.docs.last() == Some(&d) {
            if let Some(last) = out.scores.last_mut() {
                if s > *last {
                    *last = s;
                }
            }
        } else {
            out.docs.push(d);
            out.scores.push(s);
        }
    }
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
                    if !any && should_c.is_empty() {
                        0.0
                    } else {
                        opt as f32
                    }
                }
            };
            out.docs.push(doc);
            out.scores.push(score);
        };
    if !required.is_empty() {
        // Lead with the shortest required list.
        let (lead_i, lead) = required
            .iter()
            .enumerate()
            .min_by_key(|(_, h)| h.len())
            .map(|(i, h)| (i, *h))
            .unwrap_or((0, required[0]));
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
        if must.is_empty() {
            // Filters only (plus optional clauses): required part scores 0 (ReqOptSumScorer adds 0).
            return out;
        }
        return out;
    }
    if should.is_empty() {
        return out;
    }
    let mut docs: Vec<u32> = should.iter().flat_map(|h| h.docs.iter().copied()).collect();
    docs.sort_unstable();
    docs.dedup();
    for doc in docs {
        score_doc(doc, None, &mut out, &mut should_c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
