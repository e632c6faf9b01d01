//! A loaded index: the file bytes plus the small lookup tables built at load time (string offsets,
//! per-path dictionaries and occurrence offsets, postings offsets, record offsets, facet columns).
//!
//! Key decision: blobs stay in the one `Vec<u8>` the file was read into; the body is decoded with
//! postcard's zero-copy borrowing and every blob is remembered as a byte range, so loading costs one pass
//! over the varint length tables and never materialises records or postings. Every accessor is total.

use core::ops::Range;

use super::body::{Body, FieldStats};
use super::records::{from_compact, CRecord, PathNames, ValueSource};
use super::schema::{self, Mapping, PathId, ValueKind, View, STATIC_PATHS};
use super::varint::{unzigzag, Reader};
use super::{IndexError, IndexInfo};
use crate::record::Record;

/// A table of sorted strings: offsets into the file buffer.
#[derive(Debug, Default)]
struct Table {
    /// `count + 1` offsets into the index buffer.
    offsets: Vec<u32>,
}

impl Table {
    fn load(
        buf: &[u8],
        lens: &[u8],
        bytes: &[u8],
        count: u32,
        what: &str,
    ) -> Result<Table, IndexError> {
        let base = range_of(buf, bytes).start;
        let mut offsets = Vec::with_capacity(count as usize + 1);
        let mut r = Reader::new(lens);
        let mut at = base;
        offsets.push(at as u32);
        for _ in 0..count {
            let len = r
                .next()
                .ok_or_else(|| corrupt(format!("{what} table: lengths end early")))?
                as usize;
            at = at
                .checked_add(len)
                .ok_or_else(|| corrupt(format!("{what} table overflows")))?;
            offsets.push(at as u32);
        }
        if at != base + bytes.len() {
            return Err(corrupt(format!(
                "{what} table: lengths do not add up to the string bytes"
            )));
        }
        // Strings must be UTF-8 so that accessors can hand out &str without checks at query time.
        if core::str::from_utf8(bytes).is_err() {
            return Err(corrupt(format!("{what} table is not UTF-8")));
        }
        // Every string must start on a character boundary (not on a UTF-8 continuation byte).
        for &o in &offsets[..offsets.len().saturating_sub(1)] {
            if buf.get(o as usize).is_some_and(|&b| (b as i8) < -0x40) {
                return Err(corrupt(format!("{what} table splits a character")));
            }
        }
        Ok(Table { offsets })
    }

    fn len(&self) -> u32 {
        self.offsets.len().saturating_sub(1) as u32
    }

    fn get<'a>(&self, buf: &'a [u8], id: u32) -> Option<&'a str> {
        let start = *self.offsets.get(id as usize)? as usize;
        let end = *self.offsets.get(id as usize + 1)? as usize;
        // Validated as UTF-8 at load.
        core::str::from_utf8(buf.get(start..end)?).ok()
    }

    /// Binary search; `Ok(id)` or `Err(insertion point)`.
    fn find(&self, buf: &[u8], s: &str) -> Result<u32, u32> {
        let (mut lo, mut hi) = (0u32, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let m = self.get(buf, mid).unwrap_or("");
            match m.as_bytes().cmp(s.as_bytes()) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }
}

/// The distinct values of a path, decoded at load.
#[derive(Debug)]
pub(crate) enum Dict {
    /// Value-string ids (ascending, so the values sort like their strings).
    Str(Vec<u32>),
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
}

#[derive(Debug)]
struct PathData {
    name: String,
    kind: ValueKind,
    mapping: Mapping,
    dict: Dict,
    occ: Range<usize>,
    /// `count + 1` offsets into `occ`.
    occ_offsets: Vec<u32>,
    norms: Range<usize>,
    rec_norms: Range<usize>,
    stats: Vec<FieldStats>,
}

