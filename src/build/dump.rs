//! Reading what users download: the official zip, a bare `.json`, or `.json.gz`; v1 or v2 schema.
//! Dump bytes → records, with progress and errors that name the record. Pure: no file system, so the npm
//! package can run it in wasm too.
//!
//! Decisions:
//! - The container is told by content, never by a file name: `PK` + 3,4 or 5,6 is a zip, `1f 8b` a gzip,
//!   anything starting (after white space) with `[` or `{` is JSON.
//! - Zip and gzip are parsed by hand (central directory, local headers, gzip header fields) and inflated with
//!   `miniz_oxide` into a buffer of the size the header announces; CRC-32 is checked. Zip64, encryption,
//!   split archives and methods other than store/deflate are refused with an error saying so.
//! - Which zip member: official zips of v1.45–v1.74 hold a v1 JSON, a `_schema_v2` JSON and a CSV side by
//!   side. The v1 API served v1 records, so a v1 member is preferred when there is one, else the v2 member.
//!   With several JSON members the schema of each is sniffed from its first 64 KiB; with one it is taken.
//! - The schema is decided by content on the first record (`record::RecordReader`).
//! - Release and date come from the member (or gzip) name `vX.Y[.Z]-YYYY-MM-DD-ror-data…`; the bundled
//!   dumps have fixed names, so both are `None` for them.

use crate::record::{ReadError, Record, RecordReader, Schema};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
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

/// The stage a progress report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Decompressing; bytes are uncompressed bytes.
    Inflate,
    /// Reading records; bytes are JSON bytes.
    Parse,
}

/// `done` of `total` bytes of a phase. Each phase reports `0` first and `total` last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
}

/// Where a record is: its index in the array and where it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordPos {
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for RecordPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "record {} (line {}, column {})",
            self.index, self.line, self.column
        )
    }
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

/// Reads a dump: zip, gzip or JSON; v1 or v2 records.
pub fn read_dump(bytes: &[u8]) -> Result<Dump, DumpError> {
    read_dump_with_progress(bytes, &mut |_| {})
}

/// [`read_dump`], reporting progress about every MiB.
pub fn read_dump_with_progress(
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Dump, DumpError> {
    let (container, json, source) = unpack(bytes, progress)?;
    let json: &[u8] = match &json {
        Some(owned) => owned,
        None => bytes,
    };
    let (schema, records) = read_records(json, progress)?;
    let (release, date) = release_and_date(&source);
    Ok(Dump {
        records,
        schema,
        container,
        source,
        release,
        date,
    })
}

/// The container, the JSON bytes when they had to be inflated (`None`: the input is the JSON), the name.
pub(crate) fn unpack(
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<(Container, Option<Vec<u8>>, String), DumpError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let (name, json) = unzip_json(bytes, progress)?;
        return Ok((Container::Zip, Some(json), name));
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let (name, json) = gunzip(bytes, progress)?;
        return Ok((Container::Gzip, Some(json), name));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match body
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        None => Err(DumpError::Empty),
        Some(b'[' | b'{') => Ok((Container::Json, None, String::new())),
        Some(_) => Err(DumpError::UnknownContainer {
            first_bytes: bytes.iter().take(8).copied().collect(),
        }),
    }
}

const MIB: usize = 1 << 20;

