//! Dump bytes (zip, JSON, gzip; v1 or v2) → index bytes. Pure: no file system, no clock, so the npm
//! package can run it in wasm too; progress is reported through a callback.
//!
//! The indexer reproduces what ES stored for each record (spec §3.2, §4.5): every non-null scalar under
//! its path, analysed per the schema, the `names_ids` children, Lucene's norms and the collection
//! statistics BM25 needs. Output is deterministic: everything is sorted before it is written, and hash
//! maps are used for lookups only.

pub mod dump;

use std::collections::HashMap;

use crate::index::schema::{self, int_to_byte4, FieldType, Mapping, PathId, ValueKind, View};
use crate::index::terms::ValueTokens;
use crate::index::varint::{put, zigzag};
use crate::index::{
    self, Body, FieldStats, GroupBlob, IndexInfo, PathBlob, RecordDict, Storage, StrSummary,
    StrTable, Val, DERIVED_LABEL, POSTING_RUN, RECORD_RUN, STRING_RUN,
};
use crate::record::Record;
use crate::text::Analysis;
use core::cell::RefCell;

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

/// A value as a hashable key (floats by their bits: the record keeps the exact value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key<'r> {
    Str(&'r str),
    Int(i64),
    Float(u64),
    Bool(bool),
}

fn key(v: Val<'_>) -> Key<'_> {
    match v {
        Val::Str(s) => Key::Str(s),
        Val::Int(i) => Key::Int(i),
        Val::Float(f) => Key::Float(f.to_bits()),
        Val::Bool(b) => Key::Bool(b),
    }
}

struct PathDefOwned {
    name: String,
    kind: ValueKind,
    mapping: Mapping,
}

/// Text paths searched only by advanced queries, whose postings are rebuilt on first use instead of stored.
const LAZY_PATHS: &[&str] = &["links", "wikipedia_url", "relationships.label"];

/// A path whose values are at least this share of its occurrences is stored by value (first occurrence),
/// the others as a column.
const UNIQUE_SHARE: f64 = 0.7;

struct Builder<'r> {
    records: &'r [Record],
    defs: Vec<PathDefOwned>,
    by_name: HashMap<String, PathId>,
    dynamic_schemes: Vec<&'r str>,
    /// Per path: the distinct values in order of first occurrence.
    dicts: Vec<Vec<Key<'r>>>,
    /// Per path: value → number.
    numbers: Vec<HashMap<Key<'r>, u32>>,
    /// Per path: (value number, record) of every occurrence, in walk order (records ascending).
    occ: Vec<Vec<(u32, u32)>>,
    storage: Vec<Storage>,
    /// The address group: member paths, and per record its tuple number.
    group_members: Vec<PathId>,
    group_tuples: Vec<Vec<u32>>,
    group_of_record: Vec<u32>,
    /// Strings, path by path in value order.
    strings: Vec<&'r str>,
    string_ids: HashMap<&'r str, u32>,
    /// `strings[..plain_strings]` are stored as text, the rest are ROR id URLs.
    plain_strings: usize,
    /// Per path: the next value number a record meets for the first time (while records are encoded).
    next_new: RefCell<Vec<u32>>,
}

impl index::PathNames for Builder<'_> {
    fn path_id(&self, name: &str) -> Option<PathId> {
        self.by_name.get(name).copied()
    }
}

impl RecordDict for Builder<'_> {
    /// The reference code of a value: for value-stored paths 0 = "the next value first met here", else the
    /// value number + 1; for column paths a placeholder 0 (the value comes from the column).
    fn value_no(&self, path: PathId, v: Val<'_>) -> u32 {
        // Every value of every record was numbered by the same walk, so the lookup cannot miss; u32::MAX
        // would surface as a decode failure in the round-trip tests.
        let Some(no) = self
            .numbers
            .get(path as usize)
            .and_then(|m| m.get(&key(v)))
            .copied()
        else {
            return u32::MAX;
        };
        if matches!(
            self.storage.get(path as usize),
            Some(Storage::Column | Storage::Grouped(_))
        ) {
            return 0;
        }
        let mut next = self.next_new.borrow_mut();
        match next.get_mut(path as usize) {
            Some(n) if *n == no => {
                *n += 1;
                0
            }
            _ => no + 1,
        }
    }
    fn string_id(&self, s: &str) -> u32 {
        self.string_ids.get(s).copied().unwrap_or(u32::MAX)
    }
}