/// A loaded index.
#[derive(Debug)]
pub struct Index {
    buf: Vec<u8>,
    info: IndexInfo,
    values: Table,
    terms: Table,
    paths: Vec<PathData>,
    /// Path names sorted, with their ids.
    by_name: Vec<(String, PathId)>,
    dynamic_schemes: Vec<String>,
    postings: Range<usize>,
    postings_offsets: Vec<u32>,
    records: Range<usize>,
    record_offsets: Vec<u32>,
    names_name_stats: FieldStats,
    /// Facet columns: per record, the value number of its status / country code (u32::MAX: none).
    status_col: Vec<u32>,
    country_col: Vec<u32>,
    /// Per record, its `types` value numbers: `types_flat[types_off[r]..types_off[r + 1]]`.
    types_off: Vec<u32>,
    types_flat: Vec<u32>,
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

fn lens_to_offsets(
    buf: &[u8],
    lens: &[u8],
    blob: &[u8],
    count: usize,
    what: &str,
) -> Result<Vec<u32>, IndexError> {
    let base = range_of(buf, blob).start;
    let mut offsets = Vec::with_capacity(count + 1);
    let mut r = Reader::new(lens);
    let mut at = base;
    offsets.push(at as u32);
    while !r.is_empty() {
        let len = r
            .next()
            .ok_or_else(|| corrupt(format!("{what}: lengths do not decode")))?
            as usize;
        at = at
            .checked_add(len)
            .ok_or_else(|| corrupt(format!("{what} overflow")))?;
        offsets.push(at as u32);
    }
    if at != base + blob.len() {
        return Err(corrupt(format!("{what}: lengths do not add up")));
    }
    Ok(offsets)
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
        let values = Table::load(
            &buf,
            body.values.lens,
            body.values.bytes,
            body.values.count,
            "value",
        )?;
        let terms = Table::load(
            &buf,
            body.terms.lens,
            body.terms.bytes,
            body.terms.count,
            "term",
        )?;

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
        let mut paths = Vec::with_capacity(defs.len());
        for ((name, kind, mapping), blob) in defs.into_iter().zip(body.paths.iter()) {
            let count = blob.count as usize;
            let mut r = Reader::new(blob.dict);
            let dict = match kind {
                ValueKind::Str => {
                    let mut v = Vec::with_capacity(count);
                    let mut last = 0u64;
                    for i in 0..count {
                        let d = r
                            .next()
                            .ok_or_else(|| corrupt(format!("{name}: dictionary ends early")))?;
                        last = if i == 0 { d } else { last.saturating_add(d) };
                        if last >= values.len() as u64 {
                            return Err(corrupt(format!("{name}: value id out of range")));
                        }
                        v.push(last as u32);
                    }
                    Dict::Str(v)
                }
                ValueKind::Int => {
                    let mut v = Vec::with_capacity(count);
                    let mut last = 0i64;
                    for _ in 0..count {
                        let d = r
                            .next()
                            .ok_or_else(|| corrupt(format!("{name}: dictionary ends early")))?;
                        last = last.wrapping_add(unzigzag(d));
                        v.push(last);
                    }
                    Dict::Int(v)
                }
                ValueKind::Float => {
                    if blob.dict.len() != count * 8 {
                        return Err(corrupt(format!(
                            "{name}: float dictionary has the wrong size"
                        )));
                    }
                    Dict::Float(
                        blob.dict
                            .chunks_exact(8)
                            .map(|c| {
                                let mut b = [0u8; 8];
                                b.copy_from_slice(c);
                                f64::from_le_bytes(b)
                            })
                            .collect(),
                    )
                }
                ValueKind::Bool => Dict::Bool(blob.dict.iter().map(|&b| b != 0).collect()),
            };
            // Occurrence offsets: one pass over the counts and record numbers.
            let occ_range = range_of(&buf, blob.occ);
            let mut occ_offsets = Vec::with_capacity(count + 1);
            let mut r = Reader::new(blob.occ);
            for _ in 0..count {
                occ_offsets.push((occ_range.start + r.position()) as u32);
                let n = r
                    .next()
                    .ok_or_else(|| corrupt(format!("{name}: occurrences end early")))?;
                for _ in 0..n {
                    r.next()
                        .ok_or_else(|| corrupt(format!("{name}: occurrences end early")))?;
                }
            }
            occ_offsets.push((occ_range.start + r.position()) as u32);
            let norms = range_of(&buf, blob.norms);
            let rec_norms = range_of(&buf, blob.rec_norms);
            if mapping.text_analyzer().is_some() && norms.len() != count {
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
                dict,
                occ: occ_range,
                occ_offsets,
                norms,
                rec_norms,
                stats: blob.stats.clone(),
            });
        }
        let mut by_name: Vec<(String, PathId)> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i as PathId))
            .collect();
        by_name.sort();

        let postings = range_of(&buf, body.postings);
        let postings_offsets = lens_to_offsets(
            &buf,
            body.postings_lens,
            body.postings,
            terms.len() as usize,
            "postings",
        )?;
        if postings_offsets.len() != terms.len() as usize + 1 {
            return Err(corrupt("postings do not match the term count".into()));
        }
        let records = range_of(&buf, body.records);
        let record_offsets =
            lens_to_offsets(&buf, body.record_lens, body.records, n_records, "records")?;
        if record_offsets.len() != n_records + 1 {
            return Err(corrupt(format!(
                "{} records stored, the header says {}",
                record_offsets.len() - 1,
                n_records
            )));
        }
        let names_name_stats = body.names_name_stats;
        let dynamic_schemes = body.dynamic_schemes.iter().map(|s| s.to_string()).collect();

        let mut index = Index {
            buf: Vec::new(),
            info,
            values,
            terms,
            paths,
            by_name,
            dynamic_schemes,
            postings,
            postings_offsets,
            records,
            record_offsets,
            names_name_stats,
            status_col: Vec::new(),
            country_col: Vec::new(),
            types_off: Vec::new(),
            types_flat: Vec::new(),
        };
        index.buf = buf;
        index.build_facet_columns();
        Ok(index)
    }

    fn build_facet_columns(&mut self) {
        let n = self.num_records() as usize;
        let mut status = vec![u32::MAX; n];
        let mut country = vec![u32::MAX; n];
        for (path, col) in [
            (schema::paths::STATUS, &mut status),
            (schema::paths::COUNTRY_CODE, &mut country),
        ] {
            let count = self.path_len(path);
            for v in 0..count {
                for r in self.occurrences(path, v) {
                    if let Some(c) = col.get_mut(r as usize) {
                        *c = v;
                    }
                }
            }
        }
        let types = schema::paths::TYPES;
        let mut counts = vec![0u32; n + 1];
        for v in 0..self.path_len(types) {
            let mut last = u32::MAX;
            for r in self.occurrences(types, v) {
                if r != last && (r as usize) < n {
                    counts[r as usize + 1] += 1;
                }
                last = r;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut fill = counts.clone();
        let mut flat = vec![0u32; counts[n] as usize];
        for v in 0..self.path_len(types) {
            let mut last = u32::MAX;
            for r in self.occurrences(types, v) {
                if r != last && (r as usize) < n {
                    let at = &mut fill[r as usize];
                    if let Some(slot) = flat.get_mut(*at as usize) {
                        *slot = v;
                    }
                    *at += 1;
                }
                last = r;
            }
        }
        self.status_col = status;
        self.country_col = country;
        self.types_off = counts;
        self.types_flat = flat;
    }

    // ------------------------------------------------------------------ general

    pub fn info(&self) -> &IndexInfo {
        &self.info
    }

    /// The size of the index file in bytes.
    pub fn byte_len(&self) -> usize {
        self.buf.len()
    }

    pub fn num_records(&self) -> u32 {
        self.record_offsets.len().saturating_sub(1) as u32
    }

    pub fn num_paths(&self) -> PathId {
        self.paths.len() as PathId
    }

    pub fn dynamic_schemes(&self) -> &[String] {
        &self.dynamic_schemes
    }

    /// The record in dump position `r`, or `None` if out of range (or damaged).
    pub fn record(&self, r: u32) -> Option<Record> {
        let start = *self.record_offsets.get(r as usize)? as usize;
        let end = *self.record_offsets.get(r as usize + 1)? as usize;
        let bytes = self.buf.get(start..end)?;
        let c: CRecord = postcard::from_bytes(bytes).ok()?;
        from_compact(&c, self)
    }

    // ------------------------------------------------------------------ strings

    pub fn string(&self, id: u32) -> Option<&str> {
        self.values.get(&self.buf, id)
    }

    pub fn string_id(&self, s: &str) -> Option<u32> {
        self.values.find(&self.buf, s).ok()
    }

    pub fn num_terms(&self) -> u32 {
        self.terms.len()
    }

    pub fn term(&self, id: u32) -> Option<&str> {
        self.terms.get(&self.buf, id)
    }

    /// `Ok(id)` if the term exists, else `Err(insertion point)`.
    pub fn find_term(&self, s: &str) -> Result<u32, u32> {
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

    fn path_len(&self, p: PathId) -> u32 {
        self.paths
            .get(p as usize)
            .map_or(0, |d| d.occ_offsets.len().saturating_sub(1) as u32)
    }

    /// The records holding value `v` of path `p`, ascending, repeated when a record holds it twice.
    pub fn occurrences(&self, p: PathId, v: u32) -> Occurrences<'_> {
        let empty = Occurrences {
            r: Reader::new(&[]),
            left: 0,
            last: 0,
            first: true,
        };
        let Some(d) = self.paths.get(p as usize) else {
            return empty;
        };
        let (Some(&s), Some(&e)) = (
            d.occ_offsets.get(v as usize),
            d.occ_offsets.get(v as usize + 1),
        ) else {
            return empty;
        };
        let Some(bytes) = self.buf.get(s as usize..e as usize) else {
            return empty;
        };
        let mut r = Reader::new(bytes);
        let left = r.next().unwrap_or(0);
        Occurrences {
            r,
            left,
            last: 0,
            first: true,
        }
    }

    /// Number of occurrences of value `v` of path `p` (records, counted with repetition).
    pub fn occurrence_count(&self, p: PathId, v: u32) -> u32 {
        let Some(d) = self.paths.get(p as usize) else {
            return 0;
        };
        let Some(&s) = d.occ_offsets.get(v as usize) else {
            return 0;
        };
        let Some(bytes) = self.buf.get(s as usize..) else {
            return 0;
        };
        Reader::new(bytes).next_u32().unwrap_or(0)
    }

    // ------------------------------------------------------------------ postings

    /// The postings segments of a term (one per path holding it).
    pub fn segments(&self, term: u32) -> SegmentIter<'_> {
        let empty = SegmentIter {
            header: Reader::new(&[]),
            body: &[],
            at: 0,
            left: 0,
        };
        let (Some(&s), Some(&e)) = (
            self.postings_offsets.get(term as usize),
            self.postings_offsets.get(term as usize + 1),
        ) else {
            return empty;
        };
        let Some(bytes) = self.buf.get(s as usize..e as usize) else {
            return empty;
        };
        let mut header = Reader::new(bytes);
        let n = header.next().unwrap_or(0);
        // The header is n pairs of varints; the bodies follow it.
        let mut probe = header;
        for _ in 0..n.saturating_mul(2) {
            if probe.next().is_none() {
                return empty;
            }
        }
        let body_start = probe.position();
        SegmentIter {
            header,
            body: &bytes[body_start.min(bytes.len())..],
            at: 0,
            left: n,
        }
    }

    /// The segment of `term` for path `p`, if any.
    pub fn segment(&self, term: u32, p: PathId) -> Option<Segment<'_>> {
        self.segments(term).find(|s| s.path == p)
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

    /// Per record: the value number of its status (`status` path), if any.
    pub fn status_of(&self, r: u32) -> Option<u32> {
        self.status_col
            .get(r as usize)
            .copied()
            .filter(|&v| v != u32::MAX)
    }

    /// Per record: the value number of its country code (`country.country_code` path), if any.
    pub fn country_of(&self, r: u32) -> Option<u32> {
        self.country_col
            .get(r as usize)
            .copied()
            .filter(|&v| v != u32::MAX)
    }

    /// Per record: the value numbers of its types (`types` path), each once.
    pub fn types_of(&self, r: u32) -> &[u32] {
        let (Some(&s), Some(&e)) = (
            self.types_off.get(r as usize),
            self.types_off.get(r as usize + 1),
        ) else {
            return &[];
        };
        self.types_flat.get(s as usize..e as usize).unwrap_or(&[])
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

impl ValueSource for Index {
    fn str_value(&self, path: PathId, no: u32) -> Option<&str> {
        self.path(path)?.str_value(no)
    }
    fn int_value(&self, path: PathId, no: u32) -> Option<i64> {
        self.path(path)?.int_value(no)
    }
    fn float_value(&self, path: PathId, no: u32) -> Option<f64> {
        self.path(path)?.float_value(no)
    }
    fn string(&self, id: u32) -> Option<&str> {
        Index::string(self, id)
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
        self.data.occ_offsets.len().saturating_sub(1) as u32
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub(crate) fn dict(&self) -> &'a Dict {
        &self.data.dict
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
    /// The value number of a string value (binary search over the dictionary).
    pub fn find_str(&self, s: &str) -> Option<u32> {
        let Dict::Str(ids) = &self.data.dict else {
            return None;
        };
        let id = self.index.string_id(s)?;
        ids.binary_search(&id).ok().map(|i| i as u32)
    }
    /// The value numbers whose strings fall in `[lo, hi)` of the global string order, as a range.
    pub fn str_range(&self, ids: Range<u32>) -> Range<u32> {
        let Dict::Str(v) = &self.data.dict else {
            return 0..0;
        };
        let s = v.partition_point(|&x| x < ids.start) as u32;
        let e = v.partition_point(|&x| x < ids.end) as u32;
        s..e.max(s)
    }
    /// The norm byte of value `no` (text paths).
    pub fn norm(&self, no: u32) -> u8 {
        self.index
            .buf
            .get(self.data.norms.clone())
            .and_then(|n| n.get(no as usize))
            .copied()
            .unwrap_or(0)
    }
    /// The norm byte of record `r` in this field, if the path keeps per-record norms.
    pub fn record_norm(&self, r: u32) -> Option<u8> {
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
        !self.data.rec_norms.is_empty()
    }
}

/// Iterator over the records of one value.
pub struct Occurrences<'a> {
    r: Reader<'a>,
    left: u64,
    last: u32,
    first: bool,
}

impl Iterator for Occurrences<'_> {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let d = self.r.next_u32()?;
        self.last = if self.first {
            d
        } else {
            self.last.saturating_add(d)
        };
        self.first = false;
        Some(self.last)
    }
}

