//! Reading what users download: the official zip, a bare `.json`, or `.json.gz`; v1 or v2 schema.
//! Dump bytes → records, with progress and errors that name the record. Pure: no file system, so the npm
//! package can run it in wasm too.
//!
//! Decisions:
//! - Streaming: the member is inflated a chunk at a time and records are read as their text arrives
//!   ([`crate::record::RecordReader`] over [`JsonChunks`]), so the 146 MB of dump JSON is never held whole.
//!   In wasm this matters twice: linear memory never shrinks, so a peak is kept for the page's lifetime.
//! - The container is told by content, never by a file name: `PK` + 3,4 or 5,6 is a zip, `1f 8b` a gzip,
//!   anything starting (after white space) with `[` or `{` is JSON.
//! - Zip and gzip are parsed by hand (central directory, local headers, gzip header fields) and inflated with
//!   `miniz_oxide`; CRC-32 and length are checked when the member ends. Zip64, encryption, split archives and
//!   methods other than store/deflate are refused with an error saying so.
//! - Which zip member: official zips of v1.45–v1.74 hold a v1 JSON, a `_schema_v2` JSON and a CSV side by
//!   side. The v1 API served v1 records, so a v1 member is preferred when there is one, else the v2 member.
//!   With several JSON members the schema of each is sniffed from its first 64 KiB; with one it is taken.
//! - The schema is decided by content on the first record (`record::RecordReader`).
//! - Release and date come from the member (or gzip) name `vX.Y[.Z]-YYYY-MM-DD-ror-data…`; the bundled
//!   dumps have fixed names, so both are `None` for them.

use crate::record::{ChunkedError, JsonChunks, ReadError, Record, RecordPos, RecordReader, Schema};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};
use std::collections::BTreeMap;
use std::fmt;

/// How the dump was packed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Zip,
    Gzip,
    Json,
}

/// A dump, read.
#[derive(Clone, Debug, PartialEq)]
pub struct Dump {
    /// In dump order (v2 records already converted to v1).
    pub records: Vec<Record>,
    pub schema: Schema,
    pub container: Container,
    /// The zip member name, or the file name stored in a gzip header; empty when unknown.
    pub source: String,
    /// `v1.74` from a name like `v1.74-2025-11-24-ror-data.json`.
    pub release: Option<String>,
    /// `2025-11-24` from the same name.
    pub date: Option<String>,
}

/// `done` of `total` bytes of the input (the downloaded file) read. Reported every MiB or 1%, starting
/// with `done == 0` and ending with `done == total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DumpError {
    /// No bytes, or only white space.
    Empty,
    /// Not a zip, gzip or JSON file.
    UnknownContainer { first_bytes: Vec<u8> },
    /// A zip file that cannot be read.
    Zip { reason: String },
    /// A zip feature this reader does not have.
    ZipUnsupported { member: String, reason: String },
    /// A zip without any `.json` member.
    NoJsonMember { members: Vec<String> },
    /// A gzip file that cannot be read.
    Gzip { reason: String },
    /// Compressed data that does not inflate.
    Inflate { member: String, reason: String },
    /// Inflated data whose CRC-32 or length is not the one recorded.
    Checksum { member: String, reason: String },
    /// Invalid JSON, or a record that does not fit its schema.
    Read(ReadError),
    /// A JSON array without records.
    NoRecords,
    /// Two records with the same `id`.
    DuplicateId {
        id: String,
        first: RecordPos,
        second: RecordPos,
    },
}

impl fmt::Display for DumpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DumpError::Empty => f.write_str("the dump is empty"),
            DumpError::UnknownContainer { first_bytes } => {
                f.write_str("not a zip, gzip or JSON file (it starts with")?;
                for b in first_bytes {
                    write!(f, " {b:02x}")?;
                }
                f.write_str(")")
            }
            DumpError::Zip { reason } => write!(f, "broken zip file: {reason}"),
            DumpError::ZipUnsupported { member, reason } => {
                write!(f, "zip member {member:?}: {reason} is not supported")
            }
            DumpError::NoJsonMember { members } => {
                write!(
                    f,
                    "the zip holds no .json member (members: {})",
                    members.join(", ")
                )
            }
            DumpError::Gzip { reason } => write!(f, "broken gzip file: {reason}"),
            DumpError::Inflate { member, reason } => {
                write!(f, "{member}: cannot decompress: {reason}")
            }
            DumpError::Checksum { member, reason } => write!(f, "{member}: corrupt data: {reason}"),
            DumpError::Read(e) => e.fmt(f),
            DumpError::NoRecords => f.write_str("the dump holds no records (an empty JSON array)"),
            DumpError::DuplicateId { id, first, second } => {
                write!(f, "duplicate id {id}: {first} and {second}")
            }
        }
    }
}

impl std::error::Error for DumpError {}

