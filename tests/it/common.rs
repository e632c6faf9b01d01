//! Shared fixtures: the engine over the bundled 51,370-record dump (built once per test run).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ror_wasm::engine::Engine;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn data(rel: &str) -> PathBuf {
    repo().join(rel)
}

/// The index bytes of the bundled v1 dump.
pub fn full_index_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dump = std::fs::read(data("data/ror-v1-dump.zip")).expect("bundled dump");
        ror_wasm::build::build_index(&dump, &mut |_| {})
            .expect("the bundled dump builds")
            .bytes
    })
}

/// The engine over the bundled dump (tests share it; searches need `&mut`).
pub fn full_engine() -> &'static Mutex<Engine> {
    static ENGINE: OnceLock<Mutex<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Mutex::new(Engine::load(full_index_bytes().to_vec()).expect("the index loads"))
    })
}

/// Lines of a request file without `#` comments, each with the comment above it.
pub fn requests(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).expect("request file");
    let mut out = Vec::new();
    let mut comment = String::new();
    for line in text.lines() {
        if let Some(c) = line.strip_prefix('#') {
            comment = c.trim().to_owned();
        } else {
            out.push((comment.clone(), line.to_owned()));
        }
    }
    out
}
