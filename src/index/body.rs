//! The postcard body of an index file. Blobs are borrowed byte slices (zero-copy on load); their inner
//! layout is documented on each field and read only by `loaded.rs`.
//!
//! postcard is not self-describing: no `skip_serializing_if`, `flatten`, `untagged` or maps here.

use serde::{Deserialize, Serialize};

/// A sorted table of distinct strings: `lens` holds one varint byte length per string, `bytes` the
/// concatenated UTF-8. Ids are positions in byte order.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct StrTable<'a> {
    pub count: u32,
    pub lens: &'a [u8],
    pub bytes: &'a [u8],
}

/// BM25 collection statistics of one ES field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldStats {
    /// Documents (records, or `names_ids` children) with at least one term in the field.
    pub doc_count: u64,
    /// Sum over terms of their total frequency (all indexed tokens, folded twins included).
    pub sum_ttf: u64,
}

/// Everything the index keeps about one source path.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PathBlob<'a> {
    /// Number of distinct values.
    pub count: u32,
    /// The distinct values in ascending order. `Str`: varint deltas of value-string ids (ids sort like
    /// the strings). `Int`: zig-zag varint deltas. `Float`: little-endian f64 bits. `Bool`: one byte each.
    pub dict: &'a [u8],
    /// Per value, in dictionary order: varint count `n`, then `n` record numbers (first absolute, then
    /// deltas; a delta of 0 repeats the record, which counts for `names_ids` children).
    pub occ: &'a [u8],
    /// Text paths: per value, the Lucene norm byte of its token count.
    pub norms: &'a [u8],
    /// Text paths where some record has several values: per record, the norm byte of its summed length.
    /// Empty when every record has at most one value (then the value's norm is the record's).
    pub rec_norms: &'a [u8],
    /// Statistics per ES field of this path, in the order of `Mapping::fields()`.
    pub stats: Vec<FieldStats>,
}

/// The body of an index file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Body<'a> {
    /// Every distinct string value of every `Str` path (plus external-id scheme names).
    #[serde(borrow)]
    pub values: StrTable<'a>,
    /// Every distinct analysed term of every text path.
    #[serde(borrow)]
    pub terms: StrTable<'a>,
    /// External-id schemes outside the template, sorted; each adds the paths
    /// `external_ids.<scheme>.preferred` and `.all` after the static ones.
    #[serde(borrow)]
    pub dynamic_schemes: Vec<&'a str>,
    #[serde(borrow)]
    pub paths: Vec<PathBlob<'a>>,
    /// Per term, in term order: varint segment count, then per segment (path id, byte length), then the
    /// segments. A segment lists the values of one path holding the term: value number (delta from the
    /// previous entry), occurrence count `n`, then `n` varints `(position delta << 1) | original`, where
    /// `original` is 0 for a folded twin (string_lowercase only) and 1 for a token as the tokenizer
    /// produced it (lower-cased).
    pub postings: &'a [u8],
    /// Varint byte length of each term's postings.
    pub postings_lens: &'a [u8],
    /// The records in dump order, each a postcard `CRecord` (see `records.rs`).
    pub records: &'a [u8],
    /// Varint byte length of each record.
    pub record_lens: &'a [u8],
    /// Statistics of `names_ids.name` (children of the four name paths).
    pub names_name_stats: FieldStats,
}
