//! A loaded index: the file bytes plus the small tables built at load time (string offsets, per-path value
//! dictionaries and first-occurrence records, postings and record offsets).
//!
//! Key decision: blobs stay in the one `Vec<u8>` the file was read into; the body is decoded with
//! postcard's zero-copy borrowing and every blob is remembered as a byte range, so loading costs one pass
//! over the length and dictionary tables and never materialises records, postings or columns (columns are
//! read in place). Exact-value lookups use per-path hash tables built on first use. Every accessor is total.

use core::cell::{OnceCell, RefCell};
use core::ops::Range;

use super::body::{
    Body, FieldStats, Storage, StrSummary, DERIVED_LABEL, POSTING_RUN, RECORD_RUN, STRING_RUN,
};
use super::records::{from_compact, CRecord, PathNames, ValueSource};
use super::schema::{self, Mapping, PathId, ValueKind, View, STATIC_PATHS};
use super::terms::{path_analyzer, LazyPostings, SegmentEntry};
use super::varint::{unzigzag, Reader};
use super::{IndexError, IndexInfo};
use crate::record::Record;

/// A string table of the file (see [`StrTable`](super::StrTable)).
#[derive(Debug, Default)]
struct Table {
    count: u32,
    layout: TableLayout,
    /// Strings numbered from `count` on, stored as ROR id numbers (the string table only).
    ror: RorIds,
}

/// ROR id URLs stored as numbers; their text is written per run of `STRING_RUN` on first read.
#[derive(Debug, Default)]
struct RorIds {
    numbers: Vec<u32>,
    runs: Vec<OnceCell<Box<[u8]>>>,
}

impl RorIds {
    fn load(bytes: &[u8], count: u32) -> Result<RorIds, IndexError> {
        let mut numbers = Vec::with_capacity(count as usize);
        let mut r = Reader::new(bytes);
        let mut last = 0i64;
        for _ in 0..count {
            let d = r
                .read()
                .ok_or_else(|| corrupt("ROR id numbers end early".into()))?;
            last = last.wrapping_add(unzigzag(d));
            if !(0..1 << 30).contains(&last) {
                return Err(corrupt("a ROR id number is out of range".into()));
            }
            numbers.push(last as u32);
        }
        if !r.is_empty() {
            return Err(corrupt("ROR id numbers exceed their count".into()));
        }
        let mut runs = Vec::new();
        runs.resize_with(numbers.len().div_ceil(STRING_RUN as usize), OnceCell::new);
        Ok(RorIds { numbers, runs })
    }

    fn len(&self) -> u32 {
        self.numbers.len() as u32
    }

    fn bytes(&self, k: u32) -> Option<&[u8]> {
        let run = (k / STRING_RUN) as usize;
        let text = self.runs.get(run)?.get_or_init(|| {
            let from = run * STRING_RUN as usize;
            let to = (from + STRING_RUN as usize).min(self.numbers.len());
            let mut out = Vec::with_capacity((to - from) * super::ror_id::LEN);
            for &n in self.numbers.get(from..to).unwrap_or(&[]) {
                super::ror_id::write(n, &mut out);
            }
            out.into_boxed_slice()
        });
        let at = (k % STRING_RUN) as usize * super::ror_id::LEN;
        text.get(at..at + super::ror_id::LEN)
    }
}

#[derive(Debug)]
enum TableLayout {
    /// NUL-terminated strings in runs of `STRING_RUN`: `runs[r]..runs[r + 1]` is run r's bytes in the
    /// index buffer; `starts[r]`, filled when a string of run r is first read, holds its strings' start
    /// offsets and the run's end (empty if the run does not hold the expected number of strings).
    Runs {
        runs: Vec<u32>,
        starts: Vec<OnceCell<RunStarts>>,
    },
    /// Lengths given: string i spans `offsets[i]..offsets[i + 1]`.
    Offsets(Vec<u32>),
}

impl Default for TableLayout {
    fn default() -> Self {
        TableLayout::Offsets(vec![0])
    }
}

impl Table {
    fn load(buf: &[u8], t: &super::StrTable<'_>, what: &str) -> Result<Table, IndexError> {
        let base = range_of(buf, t.bytes).start;
        let count = t.count;
        let layout = if t.lens.is_empty() {
            let n_runs = count.div_ceil(STRING_RUN) as usize;
            let mut runs = Vec::with_capacity(n_runs + 1);
            runs.push(base as u32);
            let mut r = Reader::new(t.marks);
            let mut at = base;
            for _ in 0..n_runs {
                let len = r
                    .read()
                    .ok_or_else(|| corrupt(format!("{what} table: run lengths end early")))?;
                at = at
                    .checked_add(len as usize)
                    .filter(|&e| e <= base + t.bytes.len())
                    .ok_or_else(|| corrupt(format!("{what} table: runs overflow the bytes")))?;
                runs.push(at as u32);
            }
            if at != base + t.bytes.len() || !r.is_empty() {
                return Err(corrupt(format!(
                    "{what} table: run lengths do not add up to the string bytes"
                )));
            }
            if t.bytes.last().is_some_and(|&b| b != 0) {
                return Err(corrupt(format!(
                    "{what} table: the last string is not terminated"
                )));
            }
            let mut starts = Vec::new();
            starts.resize_with(n_runs, OnceCell::new);
            TableLayout::Runs { runs, starts }
        } else {
            let mut offsets = Vec::with_capacity(count as usize + 1);
            offsets.push(base as u32);
            let mut r = Reader::new(t.lens);
            let mut at = base;
            for _ in 0..count {
                let len = r
                    .read()
                    .ok_or_else(|| corrupt(format!("{what} table: lengths end early")))?
                    as usize;
                at = at
                    .checked_add(len)
                    .ok_or_else(|| corrupt(format!("{what} table overflows")))?;
                offsets.push(at as u32);
            }
            if at != base + t.bytes.len() {
                return Err(corrupt(format!(
                    "{what} table: lengths do not add up to the string bytes"
                )));
            }
            TableLayout::Offsets(offsets)
        };
        // UTF-8 is checked per string when it is read (`get`), so a damaged byte can only make that string
        // unreadable; checking 10 MB up front would cost load time and protect nothing more.
        Ok(Table {
            count,
            layout,
            ror: RorIds::default(),
        })
    }

    fn len(&self) -> u32 {
        self.count + self.ror.len()
    }

    fn get<'a>(&'a self, buf: &'a [u8], id: u32) -> Option<&'a str> {
        let (bytes, checked) = self.bytes_checked(buf, id)?;
        if checked {
            // SAFETY: `bytes` lies in a run whose bytes `run_starts` found to be UTF-8 throughout, and it is
            // cut at the run's ends or at NUL bytes, which are whole characters: so it is UTF-8 too.
            // (Skipping the check per string was 12% of decoding a record natively.)
            Some(unsafe { core::str::from_utf8_unchecked(bytes) })
        } else {
            core::str::from_utf8(bytes).ok()
        }
    }

    fn bytes<'a>(&'a self, buf: &'a [u8], id: u32) -> Option<&'a [u8]> {
        self.bytes_checked(buf, id).map(|(b, _)| b)
    }

    /// The bytes of string `id`, and whether they are known to be UTF-8.
    fn bytes_checked<'a>(&'a self, buf: &'a [u8], id: u32) -> Option<(&'a [u8], bool)> {
        if id >= self.count {
            return self.ror.bytes(id - self.count).map(|b| (b, false));
        }
        match &self.layout {
            TableLayout::Offsets(offsets) => {
                let start = *offsets.get(id as usize)? as usize;
                let end = *offsets.get(id as usize + 1)? as usize;
                buf.get(start..end.max(start)).map(|b| (b, false))
            }
            TableLayout::Runs { runs, starts } => {
                let run = (id / STRING_RUN) as usize;
                let found = starts.get(run)?.get_or_init(|| {
                    let expected = (self.count - run as u32 * STRING_RUN).min(STRING_RUN);
                    run_starts(buf, runs, run, expected).unwrap_or_default()
                });
                let k = (id % STRING_RUN) as usize;
                let start = *found.offsets.get(k)? as usize;
                // The next start (or the run's end) is one past this string's terminator.
                let end = (*found.offsets.get(k + 1)? as usize).checked_sub(1)?;
                buf.get(start..end.max(start)).map(|b| (b, found.utf8))
            }
        }
    }

    /// Bytes of the offset tables built so far.
    fn table_bytes(&self) -> usize {
        let offsets = match &self.layout {
            TableLayout::Offsets(o) => o.len() * 4,
            TableLayout::Runs { runs, starts } => {
                runs.len() * 4
                    + starts.len() * 8
                    + starts
                        .iter()
                        .filter_map(|s| s.get())
                        .map(|s| s.offsets.len() * 4)
                        .sum::<usize>()
            }
        };
        let ror = &self.ror;
        offsets
            + ror.numbers.len() * 4
            + ror.runs.len() * 8
            + ror
                .runs
                .iter()
                .filter_map(|r| r.get())
                .map(|r| r.len())
                .sum::<usize>()
    }

    /// Binary search (sorted tables only); `Ok(id)` or `Err(insertion point)`.
    fn find(&self, buf: &[u8], s: &[u8]) -> Result<u32, u32> {
        let (mut lo, mut hi) = (0u32, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let m = self.bytes(buf, mid).unwrap_or(&[]);
            match m.cmp(s) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }
}

