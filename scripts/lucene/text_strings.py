#!/usr/bin/env python3
"""Strings for checking the Rust `text` module against Lucene (the oracle's `run.sh analyze|normalize`).

Subcommands (the shell scripts next to this file chain them):
  extract <dump.zip|dump.json> <dir>   sorted distinct strings of a v1 dump: <dir>/names.txt (name, aliases,
                                       acronyms, labels[].label) and <dir>/links.txt (links, wikipedia_url)
  oracle <dir>                         runs the oracle on them: <dir>/oracle.names.{standard,string_lowercase}.jsonl,
                                       <dir>/oracle.links.simple.jsonl
  digest <dir> <out>                   FNV-1a 64 digests of the oracle's token streams per chunk of CHUNK strings
                                       (tests/data/text/dump-digests.txt)
  compare <dir>                        diffs <dir>/oracle.* with the Rust streams <dir>/rust.* (written by the test
                                       `token_streams_equal_lucene_on_the_whole_dump` with ROR_TEXT_EMIT=<dir>);
                                       prints every differing string, exit status 1 if any
  fixtures <small.json> <outdir>       full oracle token streams (tokens.jsonl) and normalized terms
                                       (normalize.jsonl) for the small dump, the edge cases below and seeded
                                       random strings

The oracle reads one value per line, so a value must not contain "\\n" or "\\r" (none in the dump; `extract`
fails if one appears). Environment: ORACLE (default /work/oracle).
"""
import json
import os
import random
import subprocess
import sys
import zipfile

ORACLE = os.environ.get("ORACLE", "/work/oracle")
CHUNK = 256
GROUPS = {"names": ["standard", "string_lowercase"], "links": ["simple"]}


# ---------------------------------------------------------------------------------------------------------------
# extraction

def load_records(path):
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            (member,) = [n for n in z.namelist() if n.endswith(".json")]
            return json.loads(z.read(member))
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def group_strings(records):
    """{'names': [...], 'links': [...]}: sorted by code point, distinct; null values skipped."""
    names, links = set(), set()

    def add(target, v):
        if isinstance(v, str):
            target.add(v)

    for r in records:
        add(names, r.get("name"))
        for v in r.get("aliases") or []:
            add(names, v)
        for v in r.get("acronyms") or []:
            add(names, v)
        for label in r.get("labels") or []:
            add(names, label.get("label"))
        for v in r.get("links") or []:
            add(links, v)
        add(links, r.get("wikipedia_url"))
    out = {"names": sorted(names), "links": sorted(links)}
    for group, strings in out.items():
        bad = [s for s in strings if "\n" in s or "\r" in s]
        if bad:
            sys.exit(f"{group}: {len(bad)} strings contain a line break, e.g. {bad[0]!r}")
    return out


def write_lines(path, strings):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for s in strings:
            f.write(s + "\n")


def read_lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    assert text.endswith("\n") or text == ""
    return text.split("\n")[:-1]


# ---------------------------------------------------------------------------------------------------------------
# the oracle

def run_oracle(command, analyzer, strings):
    """One oracle result per input string (parsed JSON)."""
    data = "".join(s + "\n" for s in strings).encode("utf-8")
    out = subprocess.run([os.path.join(ORACLE, "run.sh"), command, analyzer], input=data, check=True,
                         stdout=subprocess.PIPE).stdout.decode("utf-8")
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(strings), (command, analyzer, len(lines), len(strings))
    return [json.loads(line) for line in lines[:-1]]


def canonical(text, tokens):
    """The serialization the Rust test digests (tests.rs `canonical`)."""
    parts = [text, "\x1f"]
    for term, pos, start, end, typ in tokens:
        parts.append(f"{term}\x1f{pos}\x1f{start}\x1f{end}\x1f{typ}\x1e")
    parts.append("\x1d")
    return "".join(parts).encode("utf-8")


def fnv1a64(data, h=0xcbf29ce484222325):
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


# ---------------------------------------------------------------------------------------------------------------
# fixtures: hand-written edge cases and seeded random strings

