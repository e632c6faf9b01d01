#!/usr/bin/env python3
"""Writes the names workload: real names, aliases, labels and acronyms of active records of the bundled dump,
with the damage users really type (case, missing diacritics, typos, reordered, dropped or extra words), each
with the record it should find. Deterministic (seeded).

    python3 scripts/workloads/make_names.py data/ror-v1-dump.zip > tests/data/workloads/names.tsv

Columns: damage, source (name/alias/label/acronym), expected ROR id, the query text as typed. Reserved
query-string characters are backslash-escaped, as ROR's functional tests and a careful client do, so the
text is matched as words (the engines receive it as `query=`).
"""
import json
import random
import sys
import unicodedata
import zipfile

rng = random.Random(4242)
N = 1200
RESERVED = set('+-=&|><!(){}[]^"~*?:\\/')


def escape(s):
    return "".join("\\" + c if c in RESERVED else c for c in s)


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def typo(word):
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(["swap", "drop", "dup", "sub"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "dup":
        return word[:i] + word[i] + word[i:]
    c = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return word[:i] + c + word[i + 1:]


with zipfile.ZipFile(sys.argv[1] if len(sys.argv) > 1 else "data/ror-v1-dump.zip") as z:
    recs = json.loads(z.read(next(n for n in z.namelist() if n.endswith(".json"))))
active = [r for r in recs if r["status"] == "active"]
picked = rng.sample(active, N)
print("damage\tsource\texpected\tquery")
for r in picked:
    sources = [("name", r["name"])]
    sources += [("alias", a) for a in r.get("aliases", [])]
    sources += [("label", l["label"]) for l in r.get("labels", [])]
    sources += [("acronym", a) for a in r.get("acronyms", [])]
    weights = [4 if s == "name" else 1 for s, _ in sources]
    source, text = rng.choices(sources, weights)[0]
    words = text.split()
    damage = rng.choices(
        ["exact", "lowercase", "no-diacritics", "typo", "reordered", "dropped-word", "extra-word"],
        [25, 15, 15, 20, 10, 10, 5],
    )[0]
    if damage == "lowercase":
        text = text.lower()
    elif damage == "no-diacritics":
        t = strip_accents(text)
        if t == text:
            damage, t = "lowercase", text.lower()
        text = t
    elif damage == "typo":
        long_words = [i for i, w in enumerate(words) if len(w) >= 5]
        if long_words:
            i = rng.choice(long_words)
            words[i] = typo(words[i])
            text = " ".join(words)
        else:
            damage = "exact"
    elif damage == "reordered":
        if len(words) >= 2:
            rng.shuffle(words)
            text = " ".join(words)
        else:
            damage = "exact"
    elif damage == "dropped-word":
        if len(words) >= 3:
            del words[rng.randrange(len(words))]
            text = " ".join(words)
        else:
            damage = "exact"
    elif damage == "extra-word":
        text = text + " " + rng.choice(["Department", "Inc", "Research", "Center", "Institute"])
    text = " ".join(text.split())
    if not text:
        continue
    print(f"{damage}\t{source}\t{r['id']}\t{escape(text)}")