/// The record skeletons, in runs of `RECORD_RUN` (see [`Body::records`]).
#[derive(Debug, Default)]
struct Records {
    count: u32,
    /// `runs[k]..runs[k + 1]`: run k's bytes in the index buffer.
    runs: Vec<u32>,
    /// Per run, filled when one of its records is first read: its records' start offsets and the run's end
    /// (empty if the run does not decode into the expected number of records).
    starts: Vec<OnceCell<Box<[u32]>>>,
}

impl Records {
    fn load(buf: &[u8], body: &Body<'_>, count: u32) -> Result<Records, IndexError> {
        let base = range_of(buf, body.records).start;
        let n_runs = count.div_ceil(RECORD_RUN) as usize;
        let mut runs = Vec::with_capacity(n_runs + 1);
        runs.push(base as u32);
        let mut r = Reader::new(body.record_marks);
        let mut at = base;
        for _ in 0..n_runs {
            let len = r
                .read()
                .ok_or_else(|| corrupt("record run lengths end early".into()))?;
            at = at
                .checked_add(len as usize)
                .filter(|&e| e <= base + body.records.len())
                .ok_or_else(|| corrupt("record runs overflow the records".into()))?;
            runs.push(at as u32);
        }
        if at != base + body.records.len() || !r.is_empty() {
            return Err(corrupt(format!(
                "record run lengths do not add up to the records of the {count} the header announces"
            )));
        }
        let mut starts = Vec::new();
        starts.resize_with(n_runs, OnceCell::new);
        Ok(Records {
            count,
            runs,
            starts,
        })
    }

    /// The byte range of record `r`.
    fn span(&self, buf: &[u8], r: u32) -> Option<(usize, usize)> {
        if r >= self.count {
            return None;
        }
        let run = (r / RECORD_RUN) as usize;
        let starts = self.starts.get(run)?.get_or_init(|| {
            let expected = (self.count - run as u32 * RECORD_RUN).min(RECORD_RUN);
            self.run_starts(buf, run, expected).unwrap_or_default()
        });
        let k = (r % RECORD_RUN) as usize;
        Some((*starts.get(k)? as usize, *starts.get(k + 1)? as usize))
    }

    fn run_starts(&self, buf: &[u8], run: usize, expected: u32) -> Option<Box<[u32]>> {
        let (start, end) = (
            *self.runs.get(run)? as usize,
            *self.runs.get(run + 1)? as usize,
        );
        let mut rest = buf.get(start..end)?;
        let mut out = Vec::with_capacity(expected as usize + 1);
        out.push(start as u32);
        for _ in 0..expected {
            let (_, after) = postcard::take_from_bytes::<CRecord>(rest).ok()?;
            rest = after;
            out.push((end - rest.len()) as u32);
        }
        rest.is_empty().then(|| out.into_boxed_slice())
    }

    fn table_bytes(&self) -> usize {
        self.runs.len() * 4
            + self.starts.len() * 8
            + self
                .starts
                .iter()
                .filter_map(|s| s.get())
                .map(|s| s.len() * 4)
                .sum::<usize>()
    }
}

/// The strings of one run of a string table, found when one of them is first read.
#[derive(Debug, Default)]
struct RunStarts {
    /// The start offsets of the run's strings, then the run's end (empty: a damaged run).
    offsets: Box<[u32]>,
    /// The run's bytes are UTF-8 throughout (checked once here rather than per string read).
    utf8: bool,
}

/// The start offsets of the `expected` NUL-terminated strings of run `run`, then the run's end; `None` if
/// the run does not hold exactly that many strings.
fn run_starts(buf: &[u8], runs: &[u32], run: usize, expected: u32) -> Option<RunStarts> {
    let (base, end) = (*runs.get(run)? as usize, *runs.get(run + 1)? as usize);
    let run = buf.get(base..end)?;
    let mut out = Vec::with_capacity(expected as usize + 1);
    out.push(base as u32);
    for (i, &b) in run.iter().enumerate() {
        if b == 0 {
            out.push((base + i + 1) as u32);
        }
    }
    (out.len() == expected as usize + 1).then(|| RunStarts {
        offsets: out.into_boxed_slice(),
        utf8: core::str::from_utf8(run).is_ok(),
    })
}

/// The distinct values of a path, decoded at load.
#[derive(Debug)]
pub(crate) enum Dict {
    /// String ids.
    Str(Vec<u32>),
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
}

impl Dict {
    fn len(&self) -> usize {
        match self {
            Dict::Str(v) => v.len(),
            Dict::Int(v) => v.len(),
            Dict::Float(v) => v.len(),
            Dict::Bool(v) => v.len(),
        }
    }
}

#[derive(Debug)]
struct GroupData {
    count: u32,
    column: Range<usize>,
    width: u8,
}

#[derive(Debug)]
struct PathData {
    name: String,
    kind: ValueKind,
    mapping: Mapping,
    storage: Storage,
    dict: Dict,
    /// `Unique`: the first record of each value (non-decreasing).
    first: Vec<u32>,
    /// `Unique` with `first` non-decreasing: entry `j` is the number of values first met before record
    /// `j * FIRST_STEP`, so finding a record's first new value searches a few cache lines, not all of
    /// `first` (record decoding did one such search per path and record).
    first_steps: Vec<u32>,
    /// `Unique`: a bit per value that has `extras` (most have none, and need no search of `extras`).
    extra_bits: Vec<u64>,
    /// `Unique`: the other occurrences (value, record), sorted.
    extras: Vec<(u32, u32)>,
    /// `Column` with several values per record: `records + 1` offsets into the column (in values).
    column_offsets: Option<Vec<u32>>,
    column: Range<usize>,
    width: u8,
    norms: Range<usize>,
    rec_norms: Range<usize>,
    stats: Vec<FieldStats>,
    /// `Str` paths: lengths and first bytes of the values (a lookup that cannot succeed builds no table).
    summary: StrSummary,
    /// Exact-value lookup, built on first use: open addressing, slots hold value number + 1.
    lookup: OnceCell<Vec<u32>>,
    /// A lazy text path: postings built from the values on first use.
    lazy: bool,
    lazy_postings: OnceCell<LazyPostings>,
    /// See [`PathBlob::derived_labels`](super::PathBlob): the column is read from `resolved`, built on first
    /// use, instead of in place.
    derived_labels: bool,
    resolved: OnceCell<Vec<u8>>,
}

/// The values of record `r` in the bytes of `d`'s column.
fn record_values<'a>(d: &PathData, col: &'a [u8], r: u32) -> ColumnValues<'a> {
    let w = d.width as usize;
    let (s, e) = match &d.column_offsets {
        None => (r as usize, r as usize + 1),
        Some(offs) => match (offs.get(r as usize), offs.get(r as usize + 1)) {
            (Some(&s), Some(&e)) => (s as usize, e as usize),
            _ => (0, 0),
        },
    };
    ColumnValues {
        bytes: col.get(s * w..e * w).unwrap_or(&[]),
        width: w,
    }
}

/// Records per entry of [`PathData::first_steps`].
const FIRST_STEP: usize = 64;

/// See [`PathData::first_steps`]; empty when `first` is not sorted.
fn first_steps_of(first: &[u32], n_records: usize) -> Vec<u32> {
    if first.windows(2).any(|w| w[0] > w[1]) {
        return Vec::new();
    }
    let n = n_records / FIRST_STEP + 2;
    let mut steps = Vec::with_capacity(n);
    let mut i = 0usize;
    for j in 0..n {
        let r = (j * FIRST_STEP) as u32;
        while i < first.len() && first[i] < r {
            i += 1;
        }
        steps.push(i as u32);
    }
    steps
}

impl PathData {
    fn has_extras(&self, v: u32) -> bool {
        self.extra_bits
            .get(v as usize / 64)
            .is_some_and(|w| w & (1 << (v % 64)) != 0)
    }

    /// The records holding value `v` of a `Unique` path: its first record, then its extra occurrences.
    #[inline]
    fn unique_records(&self, v: u32, mut f: impl FnMut(u32)) {
        let Some(&r) = self.first.get(v as usize) else {
            return;
        };
        f(r);
        if !self.has_extras(v) {
            return;
        }
        let s = self.extras.partition_point(|&(x, _)| x < v);
        for &(x, r) in self.extras.get(s..).unwrap_or(&[]) {
            if x != v {
                break;
            }
            f(r);
        }
    }

