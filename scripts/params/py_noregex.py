#!/usr/bin/env python3
"""Runs a Python script with the optional `regex` module made unimportable.

ror-api does not install `regex`, so titlecase 2.3 falls back to its `re` patterns (Unicode `\\w`, ASCII-only
`UC_ELSEWHERE`/`UC_INITIALS`). A machine that happens to have `regex` would silently test the other variant.

Usage: py_noregex.py SCRIPT [ARGS...]
"""
import sys

sys.modules["regex"] = None
script = sys.argv[1]
sys.argv = sys.argv[1:]
with open(script, encoding="utf-8") as f:
    code = compile(f.read(), script, "exec")
exec(code, {"__name__": "__main__"})
