//! Dump bytes (zip, JSON, gzip; v1 or v2) → index bytes. Pure: no file system, no clock, so the npm
//! package can run it in wasm too; progress is reported through a callback.
//!
//! The indexer reproduces what ES stored for each record (spec §3.2, §4.5): every non-null scalar under
//! its path, analysed per the schema, the `names_ids` children, Lucene's norms and the collection
//! statistics BM25 needs. Output is deterministic: everything is sorted before it is written, and hash
//! maps are used for lookups only.

pub mod dump;

use std::collections::HashMap;

use crate::index::schema::{
    self, int_to_byte4, FieldType, Mapping, PathId, TextAnalyzer, ValueKind, View,
};
use crate::index::varint::{put, zigzag};
use crate::index::{self, Body, FieldStats, IndexInfo, PathBlob, RecordDict, StrTable, Val};
use crate::record::Record;
use crate::text::{Analysis, Analyzer};

/// What a build reports while it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading and parsing the dump.
    Reading,
    /// Analysing and indexing values (`done` of `total` paths).
    Indexing,
    /// Writing the index bytes.
    Writing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

/// Why a dump could not be indexed.
#[derive(Debug)]
pub enum BuildError {
    Dump(dump::DumpError),
    /// A dump without records.
    Empty,
    TooManyRecords(usize),
}

impl core::fmt::Display for BuildError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BuildError::Dump(e) => write!(f, "{e}"),
            BuildError::Empty => write!(f, "the dump holds no records"),
            BuildError::TooManyRecords(n) => {
                write!(f, "{n} records is more than an index can hold")
            }
        }
    }
}

impl std::error::Error for BuildError {}

impl From<dump::DumpError> for BuildError {
    fn from(e: dump::DumpError) -> Self {
        BuildError::Dump(e)
    }
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    pub bytes: Vec<u8>,
    pub info: IndexInfo,
    /// Records per status, sorted by status.
    pub by_status: Vec<(String, u32)>,
}

/// Reads a dump (any supported container and schema) and builds its index.
pub fn build_index(
    dump_bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Built, BuildError> {
    progress(Progress {
        stage: Stage::Reading,
        done: 0,
        total: dump_bytes.len() as u64,
    });
    let dump = dump::read_dump_with_progress(dump_bytes, &mut |p| {
        progress(Progress {
            stage: Stage::Reading,
            done: p.done,
            total: p.total,
        })
    })?;
    progress(Progress {
        stage: Stage::Reading,
        done: dump_bytes.len() as u64,
        total: dump_bytes.len() as u64,
    });
    let info = IndexInfo {
        release: dump.release.clone(),
        date: dump.date.clone(),
        schema: dump.schema.to_string(),
        source: dump.source.clone(),
        record_count: 0,
        built_by: concat!("ror-wasm ", env!("CARGO_PKG_VERSION")).to_owned(),
    };
    index_records(&dump.records, info, progress)
}

/// Builds the index of records already read (in dump order).
pub fn index_records(
    records: &[Record],
    mut info: IndexInfo,
    progress: &mut dyn FnMut(Progress),
) -> Result<Built, BuildError> {
    if records.is_empty() {
        return Err(BuildError::Empty);
    }
    if records.len() >= u32::MAX as usize / 2 {
        return Err(BuildError::TooManyRecords(records.len()));
    }
    info.record_count = records.len() as u32;
    let b = Builder::new(records);
    let total = b.defs.len() as u64;
    let mut body = BodyParts::default();
    b.build(&mut body, &mut |done| {
        progress(Progress {
            stage: Stage::Indexing,
            done,
            total,
        })
    });
    progress(Progress {
        stage: Stage::Writing,
        done: 0,
        total: 1,
    });
    let bytes = index::encode(&info, &body.as_body());
    progress(Progress {
        stage: Stage::Writing,
        done: 1,
        total: 1,
    });
    let mut by_status: Vec<(String, u32)> = Vec::new();
    for r in records {
        match by_status.iter_mut().find(|(s, _)| *s == r.status) {
            Some((_, n)) => *n += 1,
            None => by_status.push((r.status.clone(), 1)),
        }
    }
    by_status.sort();
    Ok(Built {
        bytes,
        info,
        by_status,
    })
}

/// A value as a sortable, hashable key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key<'r> {
    Str(&'r str),
    Int(i64),
    /// f64 bits, ordered by `total_cmp` through [`float_key`].
    Float(i64),
    Bool(bool),
}

/// Maps f64 bits to an i64 whose integer order is `f64::total_cmp` order.
fn float_key(v: f64) -> i64 {
    let bits = v.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

fn float_from_key(k: i64) -> f64 {
    let bits = k ^ ((((k >> 63) as u64) >> 1) as i64);
    f64::from_bits(bits as u64)
}

fn key(v: Val<'_>) -> Key<'_> {
    match v {
        Val::Str(s) => Key::Str(s),
        Val::Int(i) => Key::Int(i),
        Val::Float(f) => Key::Float(float_key(f)),
        Val::Bool(b) => Key::Bool(b),
    }
}

struct PathDefOwned {
    name: String,
    kind: ValueKind,
    mapping: Mapping,
}

struct Builder<'r> {
    records: &'r [Record],
    defs: Vec<PathDefOwned>,
    by_name: HashMap<String, PathId>,
    dynamic_schemes: Vec<&'r str>,
    /// Per path: sorted distinct values.
    dicts: Vec<Vec<Key<'r>>>,
    /// Per path: value → number.
    numbers: Vec<HashMap<Key<'r>, u32>>,
    /// Per path: per value number, the records holding it (ascending, with repetition).
    occ: Vec<Vec<Vec<u32>>>,
    /// Sorted distinct strings of the values table.
    strings: Vec<&'r str>,
    string_ids: HashMap<&'r str, u32>,
}

impl index::PathNames for Builder<'_> {
    fn path_id(&self, name: &str) -> Option<PathId> {
        self.by_name.get(name).copied()
    }
}

impl RecordDict for Builder<'_> {
    fn value_no(&self, path: PathId, v: Val<'_>) -> u32 {
        // Every value of every record was collected by `flatten` before records are encoded, so the
        // lookup cannot miss; u32::MAX would surface as a decode failure in tests.
        self.numbers
            .get(path as usize)
            .and_then(|m| m.get(&key(v)))
            .copied()
            .unwrap_or(u32::MAX)
    }
    fn string_id(&self, s: &str) -> u32 {
        self.string_ids.get(s).copied().unwrap_or(u32::MAX)
    }
}

