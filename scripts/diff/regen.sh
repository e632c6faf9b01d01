#!/usr/bin/env bash
# Regenerates the differential fixtures: the corpus, the names workload, and the oracle's answers to both.
# Needs the oracle (../shared/oracle: apt-get install -y liblucene8-java, a JDK, ./build.sh) and an index of the
# bundled dump made with it: ORACLE=/path/to/oracle ORACLE_INDEX=/path/to/index scripts/diff/regen.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ORACLE="${ORACLE:-../shared/oracle}"
ORACLE_INDEX="${ORACLE_INDEX:?set ORACLE_INDEX to an oracle index of data/ror-v1-dump.zip (run.sh index ...)}"
python3 scripts/diff/make_corpus.py data/ror-v1-dump.zip > tests/data/diff/requests.txt
"$ORACLE/run.sh" query "$ORACLE_INDEX" < tests/data/diff/requests.txt > tests/data/diff/oracle.jsonl
python3 scripts/workloads/make_names.py data/ror-v1-dump.zip > tests/data/workloads/names.tsv
python3 -c "
import urllib.parse
rows=[l.rstrip('\n').split('\t') for l in open('tests/data/workloads/names.tsv', encoding='utf-8')][1:]
print(''.join('query='+urllib.parse.quote(r[3], safe='')+'\n' for r in rows), end='')
" | "$ORACLE/run.sh" query "$ORACLE_INDEX" > tests/data/workloads/names.oracle.jsonl
wc -l tests/data/diff/oracle.jsonl tests/data/workloads/names.oracle.jsonl