impl From<ReadError> for DumpError {
    fn from(e: ReadError) -> Self {
        DumpError::Read(e)
    }
}

impl From<ChunkedError<DumpError>> for DumpError {
    fn from(e: ChunkedError<DumpError>) -> Self {
        match e {
            ChunkedError::Read(e) => DumpError::Read(e),
            ChunkedError::Source(e) => e,
        }
    }
}

/// Reads a dump: zip, gzip or JSON; v1 or v2 records.
pub fn read_dump(bytes: &[u8]) -> Result<Dump, DumpError> {
    read_dump_with_progress(bytes, &mut |_| {})
}

/// [`read_dump`], reporting progress every MiB or 1% of the input, whichever comes first.
pub fn read_dump_with_progress(
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Dump, DumpError> {
    let total = bytes.len() as u64;
    progress(Progress { done: 0, total });
    let mut reader = DumpReader::new(bytes)?;
    let mut records = Vec::new();
    let step = (total / 100).clamp(1, MIB as u64);
    let mut reported = 0;
    while let Some(r) = reader.next() {
        records.push(r?);
        let done = reader.progress().done;
        if done - reported >= step {
            reported = done;
            progress(Progress { done, total });
        }
    }
    progress(Progress { done: total, total });
    Ok(Dump {
        records,
        schema: reader.schema,
        container: reader.container,
        source: reader.source,
        release: reader.release,
        date: reader.date,
    })
}

/// The records of a dump, one at a time (what [`read_dump`] collects), for callers that index as they read.
/// Fused: after an error it yields nothing more.
pub struct DumpReader<'a> {
    reader: RecordReader<'static, Source<'a>>,
    total: usize,
    schema: Schema,
    container: Container,
    source: String,
    release: Option<String>,
    date: Option<String>,
    /// Every id read so far and where, to refuse a repeat.
    seen: BTreeMap<String, RecordPos>,
    failed: bool,
}

impl<'a> DumpReader<'a> {
    /// Finds the JSON (unpacking a zip or gzip), opens the array and decides the schema.
    pub fn new(bytes: &'a [u8]) -> Result<Self, DumpError> {
        let (container, src, source) = open(bytes)?;
        let reader = RecordReader::from_chunks(src)?;
        let schema = reader.schema().ok_or(DumpError::NoRecords)?;
        let (release, date) = release_and_date(&source);
        Ok(DumpReader {
            reader,
            total: bytes.len(),
            schema,
            container,
            source,
            release,
            date,
            seen: BTreeMap::new(),
            failed: false,
        })
    }

    pub fn schema(&self) -> Schema {
        self.schema
    }

    pub fn container(&self) -> Container {
        self.container
    }

    /// The zip member name or gzip file name (empty when unknown).
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn release(&self) -> Option<&str> {
        self.release.as_deref()
    }

    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }

    /// Input bytes read so far.
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.reader.source().consumed() as u64,
            total: self.total as u64,
        }
    }

    fn next_record(&mut self) -> Result<Option<Record>, DumpError> {
        let Some(record) = self.reader.next().transpose()? else {
            return Ok(None);
        };
        let pos = self.reader.last_pos();
        if let Some(first) = self.seen.get(&record.id) {
            return Err(DumpError::DuplicateId {
                id: record.id,
                first: *first,
                second: pos,
            });
        }
        self.seen.insert(record.id.clone(), pos);
        Ok(Some(record))
    }
}

impl Iterator for DumpReader<'_> {
    type Item = Result<Record, DumpError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let r = self.next_record().transpose();
        self.failed = matches!(r, Some(Err(_)));
        r
    }
}

/// The container, the source of the JSON text, and its name.
fn open(bytes: &[u8]) -> Result<(Container, Source<'_>, String), DumpError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let (name, src) = open_zip(bytes)?;
        return Ok((Container::Zip, src, name));
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let gz = Gzip::open(bytes)?;
        let name = gz.name.clone();
        return Ok((Container::Gzip, Source::Gzip(gz), name));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match body
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        None => Err(DumpError::Empty),
        Some(b'[' | b'{') => Ok((
            Container::Json,
            Source::Slice {
                data: bytes,
                pos: 0,
            },
            String::new(),
        )),
        Some(_) => Err(DumpError::UnknownContainer {
            first_bytes: bytes.iter().take(8).copied().collect(),
        }),
    }
}

/// The whole content a dump file unpacks to (a zip's JSON member, a gzip's data, or the bytes themselves):
/// for tests and tools that need the text itself.
pub fn unpack(bytes: &[u8]) -> Result<Vec<u8>, DumpError> {
    let (_, mut src, _) = match open(bytes) {
        Err(DumpError::UnknownContainer { .. }) => return Ok(bytes.to_vec()),
        other => other?,
    };
    let mut out = Vec::new();
    while src.fill(&mut out)? {}
    Ok(out)
}

const MIB: usize = 1 << 20;

