//! From a request path and query string to a typed, validated request (spec §1–§2, §5–§7).
//!
//! This first layer reproduces the CPython string behaviours the v1 server relied on.

pub mod pycompat;
pub mod query_string;
pub mod titlecase;
mod unicode_tables;
