#!/usr/bin/env bash
# Load test of the embedded default (Lucene, bundled model) with real HTTP load tools; see docs/benchmarks.md#load.
#  1. sustained: wrk, closed loop, few connections: the rate the service sustains, p50/p99 latency, errors;
#  2. overload: hey, open loop at twice that rate from many clients: the service must shed (503 overloaded or
#     429) rather than queue without bound, and keep the latency of what it accepts bounded.
# Installs wrk and hey from Debian when missing. Usage: scripts/bench-load.sh [seconds per phase, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
SECONDS_PER_PHASE="${1:-30}"
PORT="${SIFT_BENCH_PORT:-18080}"
CONNECTIONS="${SIFT_BENCH_CONNECTIONS:-8}"
# One key drives the whole test; its rate limit is lifted so that capacity, not the limit, is measured.
KEY="sift-demo-key"
for tool in wrk hey; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "installing $tool from Debian" >&2
    (apt-get install -y -qq "$tool" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "$tool" >/dev/null; })
  fi
done
jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -ntp install -DskipTests
  jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar | head -n 1)
fi
data=$(mktemp -d)
log="$data/sift.log"
java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$jar" \
  --server.port="$PORT" --sift.data-dir="$data" --sift.demo.enabled=true --sift.incidents.enabled=false \
  --sift.limits.rate-per-key=1000000 --sift.limits.rate-burst=1000000 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
url="http://127.0.0.1:$PORT/v1/tenants/demo/triage"
export SIFT_KEY="$KEY"
echo "warm-up (10 s)" >&2
wrk -t2 -c"$CONNECTIONS" -d10s -s scripts/load/triage.lua "$url" >/dev/null
echo "== sustained: wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_PHASE}s" >&2
sustained=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_PHASE}s" --latency -s scripts/load/triage.lua "$url" | grep '^RESULT')
echo "$sustained"
rate=$(echo "$sustained" | sed -E 's/.* rate=([0-9.]+).*/\1/')
# Open loop at twice the sustained rate: hey paces each of its clients; 200 clients keep the offered rate up even
# when answers slow down.
clients=200
offered=$(awk -v r="$rate" 'BEGIN { printf "%.0f", 2 * r }')
per_client=$(awk -v r="$rate" -v c="$clients" 'BEGIN { printf "%.3f", 2 * r / c }')
body=$(mktemp)
printf '%s' '{"subject": "VPN connects but network drives are missing", "body": "Since this morning my mapped drives show a red cross."}' >"$body"
echo "== overload: hey -c $clients -q $per_client (offered ~$offered req/s) -z ${SECONDS_PER_PHASE}s" >&2
hey -z "${SECONDS_PER_PHASE}s" -c "$clients" -q "$per_client" -m POST -T application/json \
  -H "Authorization: Bearer $KEY" -D "$body" "$url" | tee "$data/hey.txt" \
  | sed -n '/Summary/,/Requests\/sec/p;/Latency distribution/,/99%/p;/Status code distribution/,$p'
rm -f "$body"
echo "== after the overload, a single triage:" >&2
curl -s -o /dev/null -w "status %{http_code} in %{time_total}s\n" -X POST "$url" -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"subject": "Printer prints blank pages"}'
echo "peak RSS of the service: $(grep VmHWM /proc/$pid/status | awk '{print $2/1024 " MB"}')"
