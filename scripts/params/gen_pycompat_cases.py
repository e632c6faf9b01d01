#!/usr/bin/env python3
"""Writes tests/data/params/pycompat.jsonl: CPython's answers for random strings over a tricky alphabet.

Three kinds of strings: text (str.title(), str.upper(), str.lower(), str.capitalize(), " ".join(s.split()),
titlecase 2.3 without the `regex` module), int-like (int(s), None on ValueError) and id-like
(urllib.parse.unquote(s) and get_ror_id's regex on it). The Rust test engine::params::tests::pycompat_agrees_with_cpython replays them.
Deterministic (fixed seed). Only characters of Unicode <= 13 are used, so the answers do not depend on the
Unicode version of CPython (>= 3.9) or of Rust's std.

Usage: PYTHONPATH=<dir with titlecase==2.3> python3 scripts/params/py_noregex.py \
           scripts/params/gen_pycompat_cases.py > tests/data/params/pycompat.jsonl
"""
import json
import random
import re
from urllib.parse import unquote

from titlecase import REGEX_AVAILABLE, titlecase

assert not REGEX_AVAILABLE, "run through scripts/params/py_noregex.py"

ROR = re.compile(r"^(?:(?:(?:http|https):\/\/)?ror\.org\/)?(0\w{6}\d{2})$")
PIECES = (
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000")
    + list("!\"“#$%&'‘()*+,-–‒—―./:;?@[\\]_`{|}~«»")
    + list("ßǄǅǆǈŉǰΐᾳᾼΣσςΟΔΑİıſKÅµẞﬁﬀﬓև")
    + list("éÉçÇüÜøØåÅñÑ\u0301\u0308\u0345")
    + list("²³¹½Ⅻⅰↂ٣٤٥०५๕０５𝟓𝟎")
    + list("ქართულიაბგ")
    + list("日本語한국")
    + ["𐐨", "𐐀", "𝒜", "😀"]
    + ["mc", "Mc", "MC", "mac", "d'", "o'", "l'", "O'", "'s", "''", "of", "the", "and", "a", "vs.", "v.", "via",
       "dr", "mrs", "ms", "U.S.", "u.s.", "A.B", "st", "bcd", "xyz", "in", "on", "to", "by", "as", "an",
       "%", "%2", "%41", "%C3%A9", "%ED%A0%80", "%F0%9F", "%FF", "%e9", "%0A", "%2F", "_", "__", "1_0",
       "ror.org/", "https://ror.org/", "http://", "0w7hudk23", "0abcdef12", "+", "-"]
)


INT_PIECES = list("0123456789") * 3 + list("+-_ \t\n\x0b\x1c\x85\xa0\u3000.e") + list("٣٤०५๕０５𝟓²Ⅻx")
WORD = list("abcdefghijkmnpqrstvwxyz0123456789ABCZ_") + list("éßΣσİıſ日²Ⅻ٣\u0301-.%/ ")
DIGIT = list("0123456789") * 2 + list("٣٤०५०５𝟓²ⅫaZ_")
PREFIX = ["", "", "", "ror.org/", "http://ror.org/", "https://ror.org/", "ror.org%2F", "https%3A%2F%2Fror.org%2F",
          "HTTPS://ror.org/", "//ror.org/", "www.ror.org/", " "]


def text(rng):
    n = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 8])
    return "".join(rng.choice(PIECES) for _ in range(n))


def int_like(rng):
    return "".join(rng.choice(INT_PIECES) for _ in range(rng.choice([1, 2, 3, 4, 6, 25])))


def id_like(rng):
    body = rng.choice(["0", "0", "0", "1", "O"]) + "".join(rng.choice(WORD) for _ in range(6))
    body += "".join(rng.choice(DIGIT) for _ in range(2))
    return rng.choice(PREFIX) + body + rng.choice(["", "", "", "", "\n", "%0A", "\n\n", "x", "%32"])


def py_int(s):
    try:
        return str(int(s))
    except ValueError:
        return None


rng = random.Random(20260514)
out = []
for kind, make, count, fixed in [
    ("text", text, 1200, ["", " ", "ΟΔΟΣ", "ŉ", "mcmcmcmcx", "of", "a-b/c-of", "σας ΣΑΣ", "ǆungla", "ßtraße"]),
    ("int", int_like, 400, ["", "0", "-0", "+5", "1_000", "Ⅻ", "٥٠١", "\x1c5", " 5\x85", "5.0", "1e3"]),
    ("id", id_like, 400, ["0w7hudk23", "0w7hudk23\n", "0éééééé٣٤", "0abcdef²³", "ror.org%2F0w7hudk23"]),
]:
    seen = set(fixed)
    cases = list(fixed)
    while len(cases) < count:
        s = make(rng)
        if s not in seen:
            seen.add(s)
            cases.append(s)
    for s in cases:
        if kind == "text":
            row = {"s": s, "title": s.title(), "upper": s.upper(), "lower": s.lower(),
                   "capitalize": s.capitalize(), "collapse": " ".join(s.split()), "titlecase": titlecase(s)}
        elif kind == "int":
            row = {"s": s, "int": py_int(s)}
        else:
            m = ROR.match(unquote(s))
            row = {"s": s, "unquote": unquote(s), "ror_id": ("https://ror.org/" + m.group(1)) if m else None}
        print(json.dumps(row, ensure_ascii=False))