    /// How many values of a `Unique` path are first met before record `r`.
    fn values_before(&self, r: u32) -> u32 {
        let j = r as usize / FIRST_STEP;
        if let (Some(&lo), Some(&hi)) = (self.first_steps.get(j), self.first_steps.get(j + 1)) {
            if let Some(window) = self.first.get(lo as usize..hi as usize) {
                return lo + window.partition_point(|&f| f < r) as u32;
            }
        }
        self.first.partition_point(|&f| f < r) as u32
    }
}

/// A loaded index.
#[derive(Debug)]
pub struct Index {
    buf: Vec<u8>,
    info: IndexInfo,
    groups: Vec<GroupData>,
    strings: Table,
    terms: Table,
    paths: Vec<PathData>,
    /// Path names sorted, with their ids.
    by_name: Vec<(String, PathId)>,
    dynamic_schemes: Vec<String>,
    postings: Postings,
    records: Records,
    facets: OnceCell<Facets>,
    /// How the `names_ids.id` child values begin, built on first use (see [`Index::names_id_may_start_with`]).
    names_id_starts: OnceCell<StartBytes>,
    /// ROR id string (numbered after the plain strings) → the record with that `id`, built on first use.
    record_of_ror: OnceCell<Vec<u32>>,
    names_name_stats: FieldStats,
}

fn corrupt(what: String) -> IndexError {
    IndexError::Corrupt { what }
}

/// The byte range of a slice borrowed from `buf`.
fn range_of(buf: &[u8], s: &[u8]) -> Range<usize> {
    let start = (s.as_ptr() as usize).wrapping_sub(buf.as_ptr() as usize);
    if start > buf.len() || buf.len() - start < s.len() {
        return 0..0;
    }
    start..start + s.len()
}

/// A 64-bit hash of a short key, eight bytes at a time (deterministic, no dependency).
fn hash(s: &[u8]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ s.len() as u64;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ w).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(29);
    }
    let mut w = 0u64;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        w |= (b as u64) << (8 * i);
    }
    h = (h ^ w).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 32)
}

