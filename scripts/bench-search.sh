#!/usr/bin/env bash
# Times exact and HNSW search on one Lucene tenant of growing size; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
./mvnw -B -q -ntp -pl vector-index -am test-compile
cp=$(./mvnw -B -q -ntp -pl vector-index dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec java --add-modules jdk.incubator.vector -cp "vector-index/target/classes:vector-index/target/test-classes:$cp" \
  dev.sift.index.lucene.SearchBenchmark
