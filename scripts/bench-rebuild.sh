#!/usr/bin/env bash
# Times a full tenant rebuild (`import --replace`: embed every ticket into a staging index, swap it in, refit) on
# the embedded default, for the real itsm-assignment export and for synthetic histories made from it by
# replication with noise, and reports wall time, tickets/s and the peak RSS of the process.
# Needs ../shared/datasets. Usage: scripts/bench-rebuild.sh [N ...]   (default: 8500 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
source="../shared/datasets/itsm-assignment/tickets.csv"
[ -f "$source" ] || { echo "needs $source" >&2; exit 1; }
jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -ntp install -DskipTests
  jar=$(ls triage-service/app/target/sift-triage-service-*-exec.jar | head -n 1)
fi
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in "${@:-8500 200000}"; do
  python3 scripts/bench/synthesize.py "$source" "$n" "$work/history.csv"
  data="$work/data-$n"
  # A live tenant to rebuild: the first 500 tickets, imported normally.
  head -n 501 "$work/history.csv" >"$work/seed.csv"
  java -jar "$jar" import --tenant bench --file "$work/seed.csv" --data-dir "$data" >/dev/null 2>&1
  /usr/bin/time -f "%e %M" -o "$work/time" java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -jar "$jar" import --tenant bench --file "$work/history.csv" --data-dir "$data" --replace >"$work/out" 2>&1
  read -r seconds rss_kb <"$work/time"
  printf 'RESULT tickets=%d rebuild_s=%.1f tickets_per_s=%.1f peak_rss_mb=%.0f\n' "$n" "$seconds" \
    "$(awk -v n="$n" -v s="$seconds" 'BEGIN { print n / s }')" "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')"
  grep -E "Imported|tickets/s" "$work/out" | head -2
  rm -rf "$data"
done
