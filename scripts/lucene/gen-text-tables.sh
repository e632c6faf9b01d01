#!/usr/bin/env bash
# Regenerates the ground-truth tables of the `text` module (tests/data/text/{std-cmap,java-lowercase,java-letter}.tsv,
# std-dfa.txt, fold.tsv) from the JDK and the Lucene jar, then src/text/tables.rs from them.
# Needs: javac/java 17, /usr/share/java/lucene-core-8.7.0.jar (Debian liblucene8-java, code 8.8.1), the oracle
# (ORACLE=/work/oracle by default) and python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
oracle="${ORACLE:-/work/oracle}"
jar="${LUCENE_CORE_JAR:-/usr/share/java/lucene-core-8.7.0.jar}"
data="$root/tests/data/text"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
javac -d "$tmp" -cp "$jar" "$root/scripts/lucene/DumpTextTables.java"
java -cp "$jar:$tmp" DumpTextTables "$data"
"$oracle/run.sh" fold > "$data/fold.tsv"
python3 "$root/scripts/lucene/gen_text_tables.py" "$root"
