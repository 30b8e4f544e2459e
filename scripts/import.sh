#!/usr/bin/env bash
# Imports a tenant's ticket history from the command line, with a progress bar. See docs/importing.md.
# Example: scripts/import.sh --tenant acme --file tickets.csv --map 'subject=Short description,body=Description'
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -ntp install -DskipTests
  jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar | head -n 1)
fi
exec java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$jar" import "$@"