EDGE_CASES = [
    # plain words, punctuation, word-internal punctuation (UAX #29 WB6/7, WB11/12)
    "Hello World", "Universität Würzburg", "O'Reilly", "O\u2019Reilly", "can't", "U.S.A.", "U.S.A", "e-mail",
    "foo_bar", "foo__bar", "_foo_", "1,234.56", "1.2.3", "3.14abc", "abc3.14", "v2.0", "AT&T", "C++", "C#",
    ".NET", "R&D", "www.example.com", "http://www.ox.ac.uk/path?q=1&r=2", "user@example.com", "a:b", "a:b:c",
    "12:30", "a.b", "a..b", "a'b'c", "'quoted'", "\"dq\"", "foo\u02bcbar", "foo\u00b7bar", "foo\u0387bar",
    "foo\u05f4bar", "foo\u2027bar", "foo\ufe13bar", "foo\ufe55bar", "foo\uff1abar", "foo\ufe52bar", "1;5", "1'5",
    "a.1", "1.a", "1_000", "1_a", "a_1", "3M", "B2B", "A1", "1A", "1a2b3c", "a\u0301.b", "x.y.z.", "...",
    "\u0661\u0662\u0663", "\u0661\u0662\u0663,\u0664\u0665\u0666", "\u0966\u0967 \u0e51\u0e52",
    # Hebrew (WB7a-c)
    "\u05e6\u05d4\"\u05dc", "\u05d1'", "\u05d0'\u05d1", "\u05d0\"", "\u05d0\"\u05d1\"\u05d2",
    # CJK, kana, Hangul, South-East Asian
    "\u6771\u4eac\u5927\u5b66", "\u5317\u4eac\u5927\u5b66123", "\u4e2d\u6587English\u6df7\u5408",
    "\u30ab\u30bf\u30ab\u30ca", "\uff76\uff80\uff76\uff85", "\u30fc", "\u30ab_\u30bf", "\u3072\u3089\u304c\u306a\u30ab\u30bf\u30ab\u30ca",
    "\u3072\u309a", "\u3005\u3006\u3007", "\u30ab\u3099", "\uc11c\uc6b8\ub300\ud559\uad50", "\u1100\u1161\u11a8",
    "\u3131\u314f", "\u0e21\u0e2b\u0e32\u0e27\u0e34\u0e17\u0e22\u0e32\u0e25\u0e31\u0e22\u0e21\u0e2b\u0e34\u0e14\u0e25",
    "Thai\u0e44\u0e17\u0e22123", "\u0ea5\u0eb2\u0ea7", "\u1781\u17d2\u1798\u17c2\u179a", "\u1019\u103c\u1014\u103a\u1019\u102c",
    "\u4e00-\u4e8c", "a\u4e00b",
    # emoji
    "\U0001f600", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f1fa\U0001f1f8", "\U0001f1fa\U0001f1f8\U0001f1ec\U0001f1e7", "\U0001f1fa", "#\ufe0f\u20e3", "1\ufe0f\u20e3",
    "*\ufe0f\u20e3", "9\u20e3", "\u00a9\ufe0f", "\u00a9", "\u2122", "\u2764\ufe0f", "\u263a", "\u231a",
    "a\U0001f600b", "\U0001f600a", "\U0001f3f3\ufe0f\u200d\U0001f308", "\U0001f600\u200d", "\u200d\U0001f600",
    "\U0001f3fd", "\U0001f3fd\U0001f3fd", "\U0001f9d1\u200d\U0001f4bb", "\U000e0067", "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    # combining marks, format characters, spaces
    "e\u0301cole", "\u0301abc", "abc\u0301", "a\u200db", "a\u200cb", "a\u00adb", "a\u200bb", "a\ufeffb",
    "a\u2060b", "a\u00a0b", "a\u3000b", "a\tb", "a\u000bb", "a\u0085b", "a\u2028b", "\u0000a\u0000", "a\ufffdb",
    "\uffff", "\U0010ffff", "\U000e0001",
    # supplementary planes
    "\U0001d400\U0001d401\U0001d402", "\U00010400\U00010428", "\U00020000\U00020001", "\U0001d7d9\U0001d7da",
    "\U00011066", "\U0001e900\U0001e922", "\U00010c80\U00010cc0", "\U00016e40", "a\U0001d400", "1\U0001d7d9",
    # case mapping and folding
    "\u0130stanbul", "ISTANBUL", "\u0131i", "\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3", "\u1f48\u03b4\u03c5\u03c3\u03c3\u03b5\u03cd\u03c2",
    "STRASSE Stra\u00dfe \u1e9e", "\ufb01nance", "\u00c6ther", "\u0152uvre", "\u0132SSEL", "\u01c4", "\u01c5",
    "\u212a", "\u212b", "\u2126", "\u216b \u217b", "\u247d \u24d0 \u24b6", "\uff21\uff22\uff23\uff11\uff12\uff13",
    "x\u00b2", "\u00bd", "\u2116", "\u2010\u2011\u2012\u2013\u2014", "\u0535\u0580\u0587\u0561\u0576",
    "\u10d7\u10d1\u10d8\u10da\u10d8\u10e1\u10d8", "\u1c98\u1c91\u1c9a", "\u13a0\u13a1", "\u2c00\u2c30",
    "\u0110\u1ea1i h\u1ecdc Qu\u1ed1c gia H\u00e0 N\u1ed9i", "\u00d8rsted \u0141\u00f3d\u017a", "\u00de\u00f0",
    "\u0180\u0181\u0182", "\u1e9b\u0323", "\u00c5ngstr\u00f6m", "\u0149", "\u01f0",
    # scripts
    "\u062c\u0627\u0645\u0639\u0629 \u0627\u0644\u0642\u0627\u0647\u0631\u0629", "\u0627\u0644\u0640\u0640\u0639\u0631\u0628",
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u092d\u093e\u0930\u0924\u0940\u092f \u092a\u094d\u0930\u094c\u0926\u094d\u092f\u094b\u0917\u093f\u0915\u0940",
    "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd", "\u09ac\u09be\u0982\u09b2\u09be", "\u0d2e\u0d32\u0d2f\u0d3e\u0d33\u0d02",
    "\u0f56\u0f7c\u0f51", "\u1200\u1208", "\u0710\u0712", "\u07d3\u07de",
    # the 255-unit buffer of StandardTokenizer, and CharTokenizer's 255 limit
    "a" * 254, "a" * 255, "a" * 256, "a" * 300, "a" * 510, "a" * 511, "a" * 600, "1" * 300, "1" * 260 + "x",
    "a" * 253 + "\U0001f600", "a" * 254 + "\U0001d400", "a" * 253 + "\U0001d400" + "b", "a" * 254 + "\U0001d400b",
    "\U0001d400" * 130, "\u6771" * 300, "\u0e01" * 300, "\u30ab" * 300, "\ud55c" * 300, "\U0001f600" * 200,
    "\U0001f44d\U0001f3fd" * 100, "a" * 250 + "'s", "a" * 254 + "\u0301\u0301\u0301", "a" * 200 + " " + "b" * 300,
    "a.b" * 100, "1.2" * 100, "a1" * 150, "x" * 254 + "." + "y" * 10, "x" * 253 + "." + "y" * 10,
    "x" * 252 + "." + "y" * 10, "1" * 254 + ",5", "1" * 253 + ",5", "a" * 254 + "\u200d" * 5,
    "\u00e9" * 300, "\u00e9" * 254 + "\U00010400", "a" * 254 + "\U00010400", "a" * 255 + "b", "a" * 253 + "\U00010400" * 2,
    "\U00010400" * 128, "a " * 200, "\u00c4" * 255 + " \u00c4",
    "\U0001f1fa\U0001f1f8" * 70, "\u0e01" * 250 + "\u0e33" * 10, "a" * 254 + "\u30ab", "\u30ab" * 254 + "_a",
    "\u05d0" * 254 + "\"\u05d1",
]

POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    " \t.,;:'\"_-/@&()[]#*+!?\u00b7\u2019\u2027\ufe52\uff0e",
    "\u00e0\u00e1\u00e2\u00e4\u00e6\u00e7\u00e8\u00e9\u00f1\u00f6\u00f8\u00df\u00c0\u00c9\u00d6\u00dc\u0141\u0142\u0130\u0131\u1e9e\u01c5",
    "\u03b1\u03b2\u03a3\u03c2\u0430\u0431\u0416\u0436\u05d0\u05d1\u0627\u0644\u0661",
    "\u0301\u0308\u200d\u200c\u00ad\u200b\ufe0f\u20e3\u3099",
    "\u4e00\u4e8c\u5927\u3042\u3044\u30a2\u30a4\u30fc\uff76\uac00\u1100\u1161\u11a8\u3005",
    "\u0e01\u0e02\u0e33\u0e48\u0ea5\u1780\u1000",
    "\U0001f600\U0001f3fd\U0001f1fa\U0001f1f8\u00a9\u2764\u231a\U0001f468",
    "\U0001d400\U00010400\U00010428\U00020000\U0001d7d9\U0001e900",
]


def random_strings(seed=20240607):
    rng = random.Random(seed)
    out = []

    def draw(weights):
        pool = rng.choices(POOLS, weights=weights)[0]
        return rng.choice(pool)

    for _ in range(600):
        weights = [rng.random() for _ in POOLS]
        out.append("".join(draw(weights) for _ in range(rng.randint(1, 24))))
    # Any code point (except surrogates and line breaks): exercises the tables through the scanner.
    for _ in range(200):
        chars = []
        while len(chars) < rng.randint(1, 12):
            cp = rng.choice([rng.randrange(0x80, 0x3000), rng.randrange(0x3000, 0x10000), rng.randrange(0x10000, 0x110000)])
            if not (0xD800 <= cp <= 0xDFFF):
                chars.append(chr(cp))
        out.append("".join(chars).replace("\n", " ").replace("\r", " "))
    # Long word-like runs around the 255-unit buffer.
    for _ in range(24):
        weights = [10, 3, 0.3, 2, 1, 0.5, 0.5, 0.3, 0.3, 1]
        n = rng.randint(230, 420)
        out.append("".join(draw(weights) for _ in range(n)).replace(" ", "").replace("\t", ""))
    return out