/// Text handed to the record reader per call.
const CHUNK: usize = 256 * 1024;

/// `("v1.74", "2025-11-24")` from `…/v1.74-2025-11-24-ror-data.json` (also `.json.gz`, `_schema_v2.json`).
pub fn release_and_date(name: &str) -> (Option<String>, Option<String>) {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let parse = || -> Option<(String, String)> {
        let rest = base.strip_prefix('v')?;
        let (version, rest) = rest.split_once('-')?;
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if version.split('.').count() < 2 || !version.split('.').all(numeric) {
            return None;
        }
        let date = rest.get(..10)?;
        let b = date.as_bytes();
        let date_ok = b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        if !date_ok || !rest[10..].starts_with("-ror-data") {
            return None;
        }
        Some((format!("v{version}"), date.to_owned()))
    };
    match parse() {
        Some((r, d)) => (Some(r), Some(d)),
        None => (None, None),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Sources of JSON text

/// Where the JSON text of a dump comes from.
enum Source<'a> {
    /// The input is the JSON (copied a chunk at a time into the reader's window).
    Slice {
        data: &'a [u8],
        pos: usize,
    },
    /// A stored zip member.
    Stored {
        data: &'a [u8],
        pos: usize,
        offset: usize,
        crc: crc32fast::Hasher,
        expected_crc: u32,
        name: String,
    },
    /// A deflated zip member.
    Zip {
        inflater: Inflater<'a>,
        offset: usize,
        expected_crc: u32,
        size: u32,
        name: String,
    },
    Gzip(Gzip<'a>),
}

impl Source<'_> {
    /// Input bytes consumed (for progress).
    fn consumed(&self) -> usize {
        match self {
            Source::Slice { pos, .. } => *pos,
            Source::Stored { pos, offset, .. } => offset + pos,
            Source::Zip {
                inflater, offset, ..
            } => offset + inflater.pos,
            Source::Gzip(g) => g.start + g.inflater.pos,
        }
    }
}

impl JsonChunks for Source<'_> {
    type Error = DumpError;

    fn fill(&mut self, buf: &mut Vec<u8>) -> Result<bool, DumpError> {
        match self {
            Source::Slice { data, pos } => {
                let piece = &data[*pos..(*pos + CHUNK).min(data.len())];
                buf.extend_from_slice(piece);
                *pos += piece.len();
                Ok(!piece.is_empty())
            }
            Source::Stored {
                data,
                pos,
                crc,
                expected_crc,
                name,
                ..
            } => {
                let piece = &data[*pos..(*pos + CHUNK).min(data.len())];
                buf.extend_from_slice(piece);
                crc.update(piece);
                *pos += piece.len();
                if piece.is_empty() {
                    check_crc(crc.clone().finalize(), *expected_crc, name)?;
                }
                Ok(!piece.is_empty())
            }
            Source::Zip {
                inflater,
                expected_crc,
                size,
                name,
                ..
            } => {
                if inflater.done {
                    return Ok(false);
                }
                inflater.fill(buf, name)?;
                if inflater.done {
                    check_crc(inflater.crc.clone().finalize(), *expected_crc, name)?;
                    if inflater.out != u64::from(*size) {
                        return Err(DumpError::Checksum {
                            member: name.clone(),
                            reason: format!(
                                "{} bytes inflated, the zip directory says {size}",
                                inflater.out
                            ),
                        });
                    }
                }
                Ok(true)
            }
            Source::Gzip(g) => g.fill(buf),
        }
    }
}

/// A raw deflate stream inflated a chunk at a time (32 KiB window kept by `InflateState`).
struct Inflater<'a> {
    data: &'a [u8],
    pos: usize,
    state: Box<InflateState>,
    crc: crc32fast::Hasher,
    out: u64,
    done: bool,
}

impl<'a> Inflater<'a> {
    fn new(data: &'a [u8]) -> Self {
        Inflater {
            data,
            pos: 0,
            state: InflateState::new_boxed(DataFormat::Raw),
            crc: crc32fast::Hasher::new(),
            out: 0,
            done: false,
        }
    }

