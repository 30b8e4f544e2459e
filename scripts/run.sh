#!/usr/bin/env bash
# Builds Sift and starts it on the embedded default (Lucene index, bundled ONNX model, no server needed),
# with the demo tenant loaded on first start. Extra arguments go to the service, e.g. --server.port=8081.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
./mvnw -B -q -ntp install -DskipTests
jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar | head -n 1)
exec java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$jar" --sift.demo.enabled=true "$@"