/// The owned parts of a body while it is assembled.
#[derive(Default)]
struct BodyParts {
    values_lens: Vec<u8>,
    values_bytes: Vec<u8>,
    values_count: u32,
    terms_lens: Vec<u8>,
    terms_bytes: Vec<u8>,
    terms_count: u32,
    dynamic_schemes: Vec<String>,
    paths: Vec<OwnedPath>,
    postings: Vec<u8>,
    postings_lens: Vec<u8>,
    records: Vec<u8>,
    record_lens: Vec<u8>,
    names_name_stats: FieldStats,
}

#[derive(Default)]
struct OwnedPath {
    count: u32,
    dict: Vec<u8>,
    occ: Vec<u8>,
    norms: Vec<u8>,
    rec_norms: Vec<u8>,
    stats: Vec<FieldStats>,
}

impl BodyParts {
    fn as_body(&self) -> Body<'_> {
        Body {
            values: StrTable {
                count: self.values_count,
                lens: &self.values_lens,
                bytes: &self.values_bytes,
            },
            terms: StrTable {
                count: self.terms_count,
                lens: &self.terms_lens,
                bytes: &self.terms_bytes,
            },
            dynamic_schemes: self.dynamic_schemes.iter().map(String::as_str).collect(),
            paths: self
                .paths
                .iter()
                .map(|p| PathBlob {
                    count: p.count,
                    dict: &p.dict,
                    occ: &p.occ,
                    norms: &p.norms,
                    rec_norms: &p.rec_norms,
                    stats: p.stats.clone(),
                })
                .collect(),
            postings: &self.postings,
            postings_lens: &self.postings_lens,
            records: &self.records,
            record_lens: &self.record_lens,
            names_name_stats: self.names_name_stats,
        }
    }
}

/// One analysed occurrence of a term in a value.
#[derive(Clone, Copy)]
struct Occ {
    path: PathId,
    value: u32,
    /// `(position << 1) | original`.
    pos_flag: u32,
}

