#!/usr/bin/env bash
# Regenerates the expected outputs of the engine::params fixture (tests/data/params/):
#   <cases>.oracle.jsonl  from the Java oracle:           $ORACLE_DIR/run.sh params
#   <cases>.python.jsonl  from ror-api's own Python code:  $ORACLE_DIR/verify/params_harness.py
# for every <cases>.txt (one URL query string per line; the first line of extra_cases.txt is the empty request),
# and pycompat.jsonl (CPython's str/int/unquote/titlecase answers, scripts/params/gen_pycompat_cases.py).
#
# Environment:
#   ORACLE_DIR   the built oracle (default /work/oracle; needs a JDK)
#   QUERIES_PY   rorapi/common/queries.py of ror-api at 4781d91^ (the harness execs its pure functions).
#                Without it the .python.jsonl files are left as they are (and the Rust test then fails
#                if the cases changed).
#   TITLECASE    a directory holding titlecase==2.3 (default: pip-installed into a temporary directory)
# Needs python3 >= 3.9 (the 2026 fixture was made with CPython 3.11.7).
# The Python side runs with the `regex` module blocked (scripts/params/py_noregex.py), as in ror-api.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="$here/tests/data/params"
oracle="${ORACLE_DIR:-/work/oracle}"
[ -x "$oracle/run.sh" ] || { echo "no oracle at $oracle (set ORACLE_DIR)" >&2; exit 1; }

tc="${TITLECASE:-}"
if [ -z "$tc" ]; then
  tc="$(mktemp -d)"
  python3 -m pip install --quiet --no-deps --target "$tc" titlecase==2.3
fi

# CPython's string primitives on random strings (no oracle, no ror-api code needed).
PYTHONPATH="$tc" python3 "$here/scripts/params/py_noregex.py" "$here/scripts/params/gen_pycompat_cases.py" \
  > "$data/pycompat.jsonl"
echo "pycompat.jsonl: $(wc -l < "$data/pycompat.jsonl") strings" >&2

for cases in "$data"/*.txt; do
  base="${cases%.txt}"
  "$oracle/run.sh" params < "$cases" > "$base.oracle.jsonl"
  if [ -n "${QUERIES_PY:-}" ]; then
    PYTHONPATH="$tc" python3 "$here/scripts/params/py_noregex.py" "$oracle/verify/params_harness.py" "$QUERIES_PY" \
      < "$cases" > "$base.python.jsonl"
  else
    echo "QUERIES_PY not set: kept $(basename "$base").python.jsonl" >&2
  fi
  n="$(wc -l < "$cases")"
  d="$( (diff "$base.oracle.jsonl" "$base.python.jsonl" 2>/dev/null || true) | grep -c '^<' || true)"
  echo "$(basename "$cases"): $n cases, oracle differs from Python on $d" >&2
done
