#!/usr/bin/env bash
# Ingest over HTTP on the pgvector backend; see docs/benchmarks.md#ingest-over-http-on-pgvector.
# Starts the packaged service on sift.index.backend=pgvector against a fresh database on the PostgreSQL at
# SIFT_BENCH_PG (default 127.0.0.1:5432, user postgres, trust auth), creates a tenant key, and pushes N tickets
# (default 20,000; the demo history replicated with noise, scripts/bench/ingest.py) in batches of 200 through
# POST /v1/tenants/bench/tickets, one batch after another. Reports per-batch latency p50/p99/max, overall tickets/s
# and tickets/s over the last 2,000, the background refits the service logged, and the load average.
# Usage: scripts/bench-ingest.sh [tickets, default 20000] [batch size, default 200]
# SIFT_BENCH_JFR=file.jfr records a Java Flight Recording of the service; SIFT_BENCH_KEEP_DB=1 keeps the database;
# SIFT_BENCH_JAR runs another packaged jar (default the one in triage-service/app/target).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
TICKETS="${1:-20000}"
BATCH="${2:-200}"
PORT="${SIFT_BENCH_PORT:-18081}"
PG_HOST="${SIFT_BENCH_PG_HOST:-127.0.0.1}"
PG_PORT="${SIFT_BENCH_PG_PORT:-5432}"
DB="sift_bench_ingest_$$"
ADMIN_KEY="sift-bench-admin-$$-$RANDOM$RANDOM"
jar="${SIFT_BENCH_JAR:-$(ls triage-service/app/target/sift-triage-service-*-exec.jar 2>/dev/null | head -n 1 || true)}"
if [ -z "$jar" ]; then
  ./mvnw -B -q -ntp -pl triage-service/app -am package -DskipTests
  jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar | head -n 1)
fi
psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qAt -c "CREATE DATABASE $DB" >/dev/null
data=$(mktemp -d)
log="$data/sift.log"
jfr=()
if [ -n "${SIFT_BENCH_JFR:-}" ]; then
  jfr=("-XX:StartFlightRecording=filename=$SIFT_BENCH_JFR,settings=profile")
fi
java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED "${jfr[@]}" -jar "$jar" \
  --server.port="$PORT" --sift.data-dir="$data" --sift.index.backend=pgvector \
  --spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" --spring.datasource.username=postgres \
  --sift.security.admin-key="$ADMIN_KEY" --sift.incidents.enabled=false \
  --sift.limits.rate-per-key=1000000 --sift.limits.rate-burst=1000000 >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "${SIFT_BENCH_KEEP_DB:-}" ]; then
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB" >/dev/null || true
  else
    echo "kept database $DB" >&2
  fi
  rm -rf "$data"
}
trap cleanup EXIT
# CPU time says more than wall time when other processes share the cores: the service's (less its start-up), and
# that of the database backends serving it (its pooled connections live through the run).
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{s += ($14 + $15) / hz} END {printf "%.1f", s}' "$@" 2>/dev/null; }
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
key=$(curl -sf -X POST "http://127.0.0.1:$PORT/v1/admin/tenants/bench/keys" -H "Authorization: Bearer $ADMIN_KEY" \
  -H 'Content-Type: application/json' -d '{"name": "bench"}' | sed -E 's/.*"key" *: *"([^"]+)".*/\1/')
start_cpu=$(cpu_seconds "/proc/$pid/stat")
echo "service pid $pid on database $DB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 scripts/bench/ingest.py "http://127.0.0.1:$PORT/v1/tenants/bench/tickets" "$key" "$TICKETS" "$BATCH"
echo "background refits during the run: $(grep -c 'fitted tenant bench' "$log" || true)"
grep 'fitted tenant bench' "$log" | sed -E 's/.*(fitted tenant[^;]*).*/  \1/' | tail -n 5
echo "peak RSS of the service: $(grep VmHWM /proc/$pid/status | awk '{print $2/1024 " MB"}')"
backends=$(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qAt -c \
  "SELECT pid FROM pg_stat_activity WHERE datname = '$DB'" | sed 's|.*|/proc/&/stat|')
service_cpu=$(awk -v a="$(cpu_seconds "/proc/$pid/stat")" -v b="$start_cpu" 'BEGIN {printf "%.1f", a - b}')
# shellcheck disable=SC2086
db_cpu=$(cpu_seconds $backends)
echo "CPU: service ${service_cpu} s after start-up (${start_cpu} s), database backends ${db_cpu} s;" \
  "$(awk -v n="$TICKETS" -v a="$service_cpu" -v b="$db_cpu" 'BEGIN {printf "%.1f tickets per CPU-second", n / (a + b)}')"