/// The owned parts of a body while it is assembled.
#[derive(Default)]
struct BodyParts {
    strings_lens: Vec<u8>,
    strings_bytes: Vec<u8>,
    strings_marks: Vec<u8>,
    strings_count: u32,
    ror_ids: Vec<u8>,
    ror_id_count: u32,
    terms_lens: Vec<u8>,
    terms_bytes: Vec<u8>,
    terms_marks: Vec<u8>,
    terms_count: u32,
    dynamic_schemes: Vec<String>,
    /// (tuples, column, width)
    groups: Vec<(u32, Vec<u8>, u8)>,
    paths: Vec<OwnedPath>,
    post_paths: Vec<u8>,
    post_counts: Vec<u8>,
    post_values: Vec<u8>,
    post_exceptions: Vec<u8>,
    post_marks: Vec<u8>,
    records: Vec<u8>,
    record_marks: Vec<u8>,
    names_name_stats: FieldStats,
}

#[derive(Default)]
struct OwnedPath {
    storage: Storage,
    count: u32,
    dict: Vec<u8>,
    firsts: Vec<u8>,
    extras: Vec<u8>,
    counts: Vec<u8>,
    column: Vec<u8>,
    width: u8,
    norms: Vec<u8>,
    rec_norms: Vec<u8>,
    stats: Vec<FieldStats>,
    lazy: bool,
    summary: StrSummary,
    derived_labels: bool,
}

impl BodyParts {
    fn as_body(&self) -> Body<'_> {
        Body {
            strings: StrTable {
                count: self.strings_count,
                lens: &self.strings_lens,
                bytes: &self.strings_bytes,
                marks: &self.strings_marks,
            },
            ror_ids: &self.ror_ids,
            ror_id_count: self.ror_id_count,
            terms: StrTable {
                count: self.terms_count,
                lens: &self.terms_lens,
                bytes: &self.terms_bytes,
                marks: &self.terms_marks,
            },
            dynamic_schemes: self.dynamic_schemes.iter().map(String::as_str).collect(),
            groups: self
                .groups
                .iter()
                .map(|g| GroupBlob {
                    count: g.0,
                    column: &g.1,
                    width: g.2,
                })
                .collect(),
            paths: self
                .paths
                .iter()
                .map(|p| PathBlob {
                    storage: p.storage,
                    count: p.count,
                    dict: &p.dict,
                    firsts: &p.firsts,
                    extras: &p.extras,
                    counts: &p.counts,
                    column: &p.column,
                    width: p.width,
                    norms: &p.norms,
                    rec_norms: &p.rec_norms,
                    stats: p.stats.clone(),
                    lazy: p.lazy,
                    summary: p.summary,
                    derived_labels: p.derived_labels,
                })
                .collect(),
            post_paths: &self.post_paths,
            post_counts: &self.post_counts,
            post_values: &self.post_values,
            post_exceptions: &self.post_exceptions,
            post_marks: &self.post_marks,
            records: &self.records,
            record_marks: &self.record_marks,
            names_name_stats: self.names_name_stats,
        }
    }
}

