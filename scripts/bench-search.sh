#!/usr/bin/env bash
# Search benchmarks; see docs/benchmarks.md.
#   scripts/bench-search.sh            exact against HNSW on one Lucene tenant of growing size
#   scripts/bench-search.sh pgvector   recall@5 and p50/p99 for Lucene and pgvector at 100k vectors
#                                      (PostgreSQL with pgvector at SIFT_TEST_PG_URL, default the local server)
#   scripts/bench-search.sh purge      time to purge one deleted ticket from a Lucene tenant of growing size
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
main=dev.sift.index.lucene.SearchBenchmark
if [[ "${1:-}" == pgvector ]]; then
  main=dev.sift.index.pgvector.PgSearchBenchmark
  shift
elif [[ "${1:-}" == purge ]]; then
  main=dev.sift.index.lucene.PurgeBenchmark
  shift
fi
./mvnw -B -q -ntp -pl vector-index -am test-compile
cp=$(./mvnw -B -q -ntp -pl vector-index dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec java --add-modules jdk.incubator.vector -Xmx3g \
  -cp "vector-index/target/classes:vector-index/target/test-classes:$cp" "$main" "$@"
