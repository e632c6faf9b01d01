#!/usr/bin/env bash
# Regenerates the oracle fixtures of the `text` tests: tests/data/text/tokens.jsonl (full token streams of the
# names and links of data/ror-v1-small.json, the edge cases and the seeded random strings of text_strings.py)
# and tests/data/text/normalize.jsonl. Deterministic: rerunning gives the same files.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python3 "$root/scripts/lucene/text_strings.py" fixtures "$root/data/ror-v1-small.json" "$root/tests/data/text"