/// One analysed value's tokens of one term.
#[derive(Clone, Copy)]
struct Occ {
    path: PathId,
    value: u32,
    /// Tokens of the term in the value.
    count: u32,
    /// Of which original (not folded twins).
    original: u32,
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
            storage: vec![Storage::Unique; n],
            group_members: Vec::new(),
            group_tuples: Vec::new(),
            group_of_record: Vec::new(),
            strings: Vec::new(),
            string_ids: HashMap::new(),
            plain_strings: 0,
            next_new: RefCell::new(vec![0; n]),
        };
        b.collect_values();
        b
    }

    /// Walks every record in dump order: numbers each path's values in order of first occurrence, records
    /// occurrences, decides each path's storage (column paths are then renumbered in sorted order), forms
    /// the address group, and lays out the strings path by path.
    fn collect_values(&mut self) {
        let records = self.records;
        let mut seen: Vec<(PathId, Val<'r>)> = Vec::new();
        for (ri, rec) in records.iter().enumerate() {
            seen.clear();
            index::flatten(rec, self, &mut |p, v| seen.push((p, v)));
            for &(p, v) in &seen {
                let pi = p as usize;
                if pi >= self.dicts.len() {
                    continue;
                }
                let k = key(v);
                let no = match self.numbers[pi].get(&k) {
                    Some(&no) => no,
                    None => {
                        let no = self.dicts[pi].len() as u32;
                        self.dicts[pi].push(k);
                        self.numbers[pi].insert(k, no);
                        no
                    }
                };
                self.occ[pi].push((no, ri as u32));
            }
        }
        for p in 0..self.defs.len() {
            let distinct = self.dicts[p].len() as f64;
            let occurrences = self.occ[p].len() as f64;
            let pid = p as PathId;
            let forced_unique = schema::paths::NAMES.contains(&pid)
                || pid == schema::paths::NAMES_IDS_ID
                || pid == schema::paths::ID;
            let forced_column = [
                schema::paths::STATUS,
                schema::paths::COUNTRY_CODE,
                schema::paths::TYPES,
            ]
            .contains(&pid);
            self.storage[p] = if forced_column
                || (!forced_unique && occurrences > 0.0 && distinct < UNIQUE_SHARE * occurrences)
            {
                Storage::Column
            } else {
                Storage::Unique
            };
            if self.storage[p] == Storage::Column {
                self.renumber_sorted(p);
            }
        }
        self.form_address_group();
        self.renumber_by_scheme();
        for p in 0..self.defs.len() {
            for i in 0..self.dicts[p].len() {
                if let Key::Str(s) = self.dicts[p][i] {
                    self.intern(s);
                }
            }
        }
        for rec in records {
            for e in &rec.external_ids {
                self.intern(&e.scheme);
            }
        }
        // ROR id URLs go last, stored as numbers (`index::ror_id`); the others keep their order.
        let (plain, ids): (Vec<&'r str>, Vec<&'r str>) = self
            .strings
            .iter()
            .partition(|s| index::ror_id::number(s).is_none());
        self.plain_strings = plain.len();
        self.strings = plain;
        self.strings.extend(ids);
        for (i, s) in self.strings.iter().enumerate() {
            self.string_ids.insert(s, i as u32);
        }
    }

    /// Renumbers a column path's values in sorted order (neighbouring values then share prefixes, and the
    /// dictionary's deltas are small).
    fn renumber_sorted(&mut self, p: usize) {
        let mut order: Vec<u32> = (0..self.dicts[p].len() as u32).collect();
        let dict = &self.dicts[p];
        let cmp = |a: &Key<'_>, b: &Key<'_>| match (a, b) {
            (Key::Str(x), Key::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
            (Key::Int(x), Key::Int(y)) => x.cmp(y),
            (Key::Float(x), Key::Float(y)) => f64::from_bits(*x).total_cmp(&f64::from_bits(*y)),
            (Key::Bool(x), Key::Bool(y)) => x.cmp(y),
            _ => core::cmp::Ordering::Equal,
        };
        order.sort_by(|&a, &b| cmp(&dict[a as usize], &dict[b as usize]));
        self.renumber(p, &order);
    }

    /// Renumbers the `names_ids.id` values (external ids of every scheme, met record by record) scheme by
    /// scheme, keeping record order within a scheme: its strings are laid out in that order, and GRID ids
    /// next to GRID ids, ISNIs next to ISNIs compress ~4% better than the schemes interleaved.
    fn renumber_by_scheme(&mut self) {
        let p = schema::paths::NAMES_IDS_ID as usize;
        let Some(dict) = self.dicts.get(p) else {
            return;
        };
        let schemes: Vec<usize> = (0..self.defs.len())
            .filter(|&q| self.defs[q].name.starts_with("external_ids."))
            .collect();
        let rank: Vec<usize> = dict
            .iter()
            .map(|k| {
                schemes
                    .iter()
                    .position(|&q| self.numbers[q].contains_key(k))
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let mut order: Vec<u32> = (0..dict.len() as u32).collect();
        order.sort_by_key(|&v| rank[v as usize]);
        self.renumber(p, &order);
    }

    /// Per record, per relationship: whether its label can be left to the loader (see
    /// [`PathBlob::derived_labels`]): it is the name of the record its canonical id names. Empty for a
    /// record unless every relationship has both a label and an id, so the k-th label and the k-th id of
    /// a record belong to the same relationship.
    fn derivable_labels(&self) -> Vec<Vec<bool>> {
        let names: HashMap<&str, &str> = self
            .records
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect();
        self.records
            .iter()
            .map(|rec| {
                if rec
                    .relationships
                    .iter()
                    .any(|rel| rel.label.is_none() || rel.id.is_none())
                {
                    return Vec::new();
                }
                rec.relationships
                    .iter()
                    .map(|rel| match (&rel.label, &rel.id) {
                        (Some(label), Some(id)) => {
                            index::ror_id::number(id).is_some()
                                && names.get(id.as_str()) == Some(&label.as_str())
                        }
                        _ => false,
                    })
                    .collect()
            })
            .collect()
    }

    /// Gives value `order[i]` of path `p` the number `i`.
    fn renumber(&mut self, p: usize, order: &[u32]) {
        let dict = &self.dicts[p];
        let mut new_of = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old as usize] = new as u32;
        }
        self.dicts[p] = order.iter().map(|&old| dict[old as usize]).collect();
        self.numbers[p] = self.dicts[p]
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i as u32))
            .collect();
        for o in &mut self.occ[p] {
            o.0 = new_of[o.0 as usize];
        }
    }

    /// Groups the address fields and the country into tuples when every record has at most one address
    /// (as in every ROR dump so far): a record then stores one tuple number instead of a value per field.
    fn form_address_group(&mut self) {
        let n = self.records.len();
        if self.records.iter().any(|r| r.addresses.len() > 1) {
            return;
        }
        let members: Vec<PathId> = (0..self.defs.len())
            .filter(|&p| {
                let name = &self.defs[p].name;
                self.storage[p] == Storage::Column
                    && (name.starts_with("addresses.")
                        || name == "country.country_name"
                        || name == "country.country_code")
            })
            .map(|p| p as PathId)
            .collect();
        // Each member must hold at most one value per record.
        let mut values = vec![vec![u32::MAX; members.len()]; n];
        for (mi, &p) in members.iter().enumerate() {
            for &(v, r) in &self.occ[p as usize] {
                let slot = &mut values[r as usize][mi];
                if *slot != u32::MAX {
                    return;
                }
                *slot = v;
            }
        }
        // Tuples sorted by country, then the other members in path order: neighbours look alike.
        let order_key = |t: &Vec<u32>| -> Vec<u32> {
            let cc = members
                .iter()
                .position(|&p| p == schema::paths::COUNTRY_CODE);
            let mut k = Vec::with_capacity(t.len() + 1);
            k.push(cc.map_or(0, |i| t[i]));
            k.extend_from_slice(t);
            k
        };
        let mut tuples: Vec<Vec<u32>> = values.clone();
        tuples.sort_by_key(order_key);
        tuples.dedup();
        let index_of: HashMap<&Vec<u32>, u32> = tuples
            .iter()
            .enumerate()
            .map(|(i, t)| (t, i as u32))
            .collect();
        self.group_of_record = values
            .iter()
            .map(|t| index_of.get(t).copied().unwrap_or(u32::MAX))
            .collect();
        for &p in &members {
            self.storage[p as usize] = Storage::Grouped(0);
        }
        self.group_members = members;
        self.group_tuples = tuples;
    }

    fn intern(&mut self, s: &'r str) {
        if !self.string_ids.contains_key(s) {
            self.string_ids.insert(s, self.strings.len() as u32);
            self.strings.push(s);
        }
    }

    fn build(&self, out: &mut BodyParts, progress: &mut dyn FnMut(u64)) {
        let n_records = self.records.len();
        write_strings(
            self.strings[..self.plain_strings].iter().copied(),
            &mut out.strings_lens,
            &mut out.strings_bytes,
            &mut out.strings_marks,
        );
        out.strings_count = self.plain_strings as u32;
        let mut last = 0i64;
        for s in &self.strings[self.plain_strings..] {
            let n = index::ror_id::number(s).unwrap_or(0) as i64;
            put(&mut out.ror_ids, zigzag(n - last));
            last = n;
        }
        out.ror_id_count = (self.strings.len() - self.plain_strings) as u32;
        if !self.group_tuples.is_empty() {
            let width: u8 = if self.group_tuples.len() < u16::MAX as usize {
                2
            } else {
                4
            };
            let mut col = Vec::with_capacity(n_records * width as usize);
            for &t in &self.group_of_record {
                write_width(&mut col, t, width);
            }
            out.groups
                .push((self.group_tuples.len() as u32, col, width));
        }
        out.dynamic_schemes = self.dynamic_schemes.iter().map(|s| s.to_string()).collect();
        let mut term_occ: HashMap<String, Vec<Occ>> = HashMap::new();
        let mut analysis = Analysis::new();
        let mut names_children = FieldStats::default();
        for (p, def) in self.defs.iter().enumerate() {
            let dict = &self.dicts[p];
            let occ = &self.occ[p];
            let mut op = OwnedPath {
                storage: self.storage[p],
                count: dict.len() as u32,
                ..OwnedPath::default()
            };
            // Dictionary.
            match def.kind {
                ValueKind::Str | ValueKind::Int => {
                    let mut last = 0i64;
                    for (i, k) in dict.iter().enumerate() {
                        if let Key::Str(s) = k {
                            op.summary.add(s.as_bytes(), i == 0);
                        }
                        let v = match k {
                            Key::Str(s) => self.string_ids.get(s).copied().unwrap_or(0) as i64,
                            Key::Int(v) => *v,
                            _ => 0,
                        };
                        put(&mut op.dict, zigzag(v.wrapping_sub(last)));
                        last = v;
                    }
                }
                ValueKind::Float => {
                    for k in dict {
                        if let Key::Float(bits) = k {
                            // Rust's shortest round-trip text reads back to the same f64.
                            op.dict.extend_from_slice(
                                format!("{:?}", f64::from_bits(*bits)).as_bytes(),
                            );
                            op.dict.push(0);
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
            // Occurrences.
            match op.storage {
                Storage::Unique => {
                    let mut firsts = vec![u32::MAX; dict.len()];
                    let mut extras: Vec<(u32, u32)> = Vec::new();
                    for &(v, r) in occ {
                        let f = &mut firsts[v as usize];
                        if *f == u32::MAX {
                            *f = r;
                        } else {
                            extras.push((v, r));
                        }
                    }
                    let mut last = 0i64;
                    for &f in &firsts {
                        put(&mut op.firsts, zigzag(f as i64 - last));
                        last = f as i64;
                    }
                    extras.sort_unstable();
                    let (mut lv, mut lr) = (0u32, 0u32);
                    for (i, &(v, r)) in extras.iter().enumerate() {
                        let dv = if i == 0 { v } else { v - lv };
                        let base = if i == 0 || dv > 0 {
                            firsts[v as usize]
                        } else {
                            lr
                        };
                        put(&mut op.extras, dv as u64);
                        put(&mut op.extras, (r - base) as u64);
                        lv = v;
                        lr = r;
                    }
                }
                Storage::Grouped(_) => {
                    op.width = if dict.len() < u16::MAX as usize { 2 } else { 4 };
                    let mi = self
                        .group_members
                        .iter()
                        .position(|&m| m as usize == p)
                        .unwrap_or(usize::MAX);
                    for t in &self.group_tuples {
                        write_width(
                            &mut op.column,
                            t.get(mi).copied().unwrap_or(u32::MAX),
                            op.width,
                        );
                    }
                }
                Storage::Column => {
                    op.width = if dict.len() < u16::MAX as usize { 2 } else { 4 };
                    let derived = if def.name == "relationships.label"
                        && op.width == 2
                        && dict.len() < DERIVED_LABEL as usize
                        && self.by_name.get("relationships.id").is_some_and(|q| {
                            self.storage.get(*q as usize) == Some(&Storage::Column)
                        }) {
                        self.derivable_labels()
                    } else {
                        Vec::new()
                    };
                    op.derived_labels = !derived.is_empty();
                    // Position of an occurrence within its record's values.
                    let mut at = (u32::MAX, 0usize);
                    let mut code = |v: u32, r: u32| -> u32 {
                        if at.0 != r {
                            at = (r, 0);
                        }
                        let k = at.1;
                        at.1 += 1;
                        let is_derived = derived
                            .get(r as usize)
                            .and_then(|d| d.get(k))
                            .copied()
                            .unwrap_or(false);
                        if is_derived {
                            DERIVED_LABEL as u32
                        } else {
                            v
                        }
                    };
                    let mut per_record = vec![0u32; n_records];
                    for &(_, r) in occ {
                        per_record[r as usize] += 1;
                    }
                    let multi = per_record.iter().any(|&c| c > 1);
                    let write = |col: &mut Vec<u8>, v: u32| {
                        if op.width == 2 {
                            col.extend_from_slice(&(v.min(u16::MAX as u32) as u16).to_le_bytes());
                        } else {
                            col.extend_from_slice(&v.to_le_bytes());
                        }
                    };
                    if multi {
                        for &c in &per_record {
                            put(&mut op.counts, c as u64);
                        }
                        // `occ` is in walk order: records ascending, a record's values in flatten order.
                        for &(v, r) in occ {
                            write(&mut op.column, code(v, r));
                        }
                    } else {
                        let mut col = vec![u32::MAX; n_records];
                        for &(v, r) in occ {
                            col[r as usize] = code(v, r);
                        }
                        for v in col {
                            write(&mut op.column, v);
                        }
                    }
                }
            }

            // Text analysis of each distinct value: norms and statistics always, postings unless the path
            // is lazy (its postings are rebuilt from the values on first use).
            let mut tokens: Vec<ValueTokens> = Vec::new();
            if let Some(analyzer) = index::terms::path_analyzer(def.mapping) {
                op.lazy = LAZY_PATHS.contains(&def.name.as_str());
                tokens.reserve(dict.len());
                let mut counts: Vec<(usize, u32, u32)> = Vec::new();
                for (vi, k) in dict.iter().enumerate() {
                    let Key::Str(s) = k else { continue };
                    let vt = index::terms::count_terms(&mut analysis, analyzer, s, &mut counts);
                    if !op.lazy {
                        for &(ti, count, original) in &counts {
                            let term = analysis.term(&analysis.tokens()[ti]).to_owned();
                            term_occ.entry(term).or_default().push(Occ {
                                path: p as PathId,
                                value: vi as u32,
                                count,
                                original,
                            });
                        }
                    }
                    if !op.lazy {
                        op.norms.push(int_to_byte4(vt.length));
                    }
                    tokens.push(vt);
                }
            }
            // Lazy paths compute their norms with their postings (`LazyPostings`).
            let mut rec_norms = Vec::new();
            op.stats = self.path_stats(p, def, &tokens, &mut rec_norms);
            if !op.lazy {
                op.rec_norms = rec_norms;
            }
            if schema::paths::NAMES.contains(&(p as PathId)) {
                for &(v, _) in occ {
                    let t = tokens.get(v as usize).copied().unwrap_or_default();
                    if t.all > 0 {
                        names_children.doc_count += 1;
                        names_children.sum_ttf += t.all as u64;
                    }
                }
            }
            out.paths.push(op);
            progress(p as u64 + 1);
        }
        out.names_name_stats = names_children;

        // Terms and postings, in term order; within a term by path and value.
        let mut terms: Vec<(String, Vec<Occ>)> = term_occ.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        write_strings(
            terms.iter().map(|(t, _)| t.as_str()),
            &mut out.terms_lens,
            &mut out.terms_bytes,
            &mut out.terms_marks,
        );
        let mut segs: Vec<(PathId, usize, usize)> = Vec::new();
        let mut run_start = [0usize; 4];
        let n_terms = terms.len();
        for (t, (_term, mut occs)) in terms.into_iter().enumerate() {
            occs.sort_unstable_by_key(|o| (o.path, o.value));
            segs.clear();
            let mut i = 0;
            while i < occs.len() {
                let start = i;
                while i < occs.len() && occs[i].path == occs[start].path {
                    i += 1;
                }
                segs.push((occs[start].path, start, i));
            }
            put(&mut out.post_paths, segs.len() as u64);
            for &(path, _, _) in &segs {
                put(&mut out.post_paths, path as u64);
            }
            for &(_, s0, s1) in &segs {
                let entries = &occs[s0..s1];
                let exceptions = entries
                    .iter()
                    .filter(|o| o.count != 1 || o.original != 1)
                    .count();
                put(&mut out.post_counts, entries.len() as u64);
                put(&mut out.post_counts, exceptions as u64);
                let mut last = 0u32;
                let mut last_exception = 0usize;
                for (n, o) in entries.iter().enumerate() {
                    put(
                        &mut out.post_values,
                        if n == 0 {
                            o.value as u64
                        } else {
                            (o.value - last) as u64
                        },
                    );
                    last = o.value;
                    // Entries default to one original token; others are listed as exceptions.
                    if o.count != 1 || o.original != 1 {
                        put(&mut out.post_exceptions, (n - last_exception) as u64);
                        last_exception = n;
                        let folded = o.original != o.count;
                        put(
                            &mut out.post_exceptions,
                            ((o.count as u64) << 1) | folded as u64,
                        );
                        if folded {
                            put(&mut out.post_exceptions, o.original as u64);
                        }
                    }
                }
            }
            out.terms_count += 1;
            if (t + 1) % POSTING_RUN as usize == 0 || t + 1 == n_terms {
                let ends = [
                    out.post_paths.len(),
                    out.post_counts.len(),
                    out.post_values.len(),
                    out.post_exceptions.len(),
                ];
                for (end, start) in ends.iter().zip(run_start.iter_mut()) {
                    put(&mut out.post_marks, (end - *start) as u64);
                    *start = *end;
                }
            }
        }

        // Record skeletons (reference codes resolved in dump order), with the byte length of each run.
        let (mut run_len, mut run_count) = (0usize, 0u32);
        for rec in self.records {
            let bytes = index::encode_record(rec, self);
            out.records.extend_from_slice(&bytes);
            run_len += bytes.len();
            run_count += 1;
            if run_count == RECORD_RUN {
                put(&mut out.record_marks, run_len as u64);
                (run_len, run_count) = (0, 0);
            }
        }
        if run_count > 0 {
            put(&mut out.record_marks, run_len as u64);
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
        let mut per_record: Vec<Vec<u32>> = vec![Vec::new(); n];
        for &(v, r) in &self.occ[p] {
            per_record[r as usize].push(v);
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
                        // Every child has one term: its external id, plus the three id forms of each record.
                        st.doc_count = self.occ[p].len() as u64 + index::ID_FORMS as u64 * n as u64;
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

/// Writes a string table: NUL-terminated strings with the byte length of each run of [`STRING_RUN`]
/// strings, or lengths + bytes when a string contains NUL.
fn write_strings<'s>(
    strings: impl Iterator<Item = &'s str> + Clone,
    lens: &mut Vec<u8>,
    bytes: &mut Vec<u8>,
    marks: &mut Vec<u8>,
) {
    if strings.clone().any(|s| s.as_bytes().contains(&0)) {
        for s in strings {
            put(lens, s.len() as u64);
            bytes.extend_from_slice(s.as_bytes());
        }
    } else {
        let mut run_start = bytes.len();
        let mut n = 0u32;
        for s in strings {
            bytes.extend_from_slice(s.as_bytes());
            bytes.push(0);
            n += 1;
            if n % STRING_RUN == 0 {
                put(marks, (bytes.len() - run_start) as u64);
                run_start = bytes.len();
            }
        }
        if n % STRING_RUN != 0 {
            put(marks, (bytes.len() - run_start) as u64);
        }
    }
}

/// A value number as `width` little-endian bytes (u32::MAX → all bits set).
fn write_width(out: &mut Vec<u8>, v: u32, width: u8) {
    if width == 2 {
        out.extend_from_slice(&(v.min(u16::MAX as u32) as u16).to_le_bytes());
    } else {
        out.extend_from_slice(&v.to_le_bytes());
    }
}