impl Index {
    pub(super) fn load(
        buf: Vec<u8>,
        info: IndexInfo,
        body_range: Range<usize>,
    ) -> Result<Index, IndexError> {
        if buf.len() > u32::MAX as usize {
            return Err(corrupt("index larger than 4 GiB".into()));
        }
        let body: Body<'_> = postcard::from_bytes(&buf[body_range])
            .map_err(|e| corrupt(format!("the body does not decode ({e})")))?;
        let mut strings = Table::load(&buf, &body.strings, "string")?;
        strings.ror = RorIds::load(body.ror_ids, body.ror_id_count)?;
        let terms = Table::load(&buf, &body.terms, "term")?;

        let mut defs: Vec<(String, ValueKind, Mapping)> = STATIC_PATHS
            .iter()
            .map(|d| (d.path.to_owned(), d.kind, d.mapping))
            .collect();
        for s in &body.dynamic_schemes {
            for m in ["preferred", "all"] {
                defs.push((
                    format!("external_ids.{s}.{m}"),
                    ValueKind::Str,
                    Mapping::DynamicText,
                ));
            }
        }
        if body.paths.len() != defs.len() {
            return Err(corrupt(format!(
                "{} paths stored, the schema has {}",
                body.paths.len(),
                defs.len()
            )));
        }
        let n_records = info.record_count as usize;
        let mut groups = Vec::with_capacity(body.groups.len());
        for g in &body.groups {
            let w = g.width as usize;
            if (w != 2 && w != 4) || g.column.len() != n_records * w {
                return Err(corrupt("a group column has the wrong size".into()));
            }
            groups.push(GroupData {
                count: g.count,
                column: range_of(&buf, g.column),
                width: g.width,
            });
        }
        let mut paths = Vec::with_capacity(defs.len());
        for ((name, kind, mapping), blob) in defs.into_iter().zip(body.paths.iter()) {
            let count = blob.count as usize;
            let ends = |what: &str| corrupt(format!("{name}: {what} ends early"));
            let mut r = Reader::new(blob.dict);
            let dict = match kind {
                ValueKind::Str => {
                    let mut v = Vec::with_capacity(count);
                    let mut last = 0i64;
                    for _ in 0..count {
                        last = last
                            .wrapping_add(unzigzag(r.read().ok_or_else(|| ends("dictionary"))?));
                        if last < 0 || last >= strings.len() as i64 {
                            return Err(corrupt(format!("{name}: string id out of range")));
                        }
                        v.push(last as u32);
                    }
                    Dict::Str(v)
                }
                ValueKind::Int => {
                    let mut v = Vec::with_capacity(count);
                    let mut last = 0i64;
                    for _ in 0..count {
                        last = last
                            .wrapping_add(unzigzag(r.read().ok_or_else(|| ends("dictionary"))?));
                        v.push(last);
                    }
                    Dict::Int(v)
                }
                ValueKind::Float => {
                    let mut v = Vec::with_capacity(count);
                    for text in blob.dict.split(|&b| b == 0).take(count) {
                        let x = core::str::from_utf8(text)
                            .ok()
                            .and_then(|t| t.parse::<f64>().ok());
                        v.push(
                            x.ok_or_else(|| corrupt(format!("{name}: a float does not parse")))?,
                        );
                    }
                    Dict::Float(v)
                }
                ValueKind::Bool => Dict::Bool(blob.dict.iter().map(|&b| b != 0).collect()),
            };
            if dict.len() != count {
                return Err(corrupt(format!(
                    "{name}: dictionary size differs from its count"
                )));
            }
            let mut first = Vec::new();
            let mut first_steps = Vec::new();
            let mut extra_bits = Vec::new();
            let mut extras = Vec::new();
            let mut column_offsets = None;
            match blob.storage {
                Storage::Unique => {
                    first.reserve(count);
                    let mut r = Reader::new(blob.firsts);
                    // Zigzag deltas: ascending except in `names_ids.id` (numbered scheme by scheme).
                    let mut last = 0i64;
                    for _ in 0..count {
                        let z = r.read().ok_or_else(|| ends("first records"))?;
                        last = last.saturating_add(unzigzag(z));
                        if last < 0 || last as usize >= n_records {
                            return Err(corrupt(format!("{name}: record number out of range")));
                        }
                        first.push(last as u32);
                    }
                    first_steps = first_steps_of(&first, n_records);
                    let mut r = Reader::new(blob.extras);
                    let (mut v, mut rec) = (0u32, 0u32);
                    while !r.is_empty() {
                        let dv = r.next_u32().ok_or_else(|| ends("extra occurrences"))?;
                        let dr = r.next_u32().ok_or_else(|| ends("extra occurrences"))?;
                        if dv > 0 || extras.is_empty() {
                            v = v.saturating_add(dv);
                            rec = first
                                .get(v as usize)
                                .copied()
                                .ok_or_else(|| corrupt(format!("{name}: value out of range")))?;
                        }
                        rec = rec.saturating_add(dr);
                        if rec as usize >= n_records {
                            return Err(corrupt(format!("{name}: record number out of range")));
                        }
                        extras.push((v, rec));
                    }
                    extra_bits = vec![0u64; count.div_ceil(64)];
                    for &(v, _) in &extras {
                        if let Some(w) = extra_bits.get_mut(v as usize / 64) {
                            *w |= 1 << (v % 64);
                        }
                    }
                }
                Storage::Grouped(g) => {
                    let group = groups
                        .get(g as usize)
                        .ok_or_else(|| corrupt(format!("{name}: no group {g}")))?;
                    let width = blob.width as usize;
                    if (width != 2 && width != 4)
                        || blob.column.len() != group.count as usize * width
                    {
                        return Err(corrupt(format!(
                            "{name}: grouped column has the wrong size"
                        )));
                    }
                }
                Storage::Column => {
                    let width = blob.width as usize;
                    if width != 2 && width != 4 {
                        return Err(corrupt(format!("{name}: column width {width}")));
                    }
                    if blob.derived_labels && width != 2 {
                        return Err(corrupt(format!("{name}: derived labels in a wide column")));
                    }
                    if blob.counts.is_empty() {
                        if blob.column.len() != n_records * width {
                            return Err(corrupt(format!(
                                "{name}: column size differs from the record count"
                            )));
                        }
                    } else {
                        let mut offs = Vec::with_capacity(n_records + 1);
                        let mut r = Reader::new(blob.counts);
                        let mut at = 0u32;
                        offs.push(0);
                        for _ in 0..n_records {
                            at = at
                                .saturating_add(r.next_u32().ok_or_else(|| ends("column counts"))?);
                            offs.push(at);
                        }
                        if at as usize * width != blob.column.len() {
                            return Err(corrupt(format!("{name}: column counts do not add up")));
                        }
                        column_offsets = Some(offs);
                    }
                }
            }
            let norms = range_of(&buf, blob.norms);
            let rec_norms = range_of(&buf, blob.rec_norms);
            let lazy = blob.lazy && mapping.text_analyzer().is_some();
            if mapping.text_analyzer().is_some() && !lazy && norms.len() != count {
                return Err(corrupt(format!(
                    "{name}: {} norms for {count} values",
                    norms.len()
                )));
            }
            if !rec_norms.is_empty() && rec_norms.len() != n_records {
                return Err(corrupt(format!(
                    "{name}: record norms do not match the record count"
                )));
            }
            paths.push(PathData {
                name,
                kind,
                mapping,
                storage: blob.storage,
                dict,
                first,
                first_steps,
                extras,
                extra_bits,
                column_offsets,
                column: range_of(&buf, blob.column),
                width: blob.width,
                norms,
                rec_norms,
                stats: blob.stats.clone(),
                summary: blob.summary,
                lookup: OnceCell::new(),
                lazy,
                lazy_postings: OnceCell::new(),
                derived_labels: blob.derived_labels,
                resolved: OnceCell::new(),
            });
        }
        for p in schema::paths::NAMES.chain([schema::paths::NAMES_IDS_ID, schema::paths::ID]) {
            if paths
                .get(p as usize)
                .is_some_and(|d| d.storage != Storage::Unique)
            {
                return Err(corrupt("a name or id path is not stored by value".into()));
            }
        }
        for p in [
            schema::paths::STATUS,
            schema::paths::COUNTRY_CODE,
            schema::paths::TYPES,
        ] {
            if paths
                .get(p as usize)
                .is_some_and(|d| d.storage == Storage::Unique)
            {
                return Err(corrupt("a facet path is not stored as a column".into()));
            }
        }
        let mut by_name: Vec<(String, PathId)> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i as PathId))
            .collect();
        crate::sort::by(&mut by_name, |a, b| a.cmp(b));

        let postings = Postings::load(&buf, &body, terms.len())?;
        let records = Records::load(&buf, &body, n_records as u32)?;
        let names_name_stats = body.names_name_stats;
        let dynamic_schemes = body.dynamic_schemes.iter().map(|s| s.to_string()).collect();
        Ok(Index {
            buf,
            info,
            groups,
            strings,
            terms,
            paths,
            by_name,
            dynamic_schemes,
            postings,
            records,
            facets: OnceCell::new(),
            names_id_starts: OnceCell::new(),
            record_of_ror: OnceCell::new(),
            names_name_stats,
        })
    }

    // ------------------------------------------------------------------ general

    pub fn info(&self) -> &IndexInfo {
        &self.info
    }

    /// The size of the index file in bytes.
    pub fn byte_len(&self) -> usize {
        self.buf.len()
    }

    /// Bytes held by the tables built at load (beyond the file bytes), for memory figures.
    pub fn table_bytes(&self) -> usize {
        let mut n = self.strings.table_bytes() + self.terms.table_bytes();
        n += self.postings.runs.len() * 16 + self.postings.blocks.len() * 8;
        n += self
            .postings
            .blocks
            .iter()
            .filter_map(|b| b.get())
            .map(|b| b.len() * 16)
            .sum::<usize>();
        n += self.records.table_bytes();
        for p in &self.paths {
            n += match &p.dict {
                Dict::Str(v) => v.len() * 4,
                Dict::Int(v) => v.len() * 8,
                Dict::Float(v) => v.len() * 8,
                Dict::Bool(v) => v.len(),
            };
            n += (p.first.len() + p.first_steps.len()) * 4
                + p.extras.len() * 8
                + p.extra_bits.len() * 8;
            n += p.column_offsets.as_ref().map_or(0, |o| o.len() * 4);
            n += p.lookup.get().map_or(0, |l| l.len() * 4);
        }
        n
    }

    pub fn num_records(&self) -> u32 {
        self.records.count
    }

    pub fn num_paths(&self) -> PathId {
        self.paths.len() as PathId
    }

    pub fn dynamic_schemes(&self) -> &[String] {
        &self.dynamic_schemes
    }

    /// The record in dump position `r`, or `None` if out of range (or damaged).
    pub fn record(&self, r: u32) -> Option<Record> {
        let (start, end) = self.records.span(&self.buf, r)?;
        let bytes = self.buf.get(start..end)?;
        let c: CRecord = postcard::from_bytes(bytes).ok()?;
        let resolver = Resolver {
            index: self,
            record: r,
            cursor: RefCell::new(vec![0; self.paths.len()]),
            base: RefCell::new(vec![u32::MAX; self.paths.len()]),
        };
        from_compact(&c, &resolver)
    }

    // ------------------------------------------------------------------ strings

    pub fn string(&self, id: u32) -> Option<&str> {
        self.strings.get(&self.buf, id)
    }

    pub fn num_terms(&self) -> u32 {
        self.terms.len()
    }

    pub fn term(&self, id: u32) -> Option<&str> {
        self.terms.get(&self.buf, id)
    }

    /// `Ok(id)` if the term exists, else `Err(insertion point)` (terms are sorted by bytes).
    pub fn find_term(&self, s: &str) -> Result<u32, u32> {
        self.terms.find(&self.buf, s.as_bytes())
    }

    /// Like [`Index::find_term`] for any byte string (e.g. an exclusive upper bound of a prefix).
    pub fn find_term_bytes(&self, s: &[u8]) -> Result<u32, u32> {
        self.terms.find(&self.buf, s)
    }

    // ------------------------------------------------------------------ paths

    pub fn path(&self, p: PathId) -> Option<PathView<'_>> {
        self.paths.get(p as usize).map(|d| PathView {
            index: self,
            id: p,
            data: d,
        })
    }

    /// The records holding value `v` of path `p`, ascending, repeated when a record holds it twice.
    pub fn occurrences(&self, p: PathId, v: u32) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_each_occurrence(p, &[v], &mut |r, _| out.push(r));
        out.sort_unstable();
        out
    }

    /// Number of occurrences of value `v` of path `p` (records, counted with repetition).
    pub fn occurrence_count(&self, p: PathId, v: u32) -> u32 {
        let Some(d) = self.paths.get(p as usize) else {
            return 0;
        };
        match d.storage {
            Storage::Unique => {
                if v as usize >= d.first.len() {
                    return 0;
                }
                if !d.has_extras(v) {
                    return 1;
                }
                let s = d.extras.partition_point(|&(x, _)| x < v);
                let e = d.extras.partition_point(|&(x, _)| x <= v);
                1 + (e - s) as u32
            }
            Storage::Column | Storage::Grouped(_) => {
                let mut n = 0;
                self.for_each_occurrence(p, &[v], &mut |_, _| n += 1);
                n
            }
        }
    }

    /// Calls `f(record)` for every occurrence of value `v` in path `p`: [`Index::for_each_occurrence`] for
    /// one value, with a static call per record.
    #[inline]
    pub fn for_each_record_of(&self, p: PathId, v: u32, mut f: impl FnMut(u32)) {
        self.for_each_record_of_each(p, core::iter::once(v), |_, r| f(r));
    }

    /// Calls `f(k, record)` for every occurrence of the `k`-th of `values` in path `p`, the path looked up
    /// once (the block join of the quick search maps every matching child to its records).
    #[inline]
    pub fn for_each_record_of_each(
        &self,
        p: PathId,
        values: impl Iterator<Item = u32>,
        mut f: impl FnMut(usize, u32),
    ) {
        let Some(d) = self.paths.get(p as usize) else {
            return;
        };
        for (k, v) in values.enumerate() {
            match d.storage {
                Storage::Unique => d.unique_records(v, |r| f(k, r)),
                Storage::Column | Storage::Grouped(_) => {
                    self.for_each_occurrence(p, &[v], &mut |r, _| f(k, r))
                }
            }
        }
    }

    /// Calls `f(record, value)` for every occurrence of any of `values` (sorted, distinct) in path `p`.
    /// The order is unspecified (by value for value-stored paths, by record for columns).
    pub fn for_each_occurrence(&self, p: PathId, values: &[u32], f: &mut dyn FnMut(u32, u32)) {
        let Some(d) = self.paths.get(p as usize) else {
            return;
        };
        match d.storage {
            Storage::Unique => {
                for &v in values {
                    d.unique_records(v, |r| f(r, v));
                }
            }
            Storage::Grouped(g) => {
                let Some(group) = self.groups.get(g as usize) else {
                    return;
                };
                if values.is_empty() {
                    return;
                }
                // Tuples holding a wanted value, then the records holding those tuples.
                let mut wanted = vec![false; d.dict.len()];
                for &v in values {
                    if let Some(x) = wanted.get_mut(v as usize) {
                        *x = true;
                    }
                }
                let w = d.width as usize;
                let member = self.buf.get(d.column.clone()).unwrap_or(&[]);
                let tuple_value: Vec<u32> = member
                    .chunks_exact(w)
                    .map(|c| {
                        let v = read_width(c);
                        if v != u32::MAX && wanted.get(v as usize).copied().unwrap_or(false) {
                            v
                        } else {
                            u32::MAX
                        }
                    })
                    .collect();
                if tuple_value.iter().all(|&v| v == u32::MAX) {
                    return;
                }
                let gw = group.width as usize;
                let col = self.buf.get(group.column.clone()).unwrap_or(&[]);
                for (r, c) in col.chunks_exact(gw).enumerate() {
                    let t = read_width(c);
                    if let Some(&v) = tuple_value.get(t as usize) {
                        if v != u32::MAX {
                            f(r as u32, v);
                        }
                    }
                }
            }
            Storage::Column => {
                if values.is_empty() {
                    return;
                }
                let col = self.column_bytes(d);
                let w = d.width as usize;
                let n_values = d.dict.len();
                // A bitmap of wanted values when several, a comparison when one.
                let mut wanted = vec![false; if values.len() > 1 { n_values } else { 0 }];
                for &v in values {
                    if let Some(x) = wanted.get_mut(v as usize) {
                        *x = true;
                    }
                }
                let single = values[0];
                let is_wanted = |v: u32| {
                    if values.len() == 1 {
                        v == single
                    } else {
                        wanted.get(v as usize).copied().unwrap_or(false)
                    }
                };
                match &d.column_offsets {
                    None => {
                        for (r, c) in col.chunks_exact(w).enumerate() {
                            let v = read_width(c);
                            if v != u32::MAX && is_wanted(v) {
                                f(r as u32, v);
                            }
                        }
                    }
                    Some(offs) => {
                        for r in 0..offs.len().saturating_sub(1) {
                            for i in offs[r]..offs[r + 1] {
                                let at = i as usize * w;
                                let Some(c) = col.get(at..at + w) else { break };
                                let v = read_width(c);
                                if is_wanted(v) {
                                    f(r as u32, v);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ postings

    /// The postings segments of a term (one per path holding it).
    pub fn segments(&self, term: u32) -> SegmentIter<'_> {
        self.postings.segments(&self.buf, term)
    }

    /// The segments of `term` in the four name paths (`names_ids.name`). Segments come in ascending path
    /// order (the builder writes them so) and the name paths are the first four, so the walk stops at the
    /// first other path instead of skipping over the values of every other path holding the term.
    pub fn name_segments(&self, term: u32) -> impl Iterator<Item = Segment<'_>> {
        self.segments(term)
            .take_while(|s| s.path < schema::paths::NAMES.end)
    }

    /// The segment of `term` for path `p`, if any.
    pub fn segment(&self, term: u32, p: PathId) -> Option<Segment<'_>> {
        self.segments(term).find(|s| s.path == p)
    }

    /// Builds now what is otherwise built on first use: the postings of lazy paths and the exact-value
    /// lookup tables (e.g. while a page is idle after its first answer).
    pub fn warm(&self) {
        for p in 0..self.num_paths() {
            let _ = self.lazy(p);
            if let Some(pv) = self.path(p) {
                let _ = pv.find_str("");
            }
        }
    }

    /// The term dictionary of a root text path: the stored one, or, for a lazy path, the one built from
    /// its values (on first use).
    pub fn text_terms(&self, p: PathId) -> TermSpace<'_> {
        match self.lazy(p) {
            Some(l) => TermSpace::Lazy(l),
            None => TermSpace::Stored(self),
        }
    }

    /// The values of path `p` holding `term` (an id in [`Index::text_terms`] of `p`).
    pub fn entries(&self, p: PathId, term: u32) -> Entries<'_> {
        match self.lazy(p) {
            Some(l) => Entries::Lazy(l.entries(term).iter()),
            None => match self.segment(term, p) {
                Some(seg) => Entries::Stored(Box::new(seg.entries())),
                None => Entries::Lazy([].iter()),
            },
        }
    }

    fn lazy(&self, p: PathId) -> Option<&LazyPostings> {
        let d = self.paths.get(p as usize)?;
        if !d.lazy {
            return None;
        }
        Some(d.lazy_postings.get_or_init(|| {
            let view = PathView {
                index: self,
                id: p,
                data: d,
            };
            let analyzer = path_analyzer(d.mapping).unwrap_or(crate::text::Analyzer::Standard);
            let mut l = LazyPostings::build(analyzer, view.len(), |v| view.str_value(v));
            // Record norms, as the builder computes them for stored paths: the byte of the summed length
            // of a record's values, kept only if some record has several.
            let n = self.num_records() as usize;
            let mut sums = vec![0u32; n];
            let mut counts = vec![0u32; n];
            let all: Vec<u32> = (0..view.len()).collect();
            self.for_each_occurrence(p, &all, &mut |r, v| {
                if let Some(s) = sums.get_mut(r as usize) {
                    *s = s.saturating_add(l.lengths.get(v as usize).copied().unwrap_or(0));
                    counts[r as usize] += 1;
                }
            });
            if counts.iter().any(|&c| c > 1) {
                l.rec_norms = sums.into_iter().map(super::schema::int_to_byte4).collect();
            }
            l
        }))
    }

    // ------------------------------------------------------------------ stats and facets

    /// BM25 statistics of the ES field `view` of path `p`.
    pub fn field_stats(&self, p: PathId, view: View) -> FieldStats {
        let Some(d) = self.paths.get(p as usize) else {
            return FieldStats::default();
        };
        d.mapping
            .fields()
            .iter()
            .position(|(v, _)| *v == view)
            .and_then(|i| d.stats.get(i).copied())
            .unwrap_or_default()
    }

    /// BM25 statistics of `names_ids.name`.
    pub fn names_name_stats(&self) -> FieldStats {
        self.names_name_stats
    }

    /// The value numbers record `r` holds in a column path (empty for value-stored paths).
    pub fn column_values(&self, p: PathId, r: u32) -> ColumnValues<'_> {
        let empty = ColumnValues {
            bytes: &[],
            width: 2,
        };
        let Some(d) = self.paths.get(p as usize) else {
            return empty;
        };
        let w = d.width as usize;
        if let Storage::Grouped(g) = d.storage {
            let Some(group) = self.groups.get(g as usize) else {
                return empty;
            };
            let gw = group.width as usize;
            let t = self
                .buf
                .get(group.column.clone())
                .and_then(|c| c.get(r as usize * gw..r as usize * gw + gw))
                .map_or(u32::MAX, read_width);
            if t == u32::MAX {
                return empty;
            }
            let Some(member) = self.buf.get(d.column.clone()) else {
                return empty;
            };
            let bytes = member
                .get(t as usize * w..t as usize * w + w)
                .unwrap_or(&[]);
            return ColumnValues { bytes, width: w };
        }
        if d.storage != Storage::Column {
            return empty;
        }
        record_values(d, self.column_bytes(d), r)
    }

    /// A `Column` path's values of record `r` as stored (derived labels unresolved).
    fn raw_column_values<'a>(&'a self, d: &'a PathData, r: u32) -> ColumnValues<'a> {
        if d.storage != Storage::Column {
            return ColumnValues {
                bytes: &[],
                width: 2,
            };
        }
        record_values(d, self.buf.get(d.column.clone()).unwrap_or(&[]), r)
    }

    /// The values of a `Column` path: in place, or (derived labels) resolved on first use.
    fn column_bytes<'a>(&'a self, d: &'a PathData) -> &'a [u8] {
        if d.derived_labels {
            return d.resolved.get_or_init(|| self.resolve_labels(d));
        }
        self.buf.get(d.column.clone()).unwrap_or(&[])
    }

    /// The `relationships.label` column with each [`DERIVED_LABEL`] replaced by the value number of the
    /// target record's name: `relationships.id` value at the same position → its string → the record
    /// with that `id` → its `name` string → the label value with that string. What does not resolve (a
    /// damaged index) becomes "no value", and the record then fails to decode rather than show a wrong
    /// label.
    fn resolve_labels(&self, d: &PathData) -> Vec<u8> {
        let mut col = self.buf.get(d.column.clone()).unwrap_or(&[]).to_vec();
        let (Some(ids), Some(name_path)) = (
            self.path_id("relationships.id")
                .and_then(|q| self.paths.get(q as usize)),
            self.paths.get(schema::paths::NAME as usize),
        ) else {
            return col;
        };
        let (Dict::Str(name_sids), Dict::Str(label_sids)) = (&name_path.dict, &d.dict) else {
            return col;
        };
        if ids.storage != Storage::Column || ids.width != 2 {
            return col;
        }
        let id_col = self.buf.get(ids.column.clone()).unwrap_or(&[]);
        // Record → its name's string.
        let mut name_of = vec![u32::MAX; self.num_records() as usize];
        for (v, &r) in name_path.first.iter().enumerate() {
            if let (Some(slot), Some(&sid)) = (name_of.get_mut(r as usize), name_sids.get(v)) {
                *slot = sid;
            }
        }
        for &(v, r) in &name_path.extras {
            if let (Some(slot), Some(&sid)) =
                (name_of.get_mut(r as usize), name_sids.get(v as usize))
            {
                *slot = sid;
            }
        }
        // Name string → label value.
        let mut label_of: Vec<u64> = label_sids
            .iter()
            .enumerate()
            .map(|(v, &sid)| ((sid as u64) << 32) | v as u64)
            .collect();
        label_of.sort_unstable();
        let span = |p: &PathData, r: usize| match &p.column_offsets {
            None => Some((r, r + 1)),
            Some(offs) => Some((*offs.get(r)? as usize, *offs.get(r + 1)? as usize)),
        };
        for r in 0..self.num_records() as usize {
            let (Some((s, e)), Some((is, ie))) = (span(d, r), span(ids, r)) else {
                break;
            };
            for k in 0..e.saturating_sub(s) {
                let at = (s + k) * 2;
                let Some(c) = col.get(at..at + 2) else { break };
                if u16::from_le_bytes([c[0], c[1]]) != DERIVED_LABEL {
                    continue;
                }
                let target = (ie - is == e - s)
                    .then(|| id_col.get((is + k) * 2..(is + k) * 2 + 2))
                    .flatten()
                    .map(read_width)
                    .and_then(|v| self.relationship_target(ids, v))
                    .and_then(|t| name_of.get(t as usize))
                    .and_then(|&sid| {
                        let i = label_of.partition_point(|&x| (x >> 32) < sid as u64);
                        label_of
                            .get(i)
                            .filter(|&&x| (x >> 32) == sid as u64)
                            .map(|&x| x as u32)
                    });
                let v = target.map_or(u16::MAX, |v| v as u16);
                col[at..at + 2].copy_from_slice(&v.to_le_bytes());
            }
        }
        col
    }

    /// The record that value `v` of `relationships.id` (path data `ids`) names, if it is in the index.
    fn relationship_target(&self, ids: &PathData, v: u32) -> Option<u32> {
        let Dict::Str(id_sids) = &ids.dict else {
            return None;
        };
        let sid = *id_sids.get(v as usize)?;
        self.record_of_ror()
            .get(sid.wrapping_sub(self.strings.count) as usize)
            .copied()
            .filter(|&t| t != u32::MAX)
    }

    /// ROR id strings (numbered after the plain strings) → records, from the `id` path; built on first use.
    fn record_of_ror(&self) -> &[u32] {
        self.record_of_ror.get_or_init(|| {
            let plain = self.strings.count;
            let mut record_of = vec![u32::MAX; self.strings.ror.len() as usize];
            if let Some(id_path) = self.paths.get(schema::paths::ID as usize) {
                if let Dict::Str(own_sids) = &id_path.dict {
                    for (v, &sid) in own_sids.iter().enumerate() {
                        if let (Some(slot), Some(&r)) = (
                            record_of.get_mut(sid.wrapping_sub(plain) as usize),
                            id_path.first.get(v),
                        ) {
                            *slot = r;
                        }
                    }
                }
            }
            record_of
        })
    }

    /// The label a [`DERIVED_LABEL`] entry at position `k` of record `r` stands for: the name of the record
    /// that the `relationships.id` value at the same position names. What a page shows is resolved this
    /// way, one label at a time, so the first answer does not wait for the whole column (`resolve_labels`,
    /// which only searches over the labels need).
    fn derived_label(&self, r: u32, k: usize) -> Option<&str> {
        let ids = self.path_id("relationships.id")?;
        let v = self.column_values(ids, r).nth(k)?;
        let t = self.relationship_target(self.paths.get(ids as usize)?, v)?;
        let names = self.paths.get(schema::paths::NAME as usize)?;
        // A record has one name: the value first met in it, or else a repeat listed in `extras`.
        let first_here = names.values_before(t);
        let nv = if names.first.get(first_here as usize) == Some(&t) {
            first_here
        } else {
            names.extras.iter().find(|&&(_, rr)| rr == t)?.0
        };
        self.path(schema::paths::NAME)?.str_value(nv)
    }

    /// Calls `f` with every distinct `names_ids.id` child value and its string: the external ids, then the
    /// three forms of every `id` value (once per value, however many records hold it).
    pub fn for_each_names_id_value(&self, f: &mut dyn FnMut(NamesIdValue, &str)) {
        if let Some(pv) = self.path(schema::paths::NAMES_IDS_ID) {
            for v in 0..pv.len() {
                if let Some(s) = pv.str_value(v) {
                    f(NamesIdValue::Ext(v), s);
                }
            }
        }
        if let Some(pv) = self.path(schema::paths::ID) {
            for v in 0..pv.len() {
                let Some(id) = pv.str_value(v) else { continue };
                for (form, s) in super::records::id_forms(id).iter().enumerate() {
                    f(
                        NamesIdValue::Form {
                            id: v,
                            form: form as u8,
                        },
                        s,
                    );
                }
            }
        }
    }

    /// False if no `names_ids.id` child value (external ids, and the three forms of every ROR id) starts
    /// with `prefix`, judged by its first two bytes. A prefix query on the quick search's `names_ids.id`
    /// otherwise compares every one of those ~250,000 values: a typed name (`Universida*`) never matches
    /// them, and this answers that without the scan (built on first use by one scan).
    pub fn names_id_may_start_with(&self, prefix: &[u8]) -> bool {
        let starts = self.names_id_starts.get_or_init(|| {
            let mut st = StartBytes::default();
            self.for_each_names_id_value(&mut |_, s| st.add(s.as_bytes()));
            st
        });
        starts.may_start_with(prefix)
    }

    /// The facet columns (status, country code, types) of every record, decoded once.
    fn facets(&self) -> &Facets {
        self.facets.get_or_init(|| {
            let n = self.num_records();
            let mut f = Facets {
                status: Vec::with_capacity(n as usize),
                country: Vec::with_capacity(n as usize),
                types_off: Vec::with_capacity(n as usize + 1),
                types: Vec::new(),
            };
            f.types_off.push(0);
            for r in 0..n {
                f.status.push(
                    self.column_values(schema::paths::STATUS, r)
                        .next()
                        .unwrap_or(u32::MAX),
                );
                f.country.push(
                    self.column_values(schema::paths::COUNTRY_CODE, r)
                        .next()
                        .unwrap_or(u32::MAX),
                );
                for t in self.column_values(schema::paths::TYPES, r) {
                    // A record lists a type once in the aggregation even if its data repeats it.
                    let start = *f.types_off.last().unwrap_or(&0) as usize;
                    if !f.types[start..].contains(&t) {
                        f.types.push(t);
                    }
                }
                f.types_off.push(f.types.len() as u32);
            }
            f
        })
    }

    /// Per record: the value number of its status (`status` path), if any.
    pub fn status_of(&self, r: u32) -> Option<u32> {
        self.facets()
            .status
            .get(r as usize)
            .copied()
            .filter(|&v| v != u32::MAX)
    }

    /// Per record: the value number of its country code (`country.country_code` path), if any.
    pub fn country_of(&self, r: u32) -> Option<u32> {
        self.facets()
            .country
            .get(r as usize)
            .copied()
            .filter(|&v| v != u32::MAX)
    }

    /// Per record: the value numbers of its types (`types` path), each once.
    pub fn types_of(&self, r: u32) -> &[u32] {
        let f = self.facets();
        match (f.types_off.get(r as usize), f.types_off.get(r as usize + 1)) {
            (Some(&s), Some(&e)) => f.types.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A distinct `names_ids.id` child value (see [`Index::for_each_names_id_value`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamesIdValue {
    /// Value `v` of the `names_ids.id` path (an external id).
    Ext(u32),
    /// Form `form` (see `id_forms`) of value `id` of the `id` path.
    Form { id: u32, form: u8 },
}

/// The first byte and the first two bytes of a set of strings, as bitsets.
#[derive(Debug)]
struct StartBytes {
    first: [u64; 4],
    pairs: Box<[u64]>,
}

impl Default for StartBytes {
    fn default() -> Self {
        StartBytes {
            first: [0; 4],
            pairs: vec![0; 1 << 10].into_boxed_slice(),
        }
    }
}

impl StartBytes {
    /// Adds a string (the empty string needs nothing: only the empty prefix, always allowed, fits it).
    fn add(&mut self, s: &[u8]) {
        match s {
            [] => {}
            [a] => set_bit(&mut self.first, *a as usize),
            [a, b, ..] => {
                set_bit(&mut self.first, *a as usize);
                set_bit(&mut self.pairs, (*a as usize) << 8 | *b as usize);
            }
        }
    }

    /// False if no string of the set can start with `prefix`.
    fn may_start_with(&self, prefix: &[u8]) -> bool {
        match prefix {
            [] => true,
            [a] => has_bit(&self.first, *a as usize),
            [a, b, ..] => has_bit(&self.pairs, (*a as usize) << 8 | *b as usize),
        }
    }
}

fn set_bit(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

fn has_bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// The facet columns, decoded for fast counting over every match.
#[derive(Debug, Default)]
struct Facets {
    status: Vec<u32>,
    country: Vec<u32>,
    types_off: Vec<u32>,
    types: Vec<u32>,
}

fn read_width(c: &[u8]) -> u32 {
    match c {
        [a, b] => {
            let v = u16::from_le_bytes([*a, *b]);
            if v == u16::MAX {
                u32::MAX
            } else {
                v as u32
            }
        }
        [a, b, c, d] => u32::from_le_bytes([*a, *b, *c, *d]),
        _ => u32::MAX,
    }
}

/// The values a record holds in a column path.
pub struct ColumnValues<'a> {
    bytes: &'a [u8],
    width: usize,
}

impl Iterator for ColumnValues<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        loop {
            if self.bytes.len() < self.width {
                return None;
            }
            let (c, rest) = self.bytes.split_at(self.width);
            self.bytes = rest;
            let v = read_width(c);
            if v != u32::MAX {
                return Some(v);
            }
        }
    }
}

impl PathNames for Index {
    fn path_id(&self, name: &str) -> Option<PathId> {
        self.by_name
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| self.by_name[i].1)
    }
}

/// Resolves the reference codes of one record's skeleton (see `records.rs`), with per-path cursors.
struct Resolver<'a> {
    index: &'a Index,
    record: u32,
    /// Per path: for value-stored paths the number of "new" values consumed so far in this record; for
    /// column paths the position within the record's values.
    cursor: RefCell<Vec<u32>>,
    /// Per value-stored path: the number of values first met before this record (u32::MAX: not yet known).
    base: RefCell<Vec<u32>>,
}

impl Resolver<'_> {
    fn value(&self, path: PathId, code: u32) -> Option<u32> {
        let d = self.index.paths.get(path as usize)?;
        let mut cursor = self.cursor.borrow_mut();
        let k = cursor.get_mut(path as usize)?;
        match d.storage {
            Storage::Unique => {
                if code == 0 {
                    // The values first met in this record come right after those first met before it.
                    let mut bases = self.base.borrow_mut();
                    let base = match bases.get_mut(path as usize) {
                        Some(b) if *b != u32::MAX => *b,
                        Some(b) => {
                            *b = d.values_before(self.record);
                            *b
                        }
                        None => return None,
                    };
                    let v = base + *k;
                    *k += 1;
                    Some(v)
                } else {
                    Some(code - 1)
                }
            }
            Storage::Column | Storage::Grouped(_) => {
                let v = if d.derived_labels {
                    // In place: a DERIVED_LABEL entry is resolved by `str_value`.
                    self.index
                        .raw_column_values(d, self.record)
                        .nth(*k as usize)
                } else {
                    self.index.column_values(path, self.record).nth(*k as usize)
                };
                *k += 1;
                v
            }
        }
    }
}

impl PathNames for Resolver<'_> {
    fn path_id(&self, name: &str) -> Option<PathId> {
        self.index.path_id(name)
    }
}

