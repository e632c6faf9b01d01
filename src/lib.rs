//! ror-wasm: the ROR REST API v1 (list/search, retrieve by id, heartbeat) re-implemented over a compact,
//! postcard-serialised index of the ROR data dump, for native use and for WebAssembly in the browser.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! dump bytes → [`build`] (with [`record`] readers and [`text`] analysis) → [`index`] bytes →
//! [`engine`] (requests → v1 JSON responses, using [`query`] to parse query strings) → `wasm` bindings.

pub mod engine;
pub mod index;
pub mod query;
pub mod record;
pub mod text;

mod sort;

#[cfg(feature = "builder")]
pub mod build;

#[cfg(target_arch = "wasm32")]
mod wasm;