    /// Appends up to [`CHUNK`] inflated bytes (at least one unless the stream ends).
    fn fill(&mut self, buf: &mut Vec<u8>, name: &str) -> Result<(), DumpError> {
        let err = |reason: String| DumpError::Inflate {
            member: name.to_owned(),
            reason,
        };
        let old = buf.len();
        buf.resize(old + CHUNK, 0);
        let mut written = 0;
        while written < CHUNK && !self.done {
            let input = self.data.get(self.pos..).unwrap_or(&[]);
            let r = inflate(
                &mut self.state,
                input,
                &mut buf[old + written..],
                MZFlush::None,
            );
            self.pos += r.bytes_consumed;
            written += r.bytes_written;
            match r.status {
                Ok(MZStatus::StreamEnd) => self.done = true,
                Ok(_) if r.bytes_consumed == 0 && r.bytes_written == 0 => {
                    let out = self.out + written as u64;
                    return Err(err(format!(
                        "the compressed data ends early (after {out} bytes of output)"
                    )));
                }
                Ok(_) => {}
                Err(MZError::Buf) if self.pos >= self.data.len() => {
                    let out = self.out + written as u64;
                    return Err(err(format!(
                        "the compressed data ends early (after {out} bytes of output)"
                    )));
                }
                Err(e) => {
                    let out = self.out + written as u64;
                    return Err(err(format!(
                        "invalid deflate data ({e:?}) after {out} bytes of output"
                    )));
                }
            }
        }
        self.crc.update(&buf[old..old + written]);
        self.out += written as u64;
        buf.truncate(old + written);
        Ok(())
    }
}

