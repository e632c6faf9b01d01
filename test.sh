#!/usr/bin/env bash
# Runs every test: Rust (native, and the parser fuzz in wasm), the npm package under Node, and the page in
# headless Chromium. Installs what it needs (wasm target, the pinned wasm-bindgen CLI, npm tools, Chromium).
#   ./test.sh            everything
#   ./test.sh rust|node|browser   one part (after a full run has built the artefacts)
set -euo pipefail
cd "$(dirname "$0")"
PART="${1:-all}"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
export TMPDIR="$PWD/target/tmp"
mkdir -p "$TMPDIR"

need_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian chromium + chromium-driver"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver >/dev/null
    fi
  fi
}

rust_tests() {
  say "Rust tests (profile ci)"
  cargo test --profile ci --all-targets
  say "Rust tests in wasm (node)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --profile ci --target wasm32-unknown-unknown --lib --no-default-features --features wasm-search \
    --target-dir target/wasm-test
}

node_tests() {
  say "npm package tests (node --test tests/node)"
  node --test tests/node/
}

browser_tests() {
  need_chromium
  say "page tests in headless Chromium (node --test tests/browser)"
  node --test --test-concurrency=1 tests/browser/
}

case "$PART" in
  all)
    need_chromium
    ./build.sh build
    rust_tests
    node_tests
    browser_tests
    ;;
  rust) rust_tests ;;
  node) node_tests ;;
  browser) browser_tests ;;
  *) echo "usage: ./test.sh [all|rust|node|browser]" >&2; exit 2 ;;
esac
say "all tests passed"
