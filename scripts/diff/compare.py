#!/usr/bin/env python3
"""Compares our answers with the oracle's, request by request.

    python3 scripts/diff/compare.py tests/data/diff/requests.txt tests/data/diff/oracle.jsonl ours.jsonl

Agreement rules (issue 4): `number_of_results`, `meta` and `errors` must be equal on every request; an oracle
HTTP-500 (`error500`) must be an error on our side too; the page of ids must be equal on at least 98%.
Prints every difference with the request and its comment.
"""
import json
import sys

reqs = []
comment = ""
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("#"):
        comment = line[2:]
        continue
    reqs.append((comment, line))
oracle = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
ours = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8")]
assert len(reqs) == len(oracle) == len(ours), (len(reqs), len(oracle), len(ours))

hard = ids_diff = scores_diff = 0
for (what, req), o, u in zip(reqs, oracle, ours):
    problems = []
    if "error500" in o or "error500" in u:
        if ("error500" in o) != ("error500" in u):
            problems.append(f"error500: oracle {o.get('error500')!r} ours {u.get('error500')!r}")
    elif "errors" in o or "errors" in u:
        if o.get("errors") != u.get("errors"):
            problems.append(f"errors: oracle {o.get('errors')} ours {u.get('errors')}")
    elif "number_of_results" in o:
        if o["number_of_results"] != u.get("number_of_results"):
            problems.append(f"total: oracle {o['number_of_results']} ours {u.get('number_of_results')}")
        if o["meta"] != u.get("meta"):
            problems.append("meta differs")
    else:
        if o != u:
            problems.append(f"oracle {o} ours {u}")
    if problems:
        hard += 1
        print(f"HARD  {what}\n      {req}\n      " + "\n      ".join(problems))
        continue
    if o.get("ids") != u.get("ids"):
        ids_diff += 1
        print(f"IDS   {what}\n      {req}")
        for i, (a, b) in enumerate(zip(o.get("ids", []), u.get("ids", []))):
            if a != b:
                print(f"      first difference at {i}: oracle {a} ({o['scores'][i]}) ours {b} ({u['scores'][i]})")
                break
    elif any(abs(a - b) > 1e-6 * max(1, abs(a)) for a, b in zip(o.get("scores", []), u.get("scores", []))):
        scores_diff += 1
        print(f"SCORE {what}\n      {req}\n      oracle {o['scores'][:3]} ours {u['scores'][:3]}")
n = len(reqs)
print(f"\n{n} requests: {n - hard} agree on totals/meta/errors ({hard} do not); "
      f"{n - hard - ids_diff} agree on the page of ids ({100 * (n - hard - ids_diff) / n:.1f}%); "
      f"{scores_diff} with the same ids but other scores")
sys.exit(1 if hard else 0)
