#!/usr/bin/env bash
# Runs every test: unit tests (Surefire) and tests against real servers and the shared datasets (Failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
./mvnw -B -ntp verify "$@"