fn check_crc(got: u32, expected: u32, member: &str) -> Result<(), DumpError> {
    if got == expected {
        Ok(())
    } else {
        Err(DumpError::Checksum {
            member: member.to_owned(),
            reason: format!("CRC-32 is {got:08x}, the header says {expected:08x}"),
        })
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

// ---------------------------------------------------------------------------------------------------------
// Zip

struct ZipEntry {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    local_offset: u32,
}

fn zip_error(reason: impl Into<String>) -> DumpError {
    DumpError::Zip {
        reason: reason.into(),
    }
}

/// The central directory of a zip file.
fn zip_entries(b: &[u8]) -> Result<Vec<ZipEntry>, DumpError> {
    const EOCD: u32 = 0x0605_4b50;
    const CDH: u32 = 0x0201_4b50;
    // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
    let lowest = b.len().saturating_sub(22 + 65_535);
    let eocd = (lowest..=b.len().saturating_sub(22))
        .rev()
        .find(|&i| u32_at(b, i) == Some(EOCD))
        .ok_or_else(|| zip_error("no end-of-central-directory record (truncated file?)"))?;
    if eocd >= 20 && u32_at(b, eocd - 20) == Some(0x0706_4b50) {
        return Err(DumpError::ZipUnsupported {
            member: String::new(),
            reason: "zip64 (archives over 4 GiB or 65,535 members)".to_owned(),
        });
    }
    let field = |at: usize| u16_at(b, eocd + at).unwrap_or(0);
    let (disk, cd_disk, on_disk, count) = (field(4), field(6), field(8), field(10));
    let cd_size = u32_at(b, eocd + 12).unwrap_or(0);
    let cd_offset = u32_at(b, eocd + 16).unwrap_or(0);
    if count == 0xFFFF || cd_size == u32::MAX || cd_offset == u32::MAX {
        return Err(DumpError::ZipUnsupported {
            member: String::new(),
            reason: "zip64 (archives over 4 GiB or 65,535 members)".to_owned(),
        });
    }
    if disk != 0 || cd_disk != 0 || on_disk != count {
        return Err(DumpError::ZipUnsupported {
            member: String::new(),
            reason: "a split (multi-disk) archive".to_owned(),
        });
    }
    let mut at = cd_offset as usize;
    if at
        .checked_add(cd_size as usize)
        .is_none_or(|end| end > eocd)
    {
        return Err(zip_error("the central directory lies outside the file"));
    }
    let mut entries = Vec::with_capacity(count as usize);
    for k in 0..count {
        let broken = || zip_error(format!("central directory entry {k} is cut short"));
        if u32_at(b, at) != Some(CDH) {
            return Err(zip_error(format!(
                "central directory entry {k} has a bad signature"
            )));
        }
        let h = |o: usize| u16_at(b, at + o).ok_or_else(broken);
        let w = |o: usize| u32_at(b, at + o).ok_or_else(broken);
        let (name_len, extra_len, comment_len) =
            (h(28)? as usize, h(30)? as usize, h(32)? as usize);
        let name_bytes = b.get(at + 46..at + 46 + name_len).ok_or_else(broken)?;
        entries.push(ZipEntry {
            name: String::from_utf8_lossy(name_bytes).into_owned(),
            flags: h(8)?,
            method: h(10)?,
            crc: w(16)?,
            compressed: w(20)?,
            size: w(24)?,
            local_offset: w(42)?,
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(entries)
}

/// The compressed bytes of a member (after its local header).
fn zip_member_data<'a>(b: &'a [u8], e: &ZipEntry) -> Result<&'a [u8], DumpError> {
    let unsupported = |reason: &str| DumpError::ZipUnsupported {
        member: e.name.clone(),
        reason: reason.to_owned(),
    };
    if e.flags & 1 != 0 {
        return Err(unsupported("encryption"));
    }
    if e.compressed == u32::MAX || e.size == u32::MAX || e.local_offset == u32::MAX {
        return Err(unsupported("zip64 (a member over 4 GiB)"));
    }
    match e.method {
        0 | 8 => {}
        9 => return Err(unsupported("compression method 9 (deflate64)")),
        12 => return Err(unsupported("compression method 12 (bzip2)")),
        14 => return Err(unsupported("compression method 14 (LZMA)")),
        93 => return Err(unsupported("compression method 93 (Zstandard)")),
        m => return Err(unsupported(&format!("compression method {m}"))),
    }
    let at = e.local_offset as usize;
    if u32_at(b, at) != Some(0x0403_4b50) {
        return Err(zip_error(format!(
            "member {:?}: no local header at offset {at}",
            e.name
        )));
    }
    let name_len = u16_at(b, at + 26).unwrap_or(0) as usize;
    let extra_len = u16_at(b, at + 28).unwrap_or(0) as usize;
    let start = at + 30 + name_len + extra_len;
    b.get(start..start + e.compressed as usize)
        .ok_or_else(|| zip_error(format!("member {:?} runs past the end of the file", e.name)))
}

/// The source of a member's content.
fn member_source<'a>(b: &'a [u8], e: &ZipEntry) -> Result<Source<'a>, DumpError> {
    let data = zip_member_data(b, e)?;
    let offset = data.as_ptr() as usize - b.as_ptr() as usize;
    Ok(if e.method == 0 {
        if e.compressed != e.size {
            return Err(zip_error(format!(
                "stored member {:?} has two different sizes",
                e.name
            )));
        }
        Source::Stored {
            data,
            pos: 0,
            offset,
            crc: crc32fast::Hasher::new(),
            expected_crc: e.crc,
            name: e.name.clone(),
        }
    } else {
        Source::Zip {
            inflater: Inflater::new(data),
            offset,
            expected_crc: e.crc,
            size: e.size,
            name: e.name.clone(),
        }
    })
}

/// Whether a member is a JSON file (not a directory, not a macOS resource fork).
fn is_json_member(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    !name.ends_with('/')
        && !name.starts_with("__MACOSX/")
        && !base.starts_with("._")
        && base.len() > 5
        && base[base.len() - 5..].eq_ignore_ascii_case(".json")
}

/// The schema of a member from the first 64 KiB of its content.
fn sniff_member(b: &[u8], e: &ZipEntry) -> Option<Schema> {
    let mut src = member_source(b, e).ok()?;
    let mut prefix = Vec::new();
    while prefix.len() < 64 * 1024 && src.fill(&mut prefix).unwrap_or(false) {}
    crate::record::sniff_schema(&prefix)
}

fn open_zip(b: &[u8]) -> Result<(String, Source<'_>), DumpError> {
    let entries = zip_entries(b)?;
    let json: Vec<&ZipEntry> = entries.iter().filter(|e| is_json_member(&e.name)).collect();
    let chosen = match json.as_slice() {
        [] => {
            return Err(DumpError::NoJsonMember {
                members: entries.iter().map(|e| e.name.clone()).collect(),
            })
        }
        [one] => *one,
        several => {
            let schemas: Vec<Option<Schema>> = several.iter().map(|e| sniff_member(b, e)).collect();
            let pick = schemas
                .iter()
                .position(|s| *s == Some(Schema::V1))
                .or_else(|| schemas.iter().position(|s| *s == Some(Schema::V2)))
                .or_else(|| several.iter().position(|e| !e.name.contains("_schema_v2")))
                .unwrap_or(0);
            several[pick]
        }
    };
    Ok((chosen.name.clone(), member_source(b, chosen)?))
}

// ---------------------------------------------------------------------------------------------------------
// Gzip (RFC 1952)

fn gzip_error(reason: impl Into<String>) -> DumpError {
    DumpError::Gzip {
        reason: reason.into(),
    }
}

/// A gzip file's data, member after member (concatenated members are one stream).
struct Gzip<'a> {
    file: &'a [u8],
    /// Where the current member's deflate data starts.
    start: usize,
    member: usize,
    inflater: Inflater<'a>,
    /// The first member's stored file name.
    name: String,
    finished: bool,
}

impl<'a> Gzip<'a> {
    fn open(file: &'a [u8]) -> Result<Self, DumpError> {
        let (name, start) = gzip_header(file, 0, 0)?;
        Ok(Gzip {
            file,
            start,
            member: 0,
            inflater: Inflater::new(&file[start..]),
            name,
            finished: false,
        })
    }

    fn label(&self) -> &str {
        if self.name.is_empty() {
            "gzip"
        } else {
            &self.name
        }
    }

