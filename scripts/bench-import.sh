#!/usr/bin/env bash
# Bulk import into pgvector: 8.5k real itsm tickets and 200k synthetic copies; see docs/benchmarks.md.
#   scripts/bench-import.sh [synthetic count] [--maintained-synthetic]
# Needs ../shared/datasets (SIFT_SHARED_DIR) and PostgreSQL with pgvector at SIFT_TEST_PG_URL (default: local).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
# One reactor run compiles the modules and resolves them to their target/classes, so nothing is installed.
./mvnw -B -q -ntp -pl evaluation -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
export SIFT_SHARED_DIR="${SIFT_SHARED_DIR:-$PWD/../shared}"
exec java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g \
  -cp "evaluation/target/classes:evaluation/target/test-classes:$(cat evaluation/target/bench.cp)" \
  dev.sift.evaluation.bench.PgImportBenchmark "$@"