impl ValueSource for Resolver<'_> {
    fn str_value(&self, path: PathId, code: u32) -> Option<&str> {
        let at = self.cursor.borrow().get(path as usize).copied()?;
        let v = self.value(path, code)?;
        let d = self.index.paths.get(path as usize)?;
        if d.derived_labels && v == DERIVED_LABEL as u32 {
            return self.index.derived_label(self.record, at as usize);
        }
        self.index.path(path)?.str_value(v)
    }
    fn int_value(&self, path: PathId, code: u32) -> Option<i64> {
        let v = self.value(path, code)?;
        self.index.path(path)?.int_value(v)
    }
    fn float_value(&self, path: PathId, code: u32) -> Option<f64> {
        let v = self.value(path, code)?;
        self.index.path(path)?.float_value(v)
    }
    fn string(&self, id: u32) -> Option<&str> {
        self.index.string(id)
    }
}

/// One path of a loaded index.
#[derive(Clone, Copy)]
pub struct PathView<'a> {
    index: &'a Index,
    pub id: PathId,
    data: &'a PathData,
}

impl<'a> PathView<'a> {
    pub fn name(&self) -> &'a str {
        &self.data.name
    }
    pub fn kind(&self) -> ValueKind {
        self.data.kind
    }
    pub fn mapping(&self) -> Mapping {
        self.data.mapping
    }
    /// Number of distinct values.
    pub fn len(&self) -> u32 {
        self.data.dict.len() as u32
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn str_value(&self, no: u32) -> Option<&'a str> {
        match &self.data.dict {
            Dict::Str(ids) => self.index.string(*ids.get(no as usize)?),
            _ => None,
        }
    }
    pub fn int_value(&self, no: u32) -> Option<i64> {
        match &self.data.dict {
            Dict::Int(v) => v.get(no as usize).copied(),
            _ => None,
        }
    }
    pub fn float_value(&self, no: u32) -> Option<f64> {
        match &self.data.dict {
            Dict::Float(v) => v.get(no as usize).copied(),
            _ => None,
        }
    }
    pub fn bool_value(&self, no: u32) -> Option<bool> {
        match &self.data.dict {
            Dict::Bool(v) => v.get(no as usize).copied(),
            _ => None,
        }
    }
    /// The value number of a string value (hash lookup, the table built on first use).
    pub fn find_str(&self, s: &str) -> Option<u32> {
        let Dict::Str(ids) = &self.data.dict else {
            return None;
        };
        if !self.data.summary.may_hold(s.as_bytes()) {
            return None;
        }
        let table = self.data.lookup.get_or_init(|| {
            let size = (ids.len() * 2).next_power_of_two().max(16);
            let mut t = vec![0u32; size];
            for (v, &id) in ids.iter().enumerate() {
                let Some(st) = self.index.strings.bytes(&self.index.buf, id) else {
                    continue;
                };
                let mut at = hash(st) as usize & (size - 1);
                while t[at] != 0 {
                    at = (at + 1) & (size - 1);
                }
                t[at] = v as u32 + 1;
            }
            t
        });
        let size = table.len();
        if size == 0 {
            return None;
        }
        let mut at = hash(s.as_bytes()) as usize & (size - 1);
        loop {
            let slot = table[at];
            if slot == 0 {
                return None;
            }
            let id = ids.get(slot as usize - 1).copied().unwrap_or(u32::MAX);
            if self.index.strings.bytes(&self.index.buf, id) == Some(s.as_bytes()) {
                return Some(slot - 1);
            }
            at = (at + 1) & (size - 1);
        }
    }
    /// The norm byte of value `no` (text paths).
    pub fn norm(&self, no: u32) -> u8 {
        self.norms().get(no as usize).copied().unwrap_or(0)
    }
    /// The norm bytes of the values, by value number (text paths; empty otherwise).
    pub fn norms(&self) -> &'a [u8] {
        if self.data.lazy {
            return self.index.lazy(self.id).map_or(&[], |l| &l.norms[..]);
        }
        self.index.buf.get(self.data.norms.clone()).unwrap_or(&[])
    }
    /// The norm byte of record `r` in this field, if the path keeps per-record norms.
    pub fn record_norm(&self, r: u32) -> Option<u8> {
        if self.data.lazy {
            return self
                .index
                .lazy(self.id)
                .and_then(|l| l.rec_norms.get(r as usize))
                .copied();
        }
        if self.data.rec_norms.is_empty() {
            return None;
        }
        self.index
            .buf
            .get(self.data.rec_norms.clone())
            .and_then(|n| n.get(r as usize))
            .copied()
    }
    pub fn has_record_norms(&self) -> bool {
        if self.data.lazy {
            return self
                .index
                .lazy(self.id)
                .is_some_and(|l| !l.rec_norms.is_empty());
        }
        !self.data.rec_norms.is_empty()
    }
    /// True when values are stored as a column (few distinct values) rather than by first occurrence.
    pub fn is_column(&self) -> bool {
        self.data.storage != Storage::Unique
    }
}