fn read_records(
    json: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<(Schema, Vec<Record>), DumpError> {
    let total = json.len() as u64;
    progress(Progress {
        phase: Phase::Parse,
        done: 0,
        total,
    });
    let mut reader = RecordReader::new(json)?;
    let Some(schema) = reader.schema() else {
        return Err(DumpError::NoRecords);
    };
    let mut records = Vec::new();
    let mut starts = Vec::new();
    let mut reported = 0;
    while let Some(r) = reader.next() {
        records.push(r?);
        starts.push(reader.last_start());
        if reader.offset() - reported >= MIB {
            reported = reader.offset();
            progress(Progress {
                phase: Phase::Parse,
                done: reported as u64,
                total,
            });
        }
    }
    check_unique_ids(json, &records, &starts)?;
    progress(Progress {
        phase: Phase::Parse,
        done: total,
        total,
    });
    Ok((schema, records))
}

/// Refuses two records with one id, naming the earliest repeat and its first occurrence.
fn check_unique_ids(json: &[u8], records: &[Record], starts: &[usize]) -> Result<(), DumpError> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_unstable_by(|&a, &b| records[a].id.cmp(&records[b].id).then(a.cmp(&b)));
    // In each run of equal ids the first two are the first occurrence and the first repeat.
    let mut found: Option<(usize, usize)> = None;
    for run in order.chunk_by(|&a, &b| records[a].id == records[b].id) {
        if let [first, second, ..] = *run {
            if found.is_none_or(|(_, s)| second < s) {
                found = Some((first, second));
            }
        }
    }
    match found {
        None => Ok(()),
        Some((a, b)) => {
            let pos = |i: usize| {
                let (line, column) = crate::record::line_col(json, starts[i]);
                RecordPos {
                    index: i,
                    line,
                    column,
                }
            };
            Err(DumpError::DuplicateId {
                id: records[a].id.clone(),
                first: pos(a),
                second: pos(b),
            })
        }
    }
}

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
// Inflate

/// Largest expansion raw deflate can give (a 258-byte match in about 2 bits), to refuse absurd sizes before
/// allocating them.
const MAX_DEFLATE_RATIO: usize = 1032;

/// Inflates the raw deflate stream at the start of `data` into a buffer of `size` bytes (exact when
/// `exact`, a first guess otherwise). Returns the output and the number of input bytes used.
fn inflate(
    data: &[u8],
    size: usize,
    exact: bool,
    member: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Vec<u8>, usize), DumpError> {
    let err = |reason: String| DumpError::Inflate {
        member: member.to_owned(),
        reason,
    };
    let bound = data
        .len()
        .saturating_mul(MAX_DEFLATE_RATIO)
        .saturating_add(1024);
    if exact && size > bound {
        return Err(err(format!(
            "the header announces {size} bytes, more than {} compressed bytes can hold",
            data.len()
        )));
    }
    let mut out = vec![0u8; size.min(bound).max(if exact { 0 } else { 64 * 1024 })];
    let mut decomp = Box::<DecompressorOxide>::default();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (mut in_pos, mut out_pos) = (0usize, 0usize);
    let mut reported = 0usize;
    let total = |out: &Vec<u8>| out.len() as u64;
    progress(Progress {
        phase: Phase::Inflate,
        done: 0,
        total: total(&out),
    });
    loop {
        // Hand out about a MiB of room per call so progress can be reported in between.
        let limit = out.len().min(out_pos + MIB);
        let (status, used, wrote) = decompress(
            &mut decomp,
            data.get(in_pos..).unwrap_or(&[]),
            &mut out[..limit],
            out_pos,
            flags,
        );
        in_pos += used;
        out_pos += wrote;
        if out_pos - reported >= MIB {
            reported = out_pos;
            progress(Progress {
                phase: Phase::Inflate,
                done: out_pos as u64,
                total: total(&out),
            });
        }
        match status {
            TINFLStatus::Done => break,
            TINFLStatus::HasMoreOutput if limit < out.len() => continue,
            TINFLStatus::HasMoreOutput if !exact && out.len() < bound => {
                let grown = out.len().saturating_mul(2).min(bound);
                out.resize(grown, 0);
            }
            TINFLStatus::HasMoreOutput => {
                return Err(err(format!(
                    "more data than the {} bytes announced",
                    out.len()
                )));
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(err(format!(
                    "the compressed data ends early (after {out_pos} bytes of output)"
                )));
            }
            other => {
                return Err(err(format!(
                    "invalid deflate data ({other:?}) after {out_pos} bytes of output"
                )))
            }
        }
    }
    if exact && out_pos != out.len() {
        return Err(DumpError::Checksum {
            member: member.to_owned(),
            reason: format!("{out_pos} bytes inflated, the header says {}", out.len()),
        });
    }
    out.truncate(out_pos);
    progress(Progress {
        phase: Phase::Inflate,
        done: out_pos as u64,
        total: out_pos as u64,
    });
    Ok((out, in_pos))
}

