#!/usr/bin/env python3
"""Recall@1, recall@5 and mean rank of the names workload for one or more engines' answers.

    python3 scripts/workloads/eval_names.py tests/data/workloads/names.tsv oracle=oracle.jsonl ours=ours.jsonl

Each answers file holds one JSON line per workload row in the oracle's shape (`ids` of page 1). As in ROR's
functional tests, a record not on the first page counts as rank 21. Also prints the figures per damage kind.
"""
import json
import sys
from collections import defaultdict

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")][1:]
engines = [a.split("=", 1) for a in sys.argv[2:]]
print(f"{len(rows)} queries")
header = f"{'engine':10} {'recall@1':>9} {'recall@5':>9} {'mean rank':>10}"
for name, path in engines:
    answers = [json.loads(l) for l in open(path, encoding="utf-8")]
    assert len(answers) == len(rows)
    per = defaultdict(list)
    for (damage, _src, expected, _q), a in zip(rows, answers):
        ids = a.get("ids", [])
        rank = ids.index(expected) + 1 if expected in ids else 21
        per["all"].append(rank)
        per[damage].append(rank)
    print(f"\n{name}\n{header.replace('engine', 'damage')}")
    for k in ["all"] + sorted(x for x in per if x != "all"):
        rk = per[k]
        print(f"{k:10} {sum(r == 1 for r in rk) / len(rk):9.3f} {sum(r <= 5 for r in rk) / len(rk):9.3f} "
              f"{sum(rk) / len(rk):10.3f}   (n={len(rk)})")