/// Token statistics of one analysed value.
#[derive(Clone, Copy, Default)]
struct ValueTokens {
    /// Number of positions (original tokens): the field length Lucene records.
    length: u32,
    /// All indexed tokens, folded twins included.
    all: u32,
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

impl<'r> Builder<'r> {
    fn new(records: &'r [Record]) -> Builder<'r> {
        let mut dynamic: Vec<&'r str> = Vec::new();
        for r in records {
            for e in &r.external_ids {
                if schema::TEMPLATE_SCHEMES.contains(&e.scheme.as_str()) {
                    continue;
                }
                let has_value = matches!(&e.preferred, Some(Some(_)))
                    || match &e.all {
                        Some(crate::record::ExtAll::One(_)) => true,
                        Some(crate::record::ExtAll::Many(v)) => !v.is_empty(),
                        _ => false,
                    };
                if has_value {
                    dynamic.push(&e.scheme);
                }
            }
        }
        dynamic.sort_unstable();
        dynamic.dedup();
        let mut defs: Vec<PathDefOwned> = schema::STATIC_PATHS
            .iter()
            .map(|d| PathDefOwned {
                name: d.path.to_owned(),
                kind: d.kind,
                mapping: d.mapping,
            })
            .collect();
        for s in &dynamic {
            for m in ["preferred", "all"] {
                defs.push(PathDefOwned {
                    name: format!("external_ids.{s}.{m}"),
                    kind: ValueKind::Str,
                    mapping: Mapping::DynamicText,
                });
            }
        }
        let by_name = defs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.clone(), i as PathId))
            .collect();
        let n = defs.len();
        let mut b = Builder {
            records,
            defs,
            by_name,
            dynamic_schemes: dynamic,
            dicts: vec![Vec::new(); n],
            numbers: vec![HashMap::new(); n],
            occ: vec![Vec::new(); n],
            strings: Vec::new(),
            string_ids: HashMap::new(),
        };
        b.collect_values();
        b
    }

