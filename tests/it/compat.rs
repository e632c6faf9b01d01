//! Index-format compatibility (tantivy's compat tests): `tests/data/spec/small-v1.idx` is an index file built
//! by the CLI from `data/ror-v1-small.json` and committed. The current code must either read it and serve the
//! same 300 records byte for byte, or refuse it with the typed `IndexError::Version` error, never with another
//! error, a panic or different records. A refusal still fails this test, on purpose, until the file is
//! regenerated for the new format (command in `tests/data/spec/README.md`).
//!
//! Other damaged-file and broken-dump errors are covered where they are made: `src/index/tests.rs`
//! (`typed_errors`) and `src/build/dump.rs` (`json_level_errors`, `zip_errors`, `gzip_errors`); through the
//! npm package by `tests/node/errors.test.mjs`.

use ror_wasm::engine::Engine;
use ror_wasm::index::{IndexError, FORMAT_VERSION};

use super::common::data;

const REGENERATE: &str = "cargo build --release --bin ror-index && \
     target/release/ror-index build data/ror-v1-small.json -o tests/data/spec/small-v1.idx";

#[test]
fn committed_small_index_still_reads_or_is_refused_by_version() {
    let bytes = std::fs::read(data("tests/data/spec/small-v1.idx")).expect("the committed index");
    let file_version = u32::from_le_bytes(bytes[8..12].try_into().expect("a header"));
    let mut engine = match Engine::load(bytes) {
        Ok(engine) => engine,
        Err(IndexError::Version { expected, got }) => {
            assert_eq!(
                (expected, got),
                (FORMAT_VERSION, file_version),
                "the version error must name this build's version and the file's"
            );
            panic!(
                "the committed index has format version {got}, this build reads version {expected}: the format \
                 changed, and old files are refused with the typed version error as they should be. Regenerate \
                 the fixture: {REGENERATE}"
            );
        }
        Err(e) => panic!(
            "the committed index (format version {file_version}, this build: {FORMAT_VERSION}) is refused with \
             {e:?} instead of being read or refused with IndexError::Version: was the format changed without \
             bumping FORMAT_VERSION? ({e})"
        ),
    };
    assert_eq!(
        file_version, FORMAT_VERSION,
        "a file of another version must not load"
    );
    assert_eq!(engine.info().record_count, 300);
    let expected = std::fs::read_to_string(data("tests/data/record/small-expected.jsonl"))
        .expect("the expected serializations");
    let mut n = 0;
    for line in expected.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let id = v["id"].as_str().expect("an id");
        let r = engine.get(id);
        assert_eq!(r.status, 200, "{id}: {}", r.body);
        assert_eq!(
            r.body, line,
            "{id} reads differently from the committed index: was the format changed without bumping \
             FORMAT_VERSION?"
        );
        n += 1;
    }
    assert_eq!(n, 300);
}
