#!/usr/bin/env bash
# Writes the OpenAPI description the service serves at /v3/api-docs over the committed contract, docs/openapi.json,
# by running ApiContractIT with -Dsift.openapi.refresh=true. Run it after a deliberate change to the API, review the
# diff of docs/openapi.json, and commit it: the build generates GeneratedClientIT's client from that file, and
# ApiContractIT fails the build while the served description and the file differ.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
./mvnw -B -q -ntp -pl triage-service/app -am verify -Dsift.openapi.refresh=true \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ApiContractIT -Dfailsafe.failIfNoSpecifiedTests=false "$@"
git --no-pager diff --stat -- docs/openapi.json
