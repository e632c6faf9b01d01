//! The index file: a fixed header (magic, format version, lengths, checksum), a postcard-encoded
//! [`IndexInfo`] (ROR release/date if known, record count, …) and a postcard-encoded [`Body`].
//!
//! Index bytes are produced only by [`encode`] and read only by [`decode`]. Decoding is total: bad magic,
//! another format version, truncation, a checksum mismatch or an inconsistent body are [`IndexError`]s,
//! never panics; accessors of a loaded [`Index`] are bounds-checked as well, so even a file crafted with a
//! valid checksum cannot crash the engine.
//!
//! Key decision (see ARCHITECTURE.md): the index stores each *distinct value* of each source path once
//! (dictionary coding), maps values to records with compact occurrence lists, and keeps analysed-term
//! postings over values rather than over records. Records are stored as small tuples of value numbers and
//! decoded lazily, only for the 20 that a page shows.

pub mod schema;
pub mod varint;

mod body;
mod loaded;
mod records;
pub mod ror_id;
pub mod terms;

pub use body::{
    Body, FieldStats, GroupBlob, PathBlob, Storage, StrSummary, StrTable, DERIVED_LABEL,
    POSTING_RUN, RECORD_RUN, STRING_RUN,
};
pub use loaded::{
    ColumnValues, Entries, Index, NamesIdValue, PathView, Segment, SegmentIter, TermSpace,
};
pub use records::{
    encode_record, flatten, id_forms, names_ids_ids, PathNames, RecordDict, Val, ID_FORMS,
};
pub use terms::SegmentEntry;

use serde::{Deserialize, Serialize};

/// The first 8 bytes of every index file (`\r\n` catches text-mode mangling, as in PNG).
pub const MAGIC: [u8; 8] = *b"RORIDX\r\n";
/// Bumped whenever the body layout changes; an index of another version is refused with
/// [`IndexError::Version`].
pub const FORMAT_VERSION: u32 = 5;
const FIXED_HEADER: usize = 8 + 4 + 4 + 8 + 4;

/// What the header says about the index (postcard-encoded after the fixed header).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexInfo {
    /// ROR release (e.g. `v1.74`) if the dump's file name said so.
    pub release: Option<String>,
    /// Release date (`YYYY-MM-DD`) if known.
    pub date: Option<String>,
    /// `v1` or `v2` (records converted to v1 with ROR's crosswalk).
    pub schema: String,
    /// The dump member or file the records came from.
    pub source: String,
    pub record_count: u32,
    /// `ror-wasm <version>` of the builder.
    pub built_by: String,
}

/// Why index bytes could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexError {
    /// Shorter than the fixed header.
    TooShort { len: usize },
    /// Not an index file at all.
    BadMagic { got: [u8; 8] },
    /// An index file of another format version.
    Version { expected: u32, got: u32 },
    /// The header announces more bytes than there are.
    Truncated { expected: u64, got: u64 },
    /// The bytes were changed after writing.
    Checksum { expected: u32, got: u32 },
    /// The content does not decode or is inconsistent.
    Corrupt { what: String },
}

impl core::fmt::Display for IndexError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            IndexError::TooShort { len } => {
                write!(f, "not a ror-wasm index: {len} bytes is shorter than the {FIXED_HEADER}-byte header")
            }
            IndexError::BadMagic { got } => write!(
                f,
                "not a ror-wasm index: the file starts with {:?} instead of {:?}",
                String::from_utf8_lossy(got),
                String::from_utf8_lossy(&MAGIC)
            ),
            IndexError::Version { expected, got } => write!(
                f,
                "index format version {got} is not supported by this build (it reads version {expected}); \
                 rebuild the index from the dump with this version"
            ),
            IndexError::Truncated { expected, got } => {
                write!(f, "index file truncated: the header announces {expected} bytes, the file has {got}")
            }
            IndexError::Checksum { expected, got } => write!(
                f,
                "index file damaged: the checksum of the content is {got:08x}, the header says {expected:08x}"
            ),
            IndexError::Corrupt { what } => write!(f, "index file damaged: {what}"),
        }
    }
}

impl std::error::Error for IndexError {}

