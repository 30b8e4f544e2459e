#!/usr/bin/env bash
# Triage latency under an open-loop load; see docs/benchmarks.md#latency-at-a-steady-rate.
# Starts the packaged service (SIFT_BENCH_JAR, default the one in triage-service/app/target) on the given backend
# with the demo tenant, imports a synthetic history of N tickets into tenant `bench` as a replace job (the demo
# history replicated with noise, scripts/bench/ingest.py) and waits for it to be calibrated, then offers RATE
# triages per second for SECONDS to each tenant with scripts/load/OpenLoop.java (constant rate, latency counted from
# when each request was due), after 10 s of warm-up at the same rate. Prints one RESULT line per tenant, and the
# service's CPU time per request (user + system, from /proc), which depends far less on other load than latency, and
# PostgreSQL's beside it.
# Usage: scripts/bench-latency.sh [lucene|pgvector] [tickets, default 8500] [rate, default 100] [seconds, default 30]
# pgvector uses a fresh database on the PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth), dropped after.
# SIFT_BENCH_ARGS adds options to the service, e.g. "--sift.incidents.enabled=false"; SIFT_BENCH_JVM adds options to
# the service's JVM only (not the load generator's), e.g. "-XX:+UseZGC".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
BACKEND="${1:-lucene}"
TICKETS="${2:-8500}"
RATE="${3:-100}"
SECONDS_AT_RATE="${4:-30}"
PORT="${SIFT_BENCH_PORT:-18082}"
WARM_UP_SECONDS=10
ADMIN_KEY="sift-bench-admin-$$-$RANDOM$RANDOM"
DB="sift_bench_latency_$$"
jar="${SIFT_BENCH_JAR:-$(ls triage-service/app/target/sift-triage-service-*-exec.jar 2>/dev/null | head -n 1 || true)}"
if [ -z "$jar" ]; then
  ./mvnw -B -q -ntp -pl triage-service/app -am package -DskipTests
  jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar | head -n 1)
fi
data=$(mktemp -d)
backend_args=()
if [ "$BACKEND" = "pgvector" ]; then
  psql -h 127.0.0.1 -U postgres -qAt -c "CREATE DATABASE $DB" >/dev/null
  backend_args=(--sift.index.backend=pgvector --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB"
    --spring.datasource.username=postgres)
fi
java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED ${SIFT_BENCH_JVM:-} -jar "$jar" \
  --server.port="$PORT" --sift.data-dir="$data" --sift.demo.enabled=true --sift.security.admin-key="$ADMIN_KEY" \
  --sift.limits.rate-per-key=1000000 --sift.limits.rate-burst=1000000 "${backend_args[@]}" ${SIFT_BENCH_ARGS:-} \
  >"$data/sift.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ "$BACKEND" = "pgvector" ] && psql -h 127.0.0.1 -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB" >/dev/null
  rm -rf "$data"
}
trap cleanup EXIT
CLOCK_TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# PostgreSQL's CPU: its live processes' own, plus what the postmaster has reaped from those that ended (fields 16-17),
# so that a backend or autovacuum worker ending during the run still counts. Every database on the server counts.
db_ticks() {
  local total=0 stat f
  for stat in /proc/[0-9]*/stat; do
    { read -r -a f <"$stat"; } 2>/dev/null || continue
    [ "${f[1]}" = "(postgres)" ] || continue
    total=$((total + f[13] + f[14]))
    # The postmaster is the one whose parent is not PostgreSQL.
    [ "$(cat "/proc/${f[3]}/comm" 2>/dev/null)" = postgres ] || total=$((total + f[15] + f[16]))
  done
  echo "$total"
}
per_request() { awk -v t="$1" -v hz="$CLOCK_TICKS" -v n="$2" 'BEGIN { printf "%.1f", t * 1000 / hz / n }'; }
base="http://127.0.0.1:$PORT"
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
for _ in $(seq 1 180); do
  curl -sf "$base/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
echo "service $(basename "$jar") on $BACKEND; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
tenants=(demo)
if [ "$TICKETS" -gt 0 ]; then
  key=$(curl -sf -X POST "$base/v1/admin/tenants/bench/keys" -H "Authorization: Bearer $ADMIN_KEY" \
    -H 'Content-Type: application/json' -d '{"name": "bench"}' | field key)
  (cd scripts/bench && python3 -c "
import json, sys
from ingest import tickets
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    for t in tickets(int(sys.argv[2])):
        f.write(json.dumps(t) + '\n')" "$data/history.ndjson" "$TICKETS")
  job=$(curl -sf -X POST "$base/v1/tenants/bench/history?mode=replace" -H "Authorization: Bearer $ADMIN_KEY" \
    -F "file=@$data/history.ndjson" | field id)
  began=$(date +%s)
  while :; do
    state=$(curl -sf "$base/v1/jobs/$job" -H "Authorization: Bearer $ADMIN_KEY" | field state)
    [ "$state" = "succeeded" ] && break
    if [ "$state" = "failed" ] || [ "$state" = "cancelled" ]; then echo "import $state" >&2; exit 1; fi
    sleep 5
  done
  echo "imported and calibrated $TICKETS tickets into tenant bench in $(( $(date +%s) - began )) s" >&2
  tenants+=(bench)
fi
for tenant in "${tenants[@]}"; do
  tenant_key=$([ "$tenant" = demo ] && echo sift-demo-key || echo "$key")
  url="$base/v1/tenants/$tenant/triage"
  java scripts/load/OpenLoop.java "$url" "$tenant_key" "$RATE" "$WARM_UP_SECONDS" >/dev/null
  echo -n "$BACKEND $tenant ($(curl -sf "$base/v1/tenants/$tenant/stats" -H "Authorization: Bearer $tenant_key" \
    | field tickets) tickets): "
  cpu_before=$(cpu_ticks)
  db_before=$(db_ticks)
  result=$(java scripts/load/OpenLoop.java "$url" "$tenant_key" "$RATE" "$SECONDS_AT_RATE")
  cpu_after=$(cpu_ticks)
  db_after=$(db_ticks)
  echo "$result"
  sent=$(sed -n 's/.* sent=\([0-9]*\) .*/\1/p' <<<"$result")
  # CPU time the service spent per request: unlike latency, it hardly depends on what else the machine runs.
  echo "$BACKEND $tenant: service CPU $(per_request $((cpu_after - cpu_before)) "$sent") ms per request" \
    "over $sent requests; PostgreSQL CPU $(per_request $((db_after - db_before)) "$sent") ms per request" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); peak RSS of the service:" \
  "$(grep VmHWM /proc/$pid/status | awk '{print $2/1024 " MB"}')" >&2
