#!/usr/bin/env bash
# Runs every test: unit tests (Surefire) and tests against real servers and the shared datasets (Failsafe).
# Where a PostgreSQL server answers (127.0.0.1:5432 by default, or PGHOST/PGPORT/PGUSER), it first makes sure the
# pgvector extension is installed, so that the pgvector backend's tests run against it. Without PostgreSQL those
# tests are skipped, unless CI=true, where they fail. Likewise headless Chromium and chromedriver are installed for
# the console's browser tests (ConsoleIT) when missing; without them those tests are skipped, unless CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
if command -v psql >/dev/null 2>&1 \
    && psql -X -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}" -tAc 'select 1' >/dev/null 2>&1; then
  bash scripts/install-pgvector.sh
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but no PostgreSQL answers at ${PGHOST:-127.0.0.1}:${PGPORT:-5432}; the pgvector tests will fail." >&2
else
  echo "No PostgreSQL answers at ${PGHOST:-127.0.0.1}:${PGPORT:-5432}; the pgvector tests will be skipped." >&2
fi
if ! bash scripts/install-chromium.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true but Chromium and chromedriver could not be installed; the console tests would fail." >&2
    exit 1
  fi
  echo "Chromium and chromedriver could not be installed; the console tests will be skipped." >&2
fi
# Every test, the slow ones too (pom.xml, sift.test.excludedGroups).
./mvnw -B -ntp verify -Dsift.test.excludedGroups=none "$@"
