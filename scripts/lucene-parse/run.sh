#!/usr/bin/env bash
# Runs Lucene's classic QueryParser (Debian's liblucene8-java jars: code 8.8.1) as ES 7.10 configures it over query
# cases and prints the hook-call traces that `cargo test --lib query` compares against.
#   scripts/lucene-parse/run.sh < tests/data/query/corpus.txt > tests/data/query/corpus.lucene.txt
# Needs a JDK (javac) and `apt-get install -y liblucene8-java`. Builds into target/lucene-parse/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jars=/usr/share/java
cp="$jars/lucene-core-8.7.0.jar:$jars/lucene-queryparser-8.7.0.jar:$jars/lucene-analyzers-common-8.7.0.jar"
for j in ${cp//:/ }; do [ -f "$j" ] || { echo "missing $j: apt-get install -y liblucene8-java" >&2; exit 1; }; done
out="$root/target/lucene-parse"
if [ ! -f "$out/org/apache/lucene/queryparser/classic/TraceParser.class" ] ||
   [ "$here/TraceParser.java" -nt "$out/org/apache/lucene/queryparser/classic/TraceParser.class" ]; then
  mkdir -p "$out"
  javac -encoding UTF-8 -nowarn -cp "$cp" -d "$out" "$here/TraceParser.java"
fi
exec java -Xss8m -cp "$out:$cp" org.apache.lucene.queryparser.classic.TraceParser
