#!/usr/bin/env bash
# Fuzzes ror_wasm::query with cargo-fuzz on stable Rust (RUSTC_BOOTSTRAP=1 lets libFuzzer's -Z flags through),
# seeded with the query corpus and the token dictionary.
#   cargo install cargo-fuzz    # once
#   fuzz/run.sh [seconds]       # default 600
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seeds=fuzz/corpus/query_parse
mkdir -p "$seeds"
python3 - "$seeds" <<'PY'
import hashlib, json, sys
for line in open("tests/data/query/corpus.txt", encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    q = json.loads(line[5:]) if line.startswith("json:") else line
    b = q.encode("utf-8")
    open(f"{sys.argv[1]}/{hashlib.sha1(b).hexdigest()}", "wb").write(b)
PY
RUSTC_BOOTSTRAP=1 exec cargo fuzz run query_parse -- -dict=fuzz/query.dict -max_total_time="${1:-600}" \
  -max_len=12000 -rss_limit_mb=2048
