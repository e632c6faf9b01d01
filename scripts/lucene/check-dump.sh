#!/usr/bin/env bash
# Checks the Rust `text` module against Lucene on every string of a v1 dump, string by string:
#   1. extracts the sorted distinct names/aliases/acronyms/labels and links/wikipedia_url (text_strings.py extract),
#   2. runs the oracle on them (standard and string_lowercase on names, simple on links),
#   3. with --write-digests, regenerates tests/data/text/dump-digests.txt from the oracle's streams,
#   4. runs the Rust test `token_streams_equal_lucene_on_the_whole_dump` with ROR_TEXT_EMIT, so it also writes
#      our streams, and diffs them with the oracle's (text_strings.py compare: differing strings are printed).
# Usage: scripts/lucene/check-dump.sh [--write-digests] [dump.zip]   (default data/ror-v1-dump.zip; the Rust test
# always reads data/ror-v1-dump.zip). Work files go to $WORK (default: a temporary directory, removed).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
write=0
if [ "${1:-}" = "--write-digests" ]; then write=1; shift; fi
dump="${1:-$root/data/ror-v1-dump.zip}"
work="${WORK:-}"
if [ -z "$work" ]; then work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work"
py="$root/scripts/lucene/text_strings.py"
python3 "$py" extract "$dump" "$work"
time python3 "$py" oracle "$work"
if [ "$write" = 1 ]; then
  python3 "$py" digest "$work" "$root/tests/data/text/dump-digests.txt"
  echo "wrote tests/data/text/dump-digests.txt"
fi
(cd "$root" && ROR_TEXT_EMIT="$work" cargo test --lib text::tests::token_streams_equal_lucene_on_the_whole_dump \
  -- --nocapture) || echo "(the Rust digest test failed; diffing string by string)"
python3 "$py" compare "$work"