/// Serialises an index: fixed header, info, body.
pub fn encode(info: &IndexInfo, body: &Body<'_>) -> Vec<u8> {
    // postcard serialisation into a Vec cannot fail for these types (no maps, no unsupported serde
    // features); an error would be a programming bug caught by every test that builds an index.
    let info_bytes = postcard::to_allocvec(info).unwrap_or_default();
    let body_bytes = postcard::to_allocvec(body).unwrap_or_default();
    let mut out = Vec::with_capacity(FIXED_HEADER + info_bytes.len() + body_bytes.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(info_bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&(body_bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&info_bytes);
    out.extend_from_slice(&body_bytes);
    let sum = checksum(&out[FIXED_HEADER..]);
    out[FIXED_HEADER - 4..FIXED_HEADER].copy_from_slice(&sum.to_le_bytes());
    out
}

/// Reads only the header and info (cheap: no checksum, no body), e.g. to show what an index file holds
/// or to decide whether a cached index is stale.
pub fn peek_info(bytes: &[u8]) -> Result<IndexInfo, IndexError> {
    let (info, _, _) = header(bytes)?;
    Ok(info)
}

/// Parses and checks the fixed header: (info, body range, checksum).
fn header(bytes: &[u8]) -> Result<(IndexInfo, core::ops::Range<usize>, u32), IndexError> {
    if bytes.len() < FIXED_HEADER {
        if bytes.len() >= 8 && bytes[..8] != MAGIC {
            let mut got = [0u8; 8];
            got.copy_from_slice(&bytes[..8]);
            return Err(IndexError::BadMagic { got });
        }
        return Err(IndexError::TooShort { len: bytes.len() });
    }
    let le32 =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let mut got = [0u8; 8];
    got.copy_from_slice(&bytes[..8]);
    if got != MAGIC {
        return Err(IndexError::BadMagic { got });
    }
    let version = le32(8);
    if version != FORMAT_VERSION {
        return Err(IndexError::Version {
            expected: FORMAT_VERSION,
            got: version,
        });
    }
    let info_len = le32(12) as u64;
    let mut body_len_bytes = [0u8; 8];
    body_len_bytes.copy_from_slice(&bytes[16..24]);
    let body_len = u64::from_le_bytes(body_len_bytes);
    let sum = le32(24);
    let expected = (FIXED_HEADER as u64)
        .saturating_add(info_len)
        .saturating_add(body_len);
    let got_len = bytes.len() as u64;
    if got_len < expected {
        return Err(IndexError::Truncated {
            expected,
            got: got_len,
        });
    }
    if got_len > expected {
        return Err(IndexError::Corrupt {
            what: format!(
                "{} bytes after the end announced by the header",
                got_len - expected
            ),
        });
    }
    let info_end = FIXED_HEADER + info_len as usize;
    let info: IndexInfo =
        postcard::from_bytes(&bytes[FIXED_HEADER..info_end]).map_err(|e| IndexError::Corrupt {
            what: format!("header info does not decode ({e})"),
        })?;
    Ok((info, info_end..bytes.len(), sum))
}

/// Loads index bytes: checks the header and checksum, decodes the body and builds the lookup tables.
/// The checksum of the header: two running sums over the content's little-endian 64-bit words (the
/// second sums the first, so it sees word order), mixed and folded to 32 bits. Any change of one word
/// changes both sums. Chosen over CRC-32 for load time: it costs two additions per eight bytes, which
/// matters because V8 runs a wasm function's first call in its baseline compiler, where a table-driven
/// CRC of 20 MB took 25–50 ms. The work is fed in 64 KiB pieces through a function that is not inlined,
/// so that V8 can move it to its optimising compiler between pieces.
pub fn checksum(bytes: &[u8]) -> u32 {
    #[inline(never)]
    fn feed(sums: &mut (u64, u64), piece: &[u8]) {
        let (mut a, mut b) = *sums;
        let mut words = piece.chunks_exact(8);
        for w in &mut words {
            let mut x = [0u8; 8];
            x.copy_from_slice(w);
            a = a.wrapping_add(u64::from_le_bytes(x));
            b = b.wrapping_add(a);
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut x = [0u8; 8];
            x[..rest.len()].copy_from_slice(rest);
            a = a.wrapping_add(u64::from_le_bytes(x));
            b = b.wrapping_add(a);
        }
        *sums = (a, b);
    }
    let mut sums = (1u64, bytes.len() as u64);
    for piece in bytes.chunks(1 << 16) {
        feed(&mut sums, piece);
    }
    // MurmurHash3's 64-bit finaliser over both sums.
    let mut h = sums.0 ^ sums.1.rotate_left(31).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    (h ^ (h >> 32)) as u32
}

pub fn decode(bytes: Vec<u8>) -> Result<Index, IndexError> {
    let (info, body_range, sum) = header(&bytes)?;
    let actual = checksum(&bytes[FIXED_HEADER..]);
    if actual != sum {
        return Err(IndexError::Checksum {
            expected: sum,
            got: actual,
        });
    }
    Index::load(bytes, info, body_range)
}

// Round trips build an index, which needs the builder (not part of the search-only wasm build).
#[cfg(all(test, feature = "builder"))]
mod tests;