/// Where every 16th term's postings start in the four streams (see `Body`).
#[derive(Debug, Default)]
struct Postings {
    paths: Range<usize>,
    counts: Range<usize>,
    values: Range<usize>,
    exceptions: Range<usize>,
    terms: u32,
    /// Per run of `POSTING_RUN` terms: its start offsets into the paths, counts, values and exceptions
    /// streams (then the streams' ends).
    runs: Vec<[u32; 4]>,
    /// Per run, filled when one of its terms is first read: the offsets of each block of [`BLOCK`] terms
    /// (empty if the run is inconsistent with its marks).
    blocks: Vec<OnceCell<Box<[[u32; 4]]>>>,
}

const BLOCK: u32 = 16;

/// Cursors into the four postings streams.
#[derive(Clone, Copy)]
struct PostCursor<'a> {
    paths: Reader<'a>,
    counts: Reader<'a>,
    values: Reader<'a>,
    exceptions: Reader<'a>,
}

impl<'a> PostCursor<'a> {
    /// Skips `k` exceptions.
    fn skip_exceptions(r: &mut Reader<'a>, k: u64) -> Option<()> {
        for _ in 0..k {
            r.read()?;
            let code = r.read()?;
            if code & 1 == 1 {
                r.read()?;
            }
        }
        Some(())
    }

