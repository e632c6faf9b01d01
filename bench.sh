#!/usr/bin/env bash
# The benchmark of issue 6: ror-wasm (native, and the npm package under Node) beside the JavaScript search
# libraries a user would pick instead (MiniSearch, FlexSearch, Orama, Lunr) on the bundled dump, at 1×, 2× and
# 4× the records. Prints markdown tables; also writes bench/results/latest.md and latest.json.
#
#   ./bench.sh              the full run (~8 minutes on 2 cores)
#   ./bench.sh --quick      fewer requests, rounds and samples; 1× and 2× (~3 minutes)
#   ./bench.sh --help       the options of bench/run.mjs (rounds, loads, builds, scales, engines, brotli quality)
#
# This script only orchestrates: it installs the libraries pinned by bench/package-lock.json, builds the wasm
# modules with ./build.sh when they are missing or older than the sources, builds the native benchmark
# (examples/bench_engine.rs), and runs bench/run.mjs. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "JavaScript libraries (npm ci --prefix bench)"
npm ci --prefix bench --no-audit --no-fund --loglevel=error >&2

stale() { # stale WASM_FILE: missing, or older than a source of the crate
  [ ! -f "$1" ] || [ -n "$(find src Cargo.toml Cargo.lock -newer "$1" -print -quit 2>/dev/null)" ]
}
if stale pkg/wasm/search/ror_search_bg.wasm || stale pkg/wasm/build/ror_build_bg.wasm; then
  say "wasm modules (./build.sh wasm)"
  ./build.sh wasm >&2
else
  say "wasm modules: pkg/wasm/ is up to date with src/, reused"
fi

say "native benchmark (cargo build --release --example bench_engine)"
cargo build --release --example bench_engine >&2 2>/dev/null || cargo build --release --example bench_engine

say "running bench/run.mjs $*"
exec node bench/run.mjs "$@"
