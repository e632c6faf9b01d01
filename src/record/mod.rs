//! The v1 record: the model, the exact v1 JSON writer (spec §9), and (with the `builder` feature) the readers
//! for v1 and v2 dumps with ROR's v2→v1 crosswalk.
//!
//! Key decision: the model keeps what the *index* needs as well as what the *serializer* prints. Two things
//! differ between them: `external_ids` keeps the source key order (the `names_ids` id children follow it, spec
//! §3.2) and every scheme, while the writer prints only the nine v1 schemes in the fixed order of spec §9.4;
//! `lat`/`lng` keep the source number text so that the index sees the value ES saw.
//!
//! This module knows nothing about indexes or queries.

mod model;
pub use model::*;

mod write_stub;
pub use write_stub::*;