NORMALIZE_EXTRA = ["Universit\u00e4t*", "W\u00fcrz?burg", "\u00c6ON~", "\u0130STANBUL", "\u212a", "stra\u00dfe",
                   "\u247d*", "[a TO z]", "\U00010400\U0001d400", "\u00c5*"]


def fixtures(small_path, outdir):
    groups = group_strings(load_records(small_path))
    edge = [s for s in EDGE_CASES]
    rand = random_strings()
    assert all("\n" not in s and "\r" not in s for s in edge + rand)
    jobs = [("standard", groups["names"]), ("string_lowercase", groups["names"]), ("simple", groups["links"])]
    for analyzer in ("standard", "simple", "string_lowercase"):
        jobs.append((analyzer, edge + rand))
    with open(os.path.join(outdir, "tokens.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for analyzer, strings in jobs:
            for text, tokens in zip(strings, run_oracle("analyze", analyzer, strings)):
                f.write(json.dumps({"analyzer": analyzer, "text": text, "tokens": tokens}, ensure_ascii=False) + "\n")
    # Analyzer.normalize needs one token ("" is not a query term anyway); long strings add nothing here.
    short = sorted(t for t in set(edge) | set(rand) | set(NORMALIZE_EXTRA) if 0 < len(t) <= 64)
    terms = {"standard": short, "simple": short,
             "string_lowercase": sorted(set(short) | {w for n in groups["names"] for w in n.split(" ") if w})}
    with open(os.path.join(outdir, "normalize.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for analyzer in ("standard", "simple", "string_lowercase"):
            for text, norm in zip(terms[analyzer], run_oracle("normalize", analyzer, terms[analyzer])):
                f.write(json.dumps({"analyzer": analyzer, "text": text, "normalized": norm}, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------------------------------

def main():
    cmd, *args = sys.argv[1:] or ["help"]
    if cmd == "extract":
        dump, out = args
        for group, strings in group_strings(load_records(dump)).items():
            write_lines(os.path.join(out, f"{group}.txt"), strings)
            print(f"{group}: {len(strings)} distinct strings")
    elif cmd == "oracle":
        (d,) = args
        for group, analyzers in GROUPS.items():
            strings = read_lines(os.path.join(d, f"{group}.txt"))
            for analyzer in analyzers:
                with open(os.path.join(d, f"oracle.{group}.{analyzer}.jsonl"), "w", encoding="utf-8") as f:
                    for tokens in run_oracle("analyze", analyzer, strings):
                        f.write(json.dumps(tokens, ensure_ascii=False) + "\n")
    elif cmd == "digest":
        d, out = args
        lines = ["# FNV-1a 64 of the Lucene oracle's token streams of data/ror-v1-dump.zip, per chunk of sorted",
                 "# distinct strings (scripts/lucene/text_strings.py digest; serialization: tests.rs `canonical`).",
                 "# set <group> <analyzer> <strings> <chunk size>, then one digest per chunk."]
        for group, analyzers in GROUPS.items():
            strings = read_lines(os.path.join(d, f"{group}.txt"))
            for analyzer in analyzers:
                streams = read_lines(os.path.join(d, f"oracle.{group}.{analyzer}.jsonl"))
                assert len(streams) == len(strings)
                lines.append(f"set {group} {analyzer} {len(strings)} {CHUNK}")
                for i in range(0, len(strings), CHUNK):
                    h = 0xcbf29ce484222325
                    for s, t in zip(strings[i:i + CHUNK], streams[i:i + CHUNK]):
                        h = fnv1a64(canonical(s, json.loads(t)), h)
                    lines.append(f"{h:016x}")
        write_lines(out, lines)
    elif cmd == "compare":
        (d,) = args
        total_diff = 0
        for group, analyzers in GROUPS.items():
            strings = read_lines(os.path.join(d, f"{group}.txt"))
            for analyzer in analyzers:
                oracle = read_lines(os.path.join(d, f"oracle.{group}.{analyzer}.jsonl"))
                rust = [json.loads(x) for x in read_lines(os.path.join(d, f"rust.{group}.{analyzer}.jsonl"))]
                assert len(oracle) == len(strings) == len(rust), (len(oracle), len(strings), len(rust))
                diff = 0
                for s, o, r in zip(strings, oracle, rust):
                    assert r["text"] == s, ("string order differs", s, r["text"])
                    if json.loads(o) != r["tokens"]:
                        diff += 1
                        if diff <= 20:
                            print(f"DIFF {group}/{analyzer} {s!r}\n  lucene {o}\n  rust   {json.dumps(r['tokens'], ensure_ascii=False)}")
                print(f"{group}/{analyzer}: {len(strings)} strings, {diff} differ")
                total_diff += diff
        sys.exit(1 if total_diff else 0)
    elif cmd == "fixtures":
        small, out = args
        fixtures(small, out)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