    /// Flattens every record, builds the per-path dictionaries, occurrences and the values table.
    fn collect_values(&mut self) {
        let n = self.defs.len();
        let mut pairs: Vec<Vec<(Key<'r>, u32)>> = vec![Vec::new(); n];
        let records = self.records;
        for (ri, rec) in records.iter().enumerate() {
            index::flatten(rec, self, &mut |p, v| {
                if let Some(list) = pairs.get_mut(p as usize) {
                    list.push((key(v), ri as u32));
                }
            });
        }
        let mut all_strings: Vec<&'r str> = Vec::new();
        for (p, mut list) in pairs.into_iter().enumerate() {
            // Stable: records stay ascending within a value.
            list.sort_by(|a, b| a.0.cmp(&b.0));
            let mut dict: Vec<Key<'r>> = Vec::new();
            let mut occ: Vec<Vec<u32>> = Vec::new();
            for (k, r) in list {
                if dict.last() != Some(&k) {
                    dict.push(k);
                    occ.push(Vec::new());
                }
                if let Some(o) = occ.last_mut() {
                    o.push(r);
                }
            }
            for k in &dict {
                if let Key::Str(s) = k {
                    all_strings.push(s);
                }
            }
            self.numbers[p] = dict
                .iter()
                .enumerate()
                .map(|(i, k)| (*k, i as u32))
                .collect();
            self.dicts[p] = dict;
            self.occ[p] = occ;
        }
        for r in records {
            for e in &r.external_ids {
                all_strings.push(&e.scheme);
            }
        }
        all_strings.sort_unstable();
        all_strings.dedup();
        self.string_ids = all_strings
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, i as u32))
            .collect();
        self.strings = all_strings;
    }

    fn build(&self, out: &mut BodyParts, progress: &mut dyn FnMut(u64)) {
        // Values table.
        for s in &self.strings {
            put(&mut out.values_lens, s.len() as u64);
            out.values_bytes.extend_from_slice(s.as_bytes());
        }
        out.values_count = self.strings.len() as u32;
        out.dynamic_schemes = self.dynamic_schemes.iter().map(|s| s.to_string()).collect();

        // Per path: dictionary, occurrences, analysis.
        let mut term_occ: HashMap<String, Vec<Occ>> = HashMap::new();
        let mut analysis = Analysis::new();
        let mut names_children = FieldStats::default();
        for (p, def) in self.defs.iter().enumerate() {
            let dict = &self.dicts[p];
            let mut op = OwnedPath {
                count: dict.len() as u32,
                ..OwnedPath::default()
            };
            match def.kind {
                ValueKind::Str => {
                    let mut last = 0u32;
                    for (i, k) in dict.iter().enumerate() {
                        let id = match k {
                            Key::Str(s) => self.string_ids.get(s).copied().unwrap_or(0),
                            _ => 0,
                        };
                        put(
                            &mut op.dict,
                            if i == 0 {
                                id as u64
                            } else {
                                (id - last) as u64
                            },
                        );
                        last = id;
                    }
                }
                ValueKind::Int => {
                    let mut last = 0i64;
                    for k in dict {
                        if let Key::Int(v) = k {
                            put(&mut op.dict, zigzag(v.wrapping_sub(last)));
                            last = *v;
                        }
                    }
                }
                ValueKind::Float => {
                    for k in dict {
                        if let Key::Float(v) = k {
                            op.dict.extend_from_slice(&float_from_key(*v).to_le_bytes());
                        }
                    }
                }
                ValueKind::Bool => {
                    for k in dict {
                        if let Key::Bool(v) = k {
                            op.dict.push(*v as u8);
                        }
                    }
                }
            }
            for recs in &self.occ[p] {
                put(&mut op.occ, recs.len() as u64);
                let mut last = 0u32;
                for (i, &r) in recs.iter().enumerate() {
                    put(
                        &mut op.occ,
                        if i == 0 { r as u64 } else { (r - last) as u64 },
                    );
                    last = r;
                }
            }

            // Text analysis of each distinct value.
            let mut tokens: Vec<ValueTokens> = Vec::new();
            if let Some(a) = def.mapping.text_analyzer() {
                let analyzer = match (a, def.mapping.keeps_folded()) {
                    (TextAnalyzer::Simple, _) => Analyzer::Simple,
                    (_, true) => Analyzer::StringLowercase,
                    _ => Analyzer::Standard,
                };
                tokens.reserve(dict.len());
                for (vi, k) in dict.iter().enumerate() {
                    let Key::Str(s) = k else { continue };
                    analysis.run(analyzer, s);
                    let mut vt = ValueTokens::default();
                    let toks = analysis.tokens();
                    for (ti, t) in toks.iter().enumerate() {
                        let term = analysis.term(t);
                        vt.all += 1;
                        if !t.synonym {
                            vt.length += 1;
                        }
                        // ASCIIFoldingFilter (preserve_original) emits the folded term first and the
                        // original lower-cased term after it at the same position (`synonym`).
                        let folded_twin = !t.synonym && toks.get(ti + 1).is_some_and(|n| n.synonym);
                        let pos_flag = (t.position << 1) | (!folded_twin as u32);
                        term_occ.entry(term.to_owned()).or_default().push(Occ {
                            path: p as PathId,
                            value: vi as u32,
                            pos_flag,
                        });
                    }
                    op.norms.push(int_to_byte4(vt.length));
                    tokens.push(vt);
                }
            }
            op.stats = self.path_stats(p, def, &tokens, &mut op.rec_norms);
            if schema::paths::NAMES.contains(&(p as PathId)) {
                for (vi, recs) in self.occ[p].iter().enumerate() {
                    let t = tokens.get(vi).copied().unwrap_or_default();
                    if t.all > 0 {
                        names_children.doc_count += recs.len() as u64;
                        names_children.sum_ttf += t.all as u64 * recs.len() as u64;
                    }
                }
            }
            out.paths.push(op);
            progress(p as u64 + 1);
        }
        out.names_name_stats = names_children;

        // Terms and postings, in term order; within a term by path, value, position.
        let mut terms: Vec<(String, Vec<Occ>)> = term_occ.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut seg = Vec::new();
        let mut bodies = Vec::new();
        let mut header = Vec::new();
        for (term, mut occs) in terms {
            put(&mut out.terms_lens, term.len() as u64);
            out.terms_bytes.extend_from_slice(term.as_bytes());
            occs.sort_unstable_by_key(|o| (o.path, o.value, o.pos_flag >> 1));
            header.clear();
            bodies.clear();
            let mut nseg = 0u64;
            let mut i = 0;
            while i < occs.len() {
                let path = occs[i].path;
                seg.clear();
                let mut last_value = 0u32;
                let mut first_value = true;
                while i < occs.len() && occs[i].path == path {
                    let value = occs[i].value;
                    let mut j = i;
                    while j < occs.len() && occs[j].path == path && occs[j].value == value {
                        j += 1;
                    }
                    put(
                        &mut seg,
                        if first_value {
                            value as u64
                        } else {
                            (value - last_value) as u64
                        },
                    );
                    first_value = false;
                    last_value = value;
                    put(&mut seg, (j - i) as u64);
                    let mut last_pos = 0u32;
                    for o in &occs[i..j] {
                        let pos = o.pos_flag >> 1;
                        put(
                            &mut seg,
                            (((pos - last_pos) as u64) << 1) | (o.pos_flag & 1) as u64,
                        );
                        last_pos = pos;
                    }
                    i = j;
                }
                put(&mut header, path as u64);
                put(&mut header, seg.len() as u64);
                bodies.extend_from_slice(&seg);
                nseg += 1;
            }
            let start = out.postings.len();
            put(&mut out.postings, nseg);
            out.postings.extend_from_slice(&header);
            out.postings.extend_from_slice(&bodies);
            put(&mut out.postings_lens, (out.postings.len() - start) as u64);
            out.terms_count += 1;
        }

        // Records.
        for rec in self.records {
            let bytes = index::encode_record(rec, self);
            put(&mut out.record_lens, bytes.len() as u64);
            out.records.extend_from_slice(&bytes);
        }
    }

    /// BM25 statistics of every ES field of path `p` (in `Mapping::fields()` order); fills per-record
    /// norms for text paths where a record has several values.
    fn path_stats(
        &self,
        p: usize,
        def: &PathDefOwned,
        tokens: &[ValueTokens],
        rec_norms: &mut Vec<u8>,
    ) -> Vec<FieldStats> {
        let n = self.records.len();
        let occ = &self.occ[p];
        // Per record: its values (numbers), from the occurrence lists.
        let mut per_record: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (v, recs) in occ.iter().enumerate() {
            for &r in recs {
                per_record[r as usize].push(v as u32);
            }
        }
        let is_children = p as PathId == schema::paths::NAMES_IDS_ID;
        let multi = per_record.iter().any(|v| v.len() > 1);
        if def.mapping.text_analyzer().is_some() && multi {
            rec_norms.extend(per_record.iter().map(|vals| {
                int_to_byte4(
                    vals.iter()
                        .map(|&v| tokens.get(v as usize).map_or(0, |t| t.length))
                        .sum(),
                )
            }));
        }
        def.mapping
            .fields()
            .iter()
            .map(|(view, ty)| {
                let mut st = FieldStats::default();
                match ty {
                    FieldType::Text(_) => {
                        for vals in &per_record {
                            let len: u64 = vals
                                .iter()
                                .map(|&v| tokens.get(v as usize).map_or(0, |t| t.length) as u64)
                                .sum();
                            let all: u64 = vals
                                .iter()
                                .map(|&v| tokens.get(v as usize).map_or(0, |t| t.all) as u64)
                                .sum();
                            if len > 0 {
                                st.doc_count += 1;
                                st.sum_ttf += if *view == View::Norm { all } else { len };
                            }
                        }
                    }
                    FieldType::Keyword { .. } if is_children => {
                        for recs in occ {
                            st.doc_count += recs.len() as u64;
                        }
                        st.sum_ttf = st.doc_count;
                    }
                    FieldType::Keyword { ignore_above } => {
                        for vals in &per_record {
                            let mut distinct: Vec<u32> = vals
                                .iter()
                                .copied()
                                .filter(|&v| match self.dicts[p].get(v as usize) {
                                    Some(Key::Str(s)) => utf16_len(s) <= *ignore_above as usize,
                                    _ => true,
                                })
                                .collect();
                            distinct.sort_unstable();
                            distinct.dedup();
                            if !distinct.is_empty() {
                                st.doc_count += 1;
                                st.sum_ttf += distinct.len() as u64;
                            }
                        }
                    }
                    FieldType::Boolean => {
                        for vals in &per_record {
                            let mut distinct = vals.clone();
                            distinct.sort_unstable();
                            distinct.dedup();
                            if !distinct.is_empty() {
                                st.doc_count += 1;
                                st.sum_ttf += distinct.len() as u64;
                            }
                        }
                    }
                    FieldType::Date
                    | FieldType::Float
                    | FieldType::Integer
                    | FieldType::Long
                    | FieldType::Id => {
                        st.doc_count = per_record.iter().filter(|v| !v.is_empty()).count() as u64;
                    }
                }
                st
            })
            .collect()
    }
}
