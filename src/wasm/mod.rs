//! JavaScript bindings (wasm-bindgen). Two separately built modules share this crate:
//! the search module (feature `wasm-search`) and the index-builder module (feature `wasm-build`).
//! Nothing here holds ROR logic: arguments in, calls into `engine`/`build`, JS values out.

#[cfg(feature = "wasm-search")]
mod search;

#[cfg(feature = "wasm-build")]
mod build;
