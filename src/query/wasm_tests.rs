//! The fuzz run in WebAssembly (wasm32-unknown-unknown under wasm-bindgen-test-runner/Node), where a stack
//! overflow would corrupt memory instead of failing cleanly: same generator and checks as the native tests.

use wasm_bindgen_test::wasm_bindgen_test;

use super::testkit::{differential_text, fuzz};
use super::*;

/// Inputs per run (no environment variables in wasm: change here for longer runs).
const CASES: usize = 20_000;

#[wasm_bindgen_test]
fn fuzz_wasm() {
    fuzz(0x5eed_0fa1_1ea5, CASES);
}

#[wasm_bindgen_test]
fn limits_wasm() {
    let deep = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(parse(&deep).is_ok());
    let wide = "(".repeat(MAX_QUERY_BYTES);
    assert!(matches!(
        parse(&wide).map_err(|e| e.kind),
        Err(ErrorKind::TooDeep { .. })
    ));
}

/// The corpus differential against Lucene's traces, in wasm.
#[wasm_bindgen_test]
fn differential_corpus_wasm() {
    let r = differential_text(
        include_str!("../../tests/data/query/corpus.txt"),
        include_str!("../../tests/data/query/corpus.lucene.txt"),
    );
    assert!(r.is_ok(), "{r:?}");
}

/// Parse and analysis throughput in wasm (a measurement, not a test: `bench/throughput.sh`).
#[wasm_bindgen_test]
#[ignore = "a measurement: run by bench/throughput.sh"]
fn throughput_wasm() {
    let now = || js_sys::Date::now();
    wasm_bindgen_test::console_log!("wasm (Node)\n{}", super::testkit::throughput(&now, 1000.0));
}
