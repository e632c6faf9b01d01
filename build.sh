#!/usr/bin/env bash
# Builds everything: the two wasm modules with their JS bindings (pkg/wasm/), the native CLI, the index of the
# bundled dump and the static site (www/dist/). `./build.sh serve [PORT]` then serves the site on 127.0.0.1.
#
# This script only orchestrates; the logic lives in Rust (the builder) and in pkg/ and www/.
#   ./build.sh            build
#   ./build.sh serve      build, then serve www/dist at http://127.0.0.1:8080/
#   ./build.sh wasm       only the wasm modules and bindings (used by the tests)
set -euo pipefail
cd "$(dirname "$0")"

MODE="${1:-build}"
PORT="${2:-8080}"
DUMP="${ROR_DUMP:-data/ror-v1-dump.zip}"
# Size budget of the search module (gzip), issue 6.
WASM_GZIP_BUDGET=250000

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

tools() {
  rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
  local want
  want="$(cargo pkgid wasm-bindgen 2>/dev/null | sed 's/.*[@#]//')"
  if [ -z "$want" ]; then
    cargo generate-lockfile >/dev/null
    want="$(cargo pkgid wasm-bindgen | sed 's/.*[@#]//')"
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (must match the crate exactly)"
    # Not --locked: its lockfile pins a crate version the registry here lacks (toolchain.md, gotcha 1).
    cargo install wasm-bindgen-cli --version "$want"
  fi
  if [ ! -x node_modules/.bin/wasm-opt ]; then
    say "installing npm dev tools (binaryen's wasm-opt, playwright-core)"
    npm ci --no-audit --no-fund >/dev/null
  fi
}

gzip_size() { gzip -9 -c "$1" | wc -c; }

# One wasm module: feature, output name.
wasm_module() {
  local feature="$1" name="$2" out="pkg/wasm/$3"
  say "wasm module $name (feature $feature)"
  local profile="release"
  if [ "$feature" = wasm-search ]; then profile="wasm-search"; fi
  cargo build --profile "$profile" --target wasm32-unknown-unknown --lib --no-default-features --features "$feature" \
    --target-dir "target/$feature"
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name "$name" \
    "target/$feature/wasm32-unknown-unknown/$profile/ror_wasm.wasm"
  # Debian's wasm-opt 108 corrupts wasm-bindgen 0.2.13x output: only the pinned npm binaryen is used.
  node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals -o "$out/${name}_bg.wasm.opt" "$out/${name}_bg.wasm"
  mv "$out/${name}_bg.wasm.opt" "$out/${name}_bg.wasm"
}

build_wasm() {
  tools
  wasm_module wasm-search ror_search search
  wasm_module wasm-build ror_build build
  local w=pkg/wasm/search/ror_search_bg.wasm
  local raw gz
  raw=$(wc -c <"$w")
  gz=$(gzip_size "$w")
  mkdir -p target
  printf '%s search.wasm raw=%d gzip=%d build.wasm raw=%d gzip=%d\n' "$(date -u +%FT%TZ)" "$raw" "$gz" \
    "$(wc -c <pkg/wasm/build/ror_build_bg.wasm)" "$(gzip_size pkg/wasm/build/ror_build_bg.wasm)" >>target/build-sizes.log
  say "search .wasm: $raw bytes raw, $gz bytes gzip (budget $WASM_GZIP_BUDGET)"
  if [ "$gz" -gt "$WASM_GZIP_BUDGET" ]; then
    echo "error: the search module is over its size budget ($gz > $WASM_GZIP_BUDGET bytes gzip)" >&2
    exit 1
  fi
}

build_site() {
  say "native CLI"
  cargo build --release --bin ror-index
  mkdir -p www/dist
  say "index of $DUMP"
  target/release/ror-index build "$DUMP" -o www/dist/ror.idx
  printf '%s index=%d bytes\n' "$(date -u +%FT%TZ)" "$(wc -c <www/dist/ror.idx)" >>target/build-sizes.log
  say "site -> www/dist"
  mkdir -p www/dist/pkg/wasm/search www/dist/pkg/wasm/build
  cp pkg/index.js pkg/build.js www/dist/pkg/
  cp pkg/wasm/search/ror_search.js pkg/wasm/search/ror_search_bg.wasm www/dist/pkg/wasm/search/
  cp pkg/wasm/build/ror_build.js pkg/wasm/build/ror_build_bg.wasm www/dist/pkg/wasm/build/
  for f in www/*; do
    case "$f" in www/dist) ;; *) cp -r "$f" www/dist/ ;; esac
  done
  # The service worker's cache key follows the content (index header + module + page).
  local stamp
  stamp=$(cat www/dist/ror.idx www/dist/pkg/wasm/search/ror_search_bg.wasm www/dist/*.js www/dist/*.html www/dist/*.css 2>/dev/null | sha256sum | cut -c1-16)
  if [ -f www/dist/sw.js ]; then sed -i "s/__BUILD__/$stamp/" www/dist/sw.js; fi
}

case "$MODE" in
  wasm) build_wasm ;;
  build) build_wasm; build_site ;;
  serve)
    build_wasm
    build_site
    say "serving http://127.0.0.1:$PORT/ (Ctrl-C to stop)"
    exec python3 -m http.server --bind 127.0.0.1 "$PORT" -d www/dist
    ;;
  *) echo "usage: ./build.sh [build|serve [PORT]|wasm]" >&2; exit 2 ;;
esac