/// The postings of one term within one path.
#[derive(Clone, Copy, Debug)]
pub struct Segment<'a> {
    pub path: PathId,
    pub bytes: &'a [u8],
}

pub struct SegmentIter<'a> {
    header: Reader<'a>,
    body: &'a [u8],
    at: usize,
    left: u64,
}

impl<'a> Iterator for SegmentIter<'a> {
    type Item = Segment<'a>;
    fn next(&mut self) -> Option<Segment<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let path = self.header.next()?.min(PathId::MAX as u64) as PathId;
        let len = self.header.next()? as usize;
        let end = self.at.checked_add(len)?;
        let bytes = self.body.get(self.at..end)?;
        self.at = end;
        Some(Segment { path, bytes })
    }
}

/// One value holding a term: its number and its occurrences (positions with the original flag).
#[derive(Clone, Copy, Debug)]
pub struct SegmentEntry<'a> {
    pub value: u32,
    /// Number of occurrences (positions).
    pub count: u32,
    positions: Reader<'a>,
}

impl<'a> SegmentEntry<'a> {
    /// `(position, original)` of every occurrence, ascending.
    pub fn positions(&self) -> impl Iterator<Item = (u32, bool)> + 'a {
        let mut r = self.positions;
        let mut pos = 0u32;
        (0..self.count).map_while(move |_| {
            let v = r.next()?;
            pos = pos.saturating_add((v >> 1).min(u32::MAX as u64) as u32);
            Some((pos, v & 1 == 1))
        })
    }
    /// Occurrences as an original token (the standard analyzer's term frequency).
    pub fn original_count(&self) -> u32 {
        self.positions().filter(|p| p.1).count() as u32
    }
}

impl<'a> Segment<'a> {
    pub fn entries(&self) -> impl Iterator<Item = SegmentEntry<'a>> + 'a {
        let mut r = Reader::new(self.bytes);
        let mut value = 0u32;
        let mut first = true;
        core::iter::from_fn(move || {
            let d = r.next_u32()?;
            value = if first { d } else { value.saturating_add(d) };
            first = false;
            let count = r.next_u32()?;
            let positions = r;
            for _ in 0..count {
                r.next()?;
            }
            Some(SegmentEntry {
                value,
                count,
                positions,
            })
        })
    }
}