fn check_crc(data: &[u8], expected: u32, member: &str) -> Result<(), DumpError> {
    let got = crc32fast::hash(data);
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

fn unzip_member(
    b: &[u8],
    e: &ZipEntry,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<u8>, DumpError> {
    let data = zip_member_data(b, e)?;
    let out = if e.method == 0 {
        if e.compressed != e.size {
            return Err(zip_error(format!(
                "stored member {:?} has two different sizes",
                e.name
            )));
        }
        data.to_vec()
    } else {
        inflate(data, e.size as usize, true, &e.name, progress)?.0
    };
    check_crc(&out, e.crc, &e.name)?;
    Ok(out)
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
    const PREFIX: usize = 64 * 1024;
    let data = zip_member_data(b, e).ok()?;
    let prefix = match e.method {
        0 => data.get(..PREFIX.min(data.len()))?.to_vec(),
        _ => match miniz_oxide::inflate::decompress_to_vec_with_limit(data, PREFIX) {
            Ok(all) => all,
            Err(partial) => partial.output,
        },
    };
    crate::record::sniff_schema(&prefix)
}

fn unzip_json(
    b: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<(String, Vec<u8>), DumpError> {
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
    let out = unzip_member(b, chosen, progress)?;
    Ok((chosen.name.clone(), out))
}

// ---------------------------------------------------------------------------------------------------------
// Gzip (RFC 1952)

fn gzip_error(reason: impl Into<String>) -> DumpError {
    DumpError::Gzip {
        reason: reason.into(),
    }
}

/// Inflates every member of a gzip file (concatenated members are one stream); the name is the first
/// member's stored file name.
fn gunzip(b: &[u8], progress: &mut dyn FnMut(Progress)) -> Result<(String, Vec<u8>), DumpError> {
    let mut out: Vec<u8> = Vec::new();
    let mut name = String::new();
    let mut at = 0;
    let mut member = 0;
    while at < b.len() {
        if b[at..].iter().all(|&x| x == 0) {
            break; // zero padding after the last member (tape archives do this)
        }
        let (member_name, data_start) = gzip_header(b, at, member)?;
        if member == 0 {
            name = member_name;
        }
        // ISIZE, the length mod 2^32 of a single-member file, is the first guess for the buffer.
        let hint = b
            .len()
            .checked_sub(4)
            .and_then(|i| u32_at(b, i))
            .unwrap_or(0) as usize;
        let (data, used) = inflate(
            &b[data_start..],
            hint,
            false,
            if name.is_empty() { "gzip" } else { &name },
            progress,
        )?;
        let trailer = data_start + used;
        let crc = u32_at(b, trailer)
            .ok_or_else(|| gzip_error("the file ends before the CRC-32 trailer"))?;
        let isize = u32_at(b, trailer + 4)
            .ok_or_else(|| gzip_error("the file ends before the length trailer"))?;
        check_crc(&data, crc, if name.is_empty() { "gzip" } else { &name })?;
        if isize != data.len() as u32 {
            return Err(DumpError::Checksum {
                member: name.clone(),
                reason: format!(
                    "{} bytes inflated, the trailer says {isize} (mod 2^32)",
                    data.len()
                ),
            });
        }
        if out.is_empty() {
            out = data;
        } else {
            out.extend_from_slice(&data);
        }
        at = trailer + 8;
        member += 1;
    }
    Ok((name, out))
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
    fn progress_reports_both_phases() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("0{i:06}00")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let json = v1_json(&refs);
        let z = zip(&[("d.json", json.as_bytes(), 8)]);
        let mut seen = Vec::new();
        let d =
            read_dump_with_progress(&z, &mut |p| seen.push(p)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.records.len(), 20_000);
        let total = json.len() as u64;
        for phase in [Phase::Inflate, Phase::Parse] {
            let ps: Vec<&Progress> = seen.iter().filter(|p| p.phase == phase).collect();
            assert!(ps.len() >= 3, "{phase:?}: {ps:?}");
            assert_eq!(ps.first().map(|p| p.done), Some(0));
            assert_eq!(ps.last().map(|p| (p.done, p.total)), Some((total, total)));
            assert!(ps.windows(2).all(|w| w[0].done <= w[1].done));
        }
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