    /// Moves past one term's postings.
    fn skip_term(&mut self) -> Option<()> {
        let nseg = self.paths.read()?;
        for _ in 0..nseg {
            self.paths.read()?;
            let n = self.counts.read()?;
            let k = self.counts.read()?;
            self.values.skip(n)?;
            Self::skip_exceptions(&mut self.exceptions, k)?;
        }
        Some(())
    }
}

impl Postings {
    fn load(buf: &[u8], body: &Body<'_>, terms: u32) -> Result<Postings, IndexError> {
        let streams = [
            range_of(buf, body.post_paths),
            range_of(buf, body.post_counts),
            range_of(buf, body.post_values),
            range_of(buf, body.post_exceptions),
        ];
        let n_runs = terms.div_ceil(POSTING_RUN) as usize;
        let mut runs = Vec::with_capacity(n_runs + 1);
        let mut at = streams.clone().map(|r| r.start);
        runs.push(at.map(|x| x as u32));
        let mut r = Reader::new(body.post_marks);
        for _ in 0..n_runs {
            for (a, s) in at.iter_mut().zip(&streams) {
                let len = r
                    .read()
                    .ok_or_else(|| corrupt("postings run marks end early".into()))?;
                *a = a
                    .checked_add(len as usize)
                    .filter(|&e| e <= s.end)
                    .ok_or_else(|| corrupt("postings runs overflow their streams".into()))?;
            }
            runs.push(at.map(|x| x as u32));
        }
        if !r.is_empty() || at.iter().zip(&streams).any(|(a, s)| *a != s.end) {
            return Err(corrupt("postings runs do not add up to the streams".into()));
        }
        let mut blocks = Vec::new();
        blocks.resize_with(n_runs, OnceCell::new);
        let [paths, counts, values, exceptions] = streams;
        Ok(Postings {
            paths,
            counts,
            values,
            exceptions,
            terms,
            runs,
            blocks,
        })
    }