    fn fill(&mut self, buf: &mut Vec<u8>) -> Result<bool, DumpError> {
        if self.finished {
            return Ok(false);
        }
        let label = self.label().to_owned();
        self.inflater.fill(buf, &label)?;
        if !self.inflater.done {
            return Ok(true);
        }
        // The member ends: its trailer, then another member, zero padding, or the end.
        let trailer = self.start + self.inflater.pos;
        let crc = u32_at(self.file, trailer)
            .ok_or_else(|| gzip_error("the file ends before the CRC-32 trailer"))?;
        let isize = u32_at(self.file, trailer + 4)
            .ok_or_else(|| gzip_error("the file ends before the length trailer"))?;
        check_crc(self.inflater.crc.clone().finalize(), crc, &label)?;
        if isize != self.inflater.out as u32 {
            return Err(DumpError::Checksum {
                member: label,
                reason: format!(
                    "{} bytes inflated, the trailer says {isize} (mod 2^32)",
                    self.inflater.out
                ),
            });
        }
        let next = trailer + 8;
        if self.file[next..].iter().all(|&x| x == 0) {
            self.finished = true; // zero padding after the last member (tape archives do this)
        } else {
            self.member += 1;
            let (_, start) = gzip_header(self.file, next, self.member)?;
            self.start = start;
            self.inflater = Inflater::new(&self.file[start..]);
        }
        Ok(true)
    }
}

