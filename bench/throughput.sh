#!/usr/bin/env bash
# Parse and analysis throughput (issue 3): queries/s and MB/s of the query parser over the query corpus and
# the names workload, and of each analyzer over the names, natively and in wasm under Node, by the same code
# (src/query/testkit.rs `throughput`, run as ignored tests). ~1 minute plus builds.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --lib throughput_native -- --ignored --nocapture 2>/dev/null | grep -v '^test \|^running\|^$\|test result'
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --profile ci --target wasm32-unknown-unknown --lib --no-default-features --features wasm-search \
  --target-dir target/wasm-test throughput_wasm -- --include-ignored --nocapture 2>/dev/null |
  grep -E 'wasm \(Node\)|items/s'
