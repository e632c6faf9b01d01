//! The v1 record: the model, the exact v1 JSON writer (spec §9), and (with the `builder` feature) the readers
//! for v1 and v2 dumps with ROR's v2→v1 crosswalk.
//!
//! Key decision: the model keeps what the *index* needs as well as what the *serializer* prints. They differ
//! in `external_ids`: the model keeps the source key order (the `names_ids` id children follow it, spec
//! §3.2) and every scheme, while the writer prints only the nine v1 schemes in the fixed order of spec §9.4.
//! `lat`/`lng` are plain `f64`: Python's `json` and Elasticsearch both read them as doubles, and the
//! writer reproduces DRF's Decimal round trip from the double (`45` and `45.0` print alike, as `45.0`).
//!
//! The writer is part of every build (the search module prints records); the readers are not: they sit
//! behind the `builder` feature with the JSON parser they use.
//!
//! This module knows nothing about indexes or queries.

mod model;
mod write;

pub use model::*;
pub use write::{
    write_json_str, write_py_decimal10, write_py_float, write_v1_json, V1_EXTERNAL_ID_SCHEMES,
};

#[cfg(feature = "builder")]
mod json;
#[cfg(feature = "builder")]
mod read;
#[cfg(feature = "builder")]
mod v1;
#[cfg(feature = "builder")]
pub mod v2;

#[cfg(all(test, feature = "builder"))]
mod full_dump_tests;
#[cfg(all(test, feature = "builder"))]
mod tests;

#[cfg(feature = "builder")]
pub use json::{ErrorKind, Seg};
#[cfg(feature = "builder")]
pub use read::{
    read_record, read_v1_record, read_v2_record, sniff_schema, ChunkedError, JsonChunks, NoMore,
    ReadError, ReadErrorInfo, RecordPos, RecordReader, Schema,
};

/// The record as the v1 API returned it (`GET /v1/organizations/{id}`), as a new string.
pub fn to_v1_json(r: &Record) -> String {
    let mut s = String::with_capacity(2048);
    write_v1_json(r, &mut s);
    s
}