    /// A cursor at the given offsets of the four streams (clamped into them).
    fn cursor_at<'a>(&self, buf: &'a [u8], at: &[u32; 4]) -> PostCursor<'a> {
        let from = |at: u32, r: &Range<usize>| {
            let s = (at as usize).clamp(r.start, r.end);
            Reader::new(buf.get(s..r.end).unwrap_or(&[]))
        };
        PostCursor {
            paths: from(at[0], &self.paths),
            counts: from(at[1], &self.counts),
            values: from(at[2], &self.values),
            exceptions: from(at[3], &self.exceptions),
        }
    }

    /// The block offsets of run `run`, found by reading its terms; `None` if the run does not end where
    /// its marks say.
    fn run_blocks(&self, buf: &[u8], run: usize) -> Option<Box<[[u32; 4]]>> {
        let (start, end) = (self.runs.get(run)?, self.runs.get(run + 1)?);
        let mut c = self.cursor_at(buf, start);
        let pos = |c: &PostCursor<'_>| {
            [
                start[0] + c.paths.position() as u32,
                start[1] + c.counts.position() as u32,
                start[2] + c.values.position() as u32,
                start[3] + c.exceptions.position() as u32,
            ]
        };
        let n = (self.terms - run as u32 * POSTING_RUN).min(POSTING_RUN);
        let mut out = Vec::with_capacity(n.div_ceil(BLOCK) as usize);
        for t in 0..n {
            if t % BLOCK == 0 {
                out.push(pos(&c));
            }
            c.skip_term()?;
        }
        (pos(&c) == *end).then(|| out.into_boxed_slice())
    }

    fn segments<'a>(&self, buf: &'a [u8], term: u32) -> SegmentIter<'a> {
        let empty = SegmentIter {
            c: None,
            left: 0,
            pending: (0, 0),
        };
        let run = (term / POSTING_RUN) as usize;
        let Some(cell) = self.blocks.get(run) else {
            return empty;
        };
        let blocks = cell.get_or_init(|| self.run_blocks(buf, run).unwrap_or_default());
        let Some(block) = blocks.get(((term % POSTING_RUN) / BLOCK) as usize) else {
            return empty;
        };
        let mut c = self.cursor_at(buf, block);
        for _ in 0..term % BLOCK {
            if c.skip_term().is_none() {
                return empty;
            }
        }
        let Some(nseg) = c.paths.read() else {
            return empty;
        };
        SegmentIter {
            c: Some(c),
            left: nseg,
            pending: (0, 0),
        }
    }
}

/// The postings of one term within one path.
#[derive(Clone, Copy)]
pub struct Segment<'a> {
    pub path: PathId,
    n: u32,
    k: u32,
    values: Reader<'a>,
    exceptions: Reader<'a>,
}

impl core::fmt::Debug for Segment<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Segment {{ path: {}, entries: {} }}", self.path, self.n)
    }
}

pub struct SegmentIter<'a> {
    c: Option<PostCursor<'a>>,
    left: u64,
    /// The entry and exception counts of the segment returned last, skipped only when the next one is
    /// asked for (a walk that stops early never skips them).
    pending: (u64, u64),
}

impl<'a> Iterator for SegmentIter<'a> {
    type Item = Segment<'a>;
    fn next(&mut self) -> Option<Segment<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let c = self.c.as_mut()?;
        let (pn, pk) = core::mem::take(&mut self.pending);
        c.values.skip(pn)?;
        PostCursor::skip_exceptions(&mut c.exceptions, pk)?;
        let path = c.paths.read()?.min(PathId::MAX as u64) as PathId;
        let n = c.counts.next_u32()?;
        let k = c.counts.next_u32()?;
        self.pending = (n as u64, k as u64);
        let values = c.values;
        let exceptions = c.exceptions;
        Some(Segment {
            path,
            n,
            k,
            values,
            exceptions,
        })
    }
}

impl<'a> Segment<'a> {
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.n as usize
    }
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The entries: value numbers from the value stream; counts default to one original token, except for
    /// the listed exceptions (entry index delta, `(count << 1) | folded`, original count if folded).
    pub fn entries(&self) -> impl Iterator<Item = SegmentEntry> + 'a {
        let (n, mut values, mut exceptions) = (self.n, self.values, self.exceptions);
        let mut exc_left = self.k;
        let mut exc_at = 0u32;
        let mut fetch = move || -> Option<(u32, u32, u32)> {
            if exc_left == 0 {
                return None;
            }
            exc_left -= 1;
            exc_at = exc_at.saturating_add(exceptions.next_u32()?);
            let code = exceptions.next_u32()?;
            let count = code >> 1;
            let original = if code & 1 == 1 {
                exceptions.next_u32()?
            } else {
                count
            };
            Some((exc_at, count, original))
        };
        let mut next_exc = fetch();
        let mut value = 0u32;
        let mut i = 0u32;
        core::iter::from_fn(move || {
            if i >= n {
                return None;
            }
            let d = values.next_u32()?;
            value = if i == 0 { d } else { value.saturating_add(d) };
            let (mut count, mut original) = (1, 1);
            if let Some((at, c, o)) = next_exc {
                if at == i {
                    count = c;
                    original = o;
                    next_exc = fetch();
                }
            }
            i += 1;
            Some(SegmentEntry {
                value,
                count,
                original,
            })
        })
    }
}

/// A term dictionary: the index's stored terms or a lazy path's own.
#[derive(Clone, Copy)]
pub enum TermSpace<'a> {
    Stored(&'a Index),
    Lazy(&'a LazyPostings),
}

impl<'a> TermSpace<'a> {
    pub fn len(&self) -> u32 {
        match self {
            TermSpace::Stored(i) => i.num_terms(),
            TermSpace::Lazy(l) => l.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn term(&self, id: u32) -> Option<&'a str> {
        match self {
            TermSpace::Stored(i) => i.term(id),
            TermSpace::Lazy(l) => l.term(id),
        }
    }
    /// `Ok(id)` or `Err(insertion point)`; terms are sorted by bytes.
    pub fn find(&self, s: &[u8]) -> Result<u32, u32> {
        match self {
            TermSpace::Stored(i) => i.find_term_bytes(s),
            TermSpace::Lazy(l) => l.find(s),
        }
    }
}

/// The entries of a term in one path.
pub enum Entries<'a> {
    Stored(Box<dyn Iterator<Item = SegmentEntry> + 'a>),
    Lazy(core::slice::Iter<'a, SegmentEntry>),
}

impl Iterator for Entries<'_> {
    type Item = SegmentEntry;
    fn next(&mut self) -> Option<SegmentEntry> {
        match self {
            Entries::Stored(it) => it.next(),
            Entries::Lazy(it) => it.next().copied(),
        }
    }
}
