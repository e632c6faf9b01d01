//! The postcard body of an index file. Blobs are borrowed byte slices (zero-copy on load); their inner
//! layout is documented on each field and read only by `loaded.rs`.
//!
//! Key decisions of the layout (format 5), each measured against the brotli size of the same records as JSON
//! (the bundled dump: 4,502,296 bytes as compact JSON under brotli 11, 4,467,689 bytes as this index):
//! - every string is stored once, path by path, each path's values in the order they are first met walking
//!   the records in dump order, so the values of a path that are mostly distinct (names, ids, links) are
//!   numbered in record order and a record refers to them with a one-byte "next new value" code; the
//!   external ids of `names_ids.id` are numbered scheme by scheme (GRID ids side by side: −55 KB);
//! - canonical ROR id URLs are stored as 30-bit numbers, not text (−206 KB);
//! - paths with few distinct values (types, status, cities, countries) are stored as fixed-width columns
//!   (value number per record), read in place for filters, facets and output; a relationship label that
//!   is its target's name is derived, not stored (−68 KB);
//! - postings hold no positions: phrase queries re-analyse their few candidate values;
//! - what can be derived is not stored: the `names_ids.id` forms of the ROR id (`ror.org/…`, bare id), the
//!   norms of lazy paths, record offsets (found per run of records when first read).
//!
//! postcard is not self-describing: no `skip_serializing_if`, `flatten`, `untagged` or maps here.

use serde::{Deserialize, Serialize};

/// Strings per run of a NUL-terminated [`StrTable`] (see `marks`).
pub const STRING_RUN: u32 = 128;
/// Records per run of [`Body::records`] (see `record_marks`).
pub const RECORD_RUN: u32 = 64;
/// Terms per run of the postings streams (see [`Body::post_marks`]).
pub const POSTING_RUN: u32 = 256;

/// A table of strings: `bytes` holds each string followed by a NUL byte; `lens` (one varint byte length
/// per string, strings concatenated without terminators) replaces that when some string contains NUL.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct StrTable<'a> {
    pub count: u32,
    pub lens: &'a [u8],
    pub bytes: &'a [u8],
    /// NUL-terminated tables: the byte length (terminators included) of each run of [`STRING_RUN`] strings
    /// (the last run may be shorter), as varints. Loading then costs one varint per run instead of a scan
    /// of every byte; a run's string offsets are found when one of its strings is first read.
    pub marks: &'a [u8],
}

/// What every value of a string path shares, so that looking up a value that cannot be there needs no
/// lookup table (the quick search tries every query against the `names_ids.id` and `id` paths, whose
/// lookup tables take a few ms to build): the range of lengths and a bitset of the first two bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrSummary {
    pub min_len: u32,
    pub max_len: u32,
    /// A 1024-bit set of the values' first two bytes (see `pair_bit`).
    pub first_pairs: [[u8; 32]; 4],
}

impl StrSummary {
    pub fn add(&mut self, s: &[u8], first: bool) {
        let len = s.len() as u32;
        if first {
            self.min_len = len;
            self.max_len = len;
        } else {
            self.min_len = self.min_len.min(len);
            self.max_len = self.max_len.max(len);
        }
        let bit = Self::pair_bit(s);
        self.first_pairs[bit / 256][bit % 256 / 8] |= 1 << (bit % 8);
    }

    fn pair_bit(s: &[u8]) -> usize {
        let b0 = s.first().map_or(0, |&b| b as usize + 1);
        let b1 = s.get(1).map_or(0, |&b| b as usize + 1);
        (b0 * 31 + b1) & 1023
    }

    /// False when no value of the path can equal `s`.
    pub fn may_hold(&self, s: &[u8]) -> bool {
        let len = s.len() as u32;
        if len < self.min_len || len > self.max_len {
            return false;
        }
        let bit = Self::pair_bit(s);
        self.first_pairs[bit / 256][bit % 256 / 8] & (1 << (bit % 8)) != 0
    }
}

/// BM25 collection statistics of one ES field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldStats {
    /// Documents (records, or `names_ids` children) with at least one term in the field.
    pub doc_count: u64,
    /// Sum over terms of their total frequency (all indexed tokens, folded twins included).
    pub sum_ttf: u64,
}

/// How a path maps values to records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Storage {
    /// Mostly distinct values, numbered in order of first occurrence: `firsts` + `extras`; records refer to
    /// them from their skeleton.
    #[default]
    Unique,
    /// Few distinct values (numbered in sorted order): a column of value numbers per record.
    Column,
    /// A member of a group: its column holds one value per *tuple* of the group (see [`GroupBlob`]).
    Grouped(u8),
}

/// Paths whose values come together (an address and its country): each record holds one tuple number,
/// each member path one value per tuple, so a record's ten address fields cost one reference.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct GroupBlob<'a> {
    /// Number of distinct tuples.
    pub count: u32,
    /// Per record, its tuple number, little-endian, `width` bytes (all bits set = none).
    pub column: &'a [u8],
    pub width: u8,
}