/// Parses the gzip member header at `at`; returns the stored file name and where the deflate data starts.
fn gzip_header(b: &[u8], at: usize, member: usize) -> Result<(String, usize), DumpError> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let short = || gzip_error(format!("member {member}: the header is cut short"));
    if b.get(at..at + 2) != Some(&[0x1f, 0x8b]) {
        return Err(gzip_error(format!(
            "member {member}: bad magic bytes (trailing garbage after the data?)"
        )));
    }
    let method = *b.get(at + 2).ok_or_else(short)?;
    if method != 8 {
        return Err(gzip_error(format!(
            "member {member}: compression method {method} (only 8, deflate, exists)"
        )));
    }
    let flags = *b.get(at + 3).ok_or_else(short)?;
    if flags & 0xE0 != 0 {
        return Err(gzip_error(format!(
            "member {member}: reserved header flags set ({flags:#04x})"
        )));
    }
    let mut i = at + 10;
    if i > b.len() {
        return Err(short());
    }
    if flags & FEXTRA != 0 {
        let xlen = u16_at(b, i).ok_or_else(short)? as usize;
        i += 2 + xlen;
    }
    let zstring = |i: &mut usize| -> Result<String, DumpError> {
        let rest = b.get(*i..).ok_or_else(short)?;
        let end = rest.iter().position(|&x| x == 0).ok_or_else(short)?;
        // ISO 8859-1: each byte is the code point.
        let s: String = rest[..end].iter().map(|&c| c as char).collect();
        *i += end + 1;
        Ok(s)
    };
    let name = if flags & FNAME != 0 {
        zstring(&mut i)?
    } else {
        String::new()
    };
    if flags & FCOMMENT != 0 {
        zstring(&mut i)?;
    }
    if flags & FHCRC != 0 {
        i += 2;
    }
    if i > b.len() {
        return Err(short());
    }
    Ok((name, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REC: &str = r#"{"id": "https://ror.org/0abcdef12", "name": "N", "types": [], "status": "active", "addresses": []}"#;

    fn v1_json(ids: &[&str]) -> String {
        let recs: Vec<String> = ids.iter().map(|id| REC.replace("0abcdef12", id)).collect();
        format!("[\n{}\n]", recs.join(",\n"))
    }

    const V2_REC: &str = r#"{"admin": {}, "id": "https://ror.org/0v2000000", "names": [{"value": "V", "types": ["ror_display"], "lang": null}], "types": ["education"], "status": "active", "locations": [{"geonames_id": 1, "geonames_details": null}]}"#;

    /// A zip of `(name, data, method)` members (method 0 stored, 8 deflated, anything else kept as given).
    fn zip(members: &[(&str, &[u8], u16)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut cd = Vec::new();
        for (name, data, method) in members {
            let packed = if *method == 8 {
                miniz_oxide::deflate::compress_to_vec(data, 6)
            } else {
                data.to_vec()
            };
            let crc = crc32fast::hash(data);
            let offset = out.len() as u32;
            let mut common = Vec::new();
            common.extend_from_slice(&20u16.to_le_bytes()); // version needed
            common.extend_from_slice(&0u16.to_le_bytes()); // flags
            common.extend_from_slice(&method.to_le_bytes());
            common.extend_from_slice(&[0, 0, 0, 0]); // time, date
            common.extend_from_slice(&crc.to_le_bytes());
            common.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            common.extend_from_slice(&(data.len() as u32).to_le_bytes());
            common.extend_from_slice(&(name.len() as u16).to_le_bytes());
            common.extend_from_slice(&0u16.to_le_bytes()); // extra length
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            out.extend_from_slice(&common);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&packed);
            cd.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            cd.extend_from_slice(&20u16.to_le_bytes()); // version made by
            cd.extend_from_slice(&common);
            cd.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
            cd.extend_from_slice(&[0; 4]); // external attributes
            cd.extend_from_slice(&offset.to_le_bytes());
            cd.extend_from_slice(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&cd);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        let n = (members.len() as u16).to_le_bytes();
        out.extend_from_slice(&n);
        out.extend_from_slice(&n);
        out.extend_from_slice(&(cd.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    fn gzip(name: Option<&str>, data: &[u8]) -> Vec<u8> {
        let mut out = vec![
            0x1f,
            0x8b,
            8,
            if name.is_some() { 8 } else { 0 },
            0,
            0,
            0,
            0,
            0,
            255,
        ];
        if let Some(n) = name {
            out.extend_from_slice(n.as_bytes());
            out.push(0);
        }
        out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(data, 6));
        out.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out
    }

    fn err(bytes: &[u8]) -> DumpError {
        match read_dump(bytes) {
            Ok(d) => panic!("read {} records", d.records.len()),
            Err(e) => e,
        }
    }

    #[test]
    fn bare_json_zip_and_gzip_read_alike() {
        let json = v1_json(&["0aaaaaa11", "0bbbbbb22"]);
        let plain = read_dump(json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (plain.container, plain.schema, plain.records.len()),
            (Container::Json, Schema::V1, 2)
        );
        assert_eq!(
            (plain.source.as_str(), plain.release.as_deref()),
            ("", None)
        );
        for method in [0, 8] {
            let z = zip(&[("v1.74-2025-11-24-ror-data.json", json.as_bytes(), method)]);
            let d = read_dump(&z).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(d.records, plain.records);
            assert_eq!(d.container, Container::Zip);
            assert_eq!(
                (d.release.as_deref(), d.date.as_deref()),
                (Some("v1.74"), Some("2025-11-24"))
            );
        }
        let g = read_dump(&gzip(
            Some("v1.70-2025-08-26-ror-data.json"),
            json.as_bytes(),
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.records, plain.records);
        assert_eq!(
            (g.container, g.source.as_str(), g.date.as_deref()),
            (
                Container::Gzip,
                "v1.70-2025-08-26-ror-data.json",
                Some("2025-08-26")
            )
        );
        // Two gzip members are one stream.
        let half = json.len() / 2;
        let mut two = gzip(None, &json.as_bytes()[..half]);
        two.extend(gzip(None, &json.as_bytes()[half..]));
        assert_eq!(read_dump(&two).map(|d| d.records), Ok(plain.records));
    }

    #[test]
    fn the_v1_member_is_preferred_over_the_v2_one() {
        let v1 = v1_json(&["0aaaaaa11"]);
        let v2 = format!("[{V2_REC}]");
        let both = zip(&[
            ("v1.60-2025-02-26-ror-data.csv", b"id,name\n", 8),
            ("v1.60-2025-02-26-ror-data_schema_v2.json", v2.as_bytes(), 8),
            ("v1.60-2025-02-26-ror-data.json", v1.as_bytes(), 8),
        ]);
        let d = read_dump(&both).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (d.schema, d.source.as_str()),
            (Schema::V1, "v1.60-2025-02-26-ror-data.json")
        );
        let only_v2 = zip(&[
            ("v2.1-2026-01-15-ror-data.csv", b"x", 0),
            ("v2.1-2026-01-15-ror-data.json", v2.as_bytes(), 8),
        ]);
        let d = read_dump(&only_v2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.schema, d.release.as_deref()), (Schema::V2, Some("v2.1")));
        assert_eq!(d.records[0].name, "V");
        assert_eq!(d.records[0].types, ["Education"]);
    }

    #[test]
    fn zip_errors() {
        let json = v1_json(&["0aaaaaa11"]);
        assert_eq!(
            err(&zip(&[("README.txt", b"hi", 0), ("data.csv", b"a,b", 8)])).to_string(),
            "the zip holds no .json member (members: README.txt, data.csv)"
        );
        let bzip2 = zip(&[("d.json", json.as_bytes(), 12)]);
        assert_eq!(
            err(&bzip2).to_string(),
            "zip member \"d.json\": compression method 12 (bzip2) is not supported"
        );
        let mut encrypted = zip(&[("d.json", json.as_bytes(), 0)]);
        let cd = encrypted.len() - 22 - 46 - "d.json".len();
        encrypted[cd + 8] |= 1;
        assert!(
            matches!(err(&encrypted), DumpError::ZipUnsupported { reason, .. } if reason == "encryption")
        );
        let mut zip64 = zip(&[("d.json", json.as_bytes(), 0)]);
        let n = zip64.len();
        zip64[n - 22 + 16..n - 22 + 20].copy_from_slice(&[0xff; 4]);
        assert!(err(&zip64).to_string().contains("zip64"));
        let full = zip(&[("d.json", json.as_bytes(), 8)]);
        assert_eq!(
            err(&full[..full.len() - 30]),
            DumpError::Zip {
                reason: "no end-of-central-directory record (truncated file?)".into()
            }
        );
        let mut corrupt = full.clone();
        corrupt[40] ^= 0xff; // inside the deflated data
        assert!(
            matches!(
                err(&corrupt),
                DumpError::Inflate { .. } | DumpError::Checksum { .. }
            ),
            "{}",
            err(&corrupt)
        );
    }

    #[test]
    fn gzip_errors() {
        let json = v1_json(&["0aaaaaa11"]);
        let mut garbage = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
        garbage.extend_from_slice(b"this is not deflate data at all, just text");
        let e = err(&garbage);
        assert!(matches!(e, DumpError::Inflate { .. }), "{e}");
        assert!(
            e.to_string().starts_with("gzip: cannot decompress: "),
            "{e}"
        );
        let good = gzip(None, json.as_bytes());
        let e = err(&good[..good.len() - 6]);
        assert!(matches!(e, DumpError::Gzip { .. }), "{e}");
        let mut bad_crc = good.clone();
        let n = bad_crc.len();
        bad_crc[n - 8] ^= 1;
        assert!(matches!(err(&bad_crc), DumpError::Checksum { .. }));
        assert!(err(&[0x1f, 0x8b, 7, 0])
            .to_string()
            .contains("compression method 7"));
        let mut trailing = good.clone();
        trailing.extend_from_slice(b"junk");
        assert!(err(&trailing).to_string().contains("bad magic bytes"));
    }

    #[test]
    fn json_level_errors() {
        assert_eq!(err(b""), DumpError::Empty);
        assert_eq!(err(b" \n "), DumpError::Empty);
        assert_eq!(err(b"[]"), DumpError::NoRecords);
        assert_eq!(
            err(b"id,name\n").to_string(),
            "not a zip, gzip or JSON file (it starts with 69 64 2c 6e 61 6d 65 0a)"
        );
        let json = v1_json(&["0aaaaaa11", "0bbbbbb22", "0aaaaaa11", "0bbbbbb22"]);
        assert_eq!(
            err(json.as_bytes()).to_string(),
            "duplicate id https://ror.org/0aaaaaa11: record 0 (line 2, column 1) and record 2 (line 4, column 1)"
        );
        let truncated = v1_json(&["0aaaaaa11", "0bbbbbb22"]);
        let e = err(&zip(&[("d.json", &truncated.as_bytes()[..150], 8)]));
        assert!(
            e.to_string()
                .starts_with("record 1 (https://ror.org/0bbbbbb22): invalid JSON: "),
            "{e}"
        );
        assert!(e.to_string().ends_with("(line 3, column 49)"), "{e}");
    }

    #[test]
    fn progress_goes_from_0_to_the_input_length() {
        let ids: Vec<String> = (0..40_000).map(|i| format!("0{i:06}00")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let json = v1_json(&refs);
        for bytes in [
            json.as_bytes().to_vec(),
            zip(&[("d.json", json.as_bytes(), 8)]),
            gzip(None, json.as_bytes()),
        ] {
            let mut seen = Vec::new();
            let d = read_dump_with_progress(&bytes, &mut |p| seen.push(p))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(d.records.len(), 40_000);
            let total = bytes.len() as u64;
            assert!(seen.len() >= 3, "{seen:?}");
            assert_eq!(seen.first(), Some(&Progress { done: 0, total }));
            assert_eq!(seen.last(), Some(&Progress { done: total, total }));
            assert!(
                seen.windows(2)
                    .all(|w| w[0].done <= w[1].done && w[1].total == total),
                "{seen:?}"
            );
        }
    }

    #[test]
    fn unpack_gives_the_text() {
        let json = v1_json(&["0aaaaaa11"]);
        assert_eq!(
            unpack(&gzip(None, json.as_bytes())),
            Ok(json.clone().into_bytes())
        );
        assert_eq!(
            unpack(&zip(&[("a.json", json.as_bytes(), 8)])),
            Ok(json.clone().into_bytes())
        );
        assert_eq!(unpack(b"id,name"), Ok(b"id,name".to_vec()));
    }

    #[test]
    fn names_give_release_and_date() {
        let rd = |n: &str| release_and_date(n);
        assert_eq!(
            rd("v1.74-2025-11-24-ror-data.json"),
            (Some("v1.74".to_owned()), Some("2025-11-24".to_owned()))
        );
        assert_eq!(
            rd("dir/v1.45.1-2024-04-16-ror-data_schema_v2.json"),
            (Some("v1.45.1".to_owned()), Some("2024-04-16".to_owned()))
        );
        assert_eq!(rd("ror-v1-dump.json"), (None, None));
        assert_eq!(rd("v1-2025-11-24-ror-data.json"), (None, None));
        assert_eq!(rd("v1.2-2025-1-24-ror-data.json"), (None, None));
    }
}
