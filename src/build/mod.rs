//! Dump bytes (zip, JSON, gzip; v1 or v2) → index bytes. Pure: no file system, so the npm package can run it
//! in wasm too.

pub mod dump;