/// Everything the index keeps about one source path.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PathBlob<'a> {
    pub storage: Storage,
    /// Number of distinct values.
    pub count: u32,
    /// The distinct values in value-number order. `Str`: zig-zag varint deltas of string ids. `Int`: zig-zag
    /// varint deltas. `Float`: each value's shortest round-trip decimal text followed by NUL. `Bool`: one
    /// byte each.
    pub dict: &'a [u8],
    /// `Unique`: per value, the record of its first occurrence as a zig-zag varint delta from the previous
    /// value's (non-decreasing, except in `names_ids.id`, numbered scheme by scheme).
    pub firsts: &'a [u8],
    /// `Unique`: the other occurrences, as varint pairs (value delta, record delta from the previous pair of
    /// the same value or from the value's first record), sorted by value then record.
    pub extras: &'a [u8],
    /// `Column`: per record, how many values it has (varints), or empty when every record has at most one.
    pub counts: &'a [u8],
    /// `Column`: the value numbers, little-endian, `width` bytes each: one per record when `counts` is empty
    /// (all bits set = none), else the records' values in record order. `Grouped`: one per tuple.
    pub column: &'a [u8],
    /// 2 or 4.
    pub width: u8,
    /// Text paths: per value, the Lucene norm byte of its token count (empty for lazy paths: computed with
    /// their postings).
    pub norms: &'a [u8],
    /// Text paths where some record has several values: per record, the norm byte of its summed length.
    /// Empty when every record has at most one value (then the value's norm is the record's).
    pub rec_norms: &'a [u8],
    /// Statistics per ES field of this path, in the order of `Mapping::fields()`.
    pub stats: Vec<FieldStats>,
    /// A text path whose postings are not stored but built from its values on first use.
    pub lazy: bool,
    /// `Str` paths: lengths and first bytes of the values.
    pub summary: StrSummary,
    /// `relationships.label` as a 2-byte `Column`: entries equal to [`DERIVED_LABEL`] stand for the value
    /// holding the name of the record that the `relationships.id` value at the same position of the same
    /// record names (a relationship's label is its target's name in ~80% of relationships, so the column
    /// then compresses to little).
    pub derived_labels: bool,
}

/// See [`PathBlob::derived_labels`].
pub const DERIVED_LABEL: u16 = 0xFFFE;

/// The body of an index file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Body<'a> {
    /// Every distinct string value of every `Str` path (plus external-id scheme names), path by path, each
    /// path's in value-number order.
    #[serde(borrow)]
    pub strings: StrTable<'a>,
    /// The strings numbered from `strings.count` on: canonical ROR id URLs (see `index::ror_id`), as
    /// zig-zag varint deltas of their numbers. They would cost about 5 bytes each after brotli as text.
    pub ror_ids: &'a [u8],
    pub ror_id_count: u32,
    /// Every distinct analysed term of every text path, sorted by bytes.
    #[serde(borrow)]
    pub terms: StrTable<'a>,
    /// External-id schemes outside the template, sorted; each adds the paths
    /// `external_ids.<scheme>.preferred` and `.all` after the static ones.
    #[serde(borrow)]
    pub dynamic_schemes: Vec<&'a str>,
    #[serde(borrow)]
    pub groups: Vec<GroupBlob<'a>>,
    #[serde(borrow)]
    pub paths: Vec<PathBlob<'a>>,
    /// The postings, in four streams read together, term after term in term order (streams of one kind
    /// compress far better than interleaved ones). `post_paths`: per term the number of segments (one per
    /// path holding the term) and their path ids. `post_counts`: per segment the entry count `n` and the
    /// number of exceptions `k`. `post_values`: per segment the `n` value numbers (varint deltas, the first
    /// absolute). `post_exceptions`: per segment the `k` entries whose term does not occur exactly once as
    /// an original token: (entry index delta, `(count << 1) | folded`, and the number of original tokens
    /// when `folded`, i.e. when some are folded twins of string_lowercase).
    pub post_paths: &'a [u8],
    pub post_counts: &'a [u8],
    pub post_values: &'a [u8],
    pub post_exceptions: &'a [u8],
    /// Per run of [`POSTING_RUN`] terms: the byte length of its part of each of the four streams (four
    /// varints), so that a term's postings are found without reading the terms before its run.
    pub post_marks: &'a [u8],
    /// The records in dump order, each a postcard `CRecord` skeleton whose value slots hold reference codes
    /// (see `records.rs`).
    pub records: &'a [u8],
    /// The byte length of each run of [`RECORD_RUN`] records, as varints (skeletons are self-delimiting:
    /// a run's record offsets are found by decoding it when one of its records is first read).
    pub record_marks: &'a [u8],
    /// Statistics of `names_ids.name` (children of the four name paths).
    pub names_name_stats: FieldStats,
}
