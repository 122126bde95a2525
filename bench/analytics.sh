#!/usr/bin/env bash
# analytics-service ingestion and queries (issue 12):
#  1. bench/AnalyticsLoad.java writes sale.completed.v1 CloudEvents straight onto sale-events at stepped rates: per
#     step, the figures' lag, how soon figures and live activity had every event, and the server CPU per event
#     (analytics-service, Kafka, PostgreSQL from /proc; the tool's own CPU printed);
#  2. wrk (a C load tool, few connections) on the activity, daily and top-products queries of a bench location that
#     has a month of figures: throughput, p50 / p99 and the server CPU per query (bench/wrk-cpu.sh).
#
#   bench/analytics.sh                               (starts the local stack if needed; stops it unless KEEP_STACK=1)
#   RATES="2500 5000 7500 10000" STEP_SECONDS=20 bench/analytics.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${STACK_STATE_DIR:-$ROOT/.local}
RATES=${RATES:-"2500 5000 7500 10000"}
STEP_SECONDS=${STEP_SECONDS:-20}
DURATION=${SECONDS_PER_RUN:-15}
CONNECTIONS=${CONNECTIONS:-4}
# the queries are cold after the ingestion: 10 s of each first, so the JIT has compiled them
WARMUP=${WARMUP:-10}
LOCATIONS=${LOCATIONS:-20}
OUT=$ROOT/bench/results/analytics-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
log() { printf '[analytics] %s\n' "$*"; }
source "$ROOT/bench/wrk-cpu.sh"
ensure_wrk
ensure_stack http://127.0.0.1:8084/q/health/ready

ANALYTICS_PID=$(cat "$STATE/services/analytics-service.pid")
KAFKA_PID=$(cat "$STATE/kafka/kafka.pid")
log "ingestion: $RATES events/s, $STEP_SECONDS s each; results in $OUT"
java -Xmx256m -cp "$ROOT/deploy/local/kafka/target/lib/*" "$ROOT/bench/AnalyticsLoad.java" 127.0.0.1:9092 \
  http://127.0.0.1:8084 "$RATES" "$STEP_SECONDS" "analytics-service:$ANALYTICS_PID,kafka:$KAFKA_PID" "$LOCATIONS" |
  tee "$OUT/ingestion.md"

# queries: a location with a sale in every quarter hour of the last 31 days (written as events, then applied)
ADMIN=$("$ROOT/deploy/local/token.sh" admin)
log "queries: seeding 31 days of figures for bench-analytics-0"
java -Xmx256m -cp "$ROOT/deploy/local/kafka/target/lib/*" "$ROOT/bench/AnalyticsLoad.java" 127.0.0.1:9092 \
  http://127.0.0.1:8084 history 31 "" 1 >/dev/null
# statistics as autovacuum would have them in a steady state (just after a bulk load they say "1 row")
PGPASSWORD=${DB_PASSWORD:-shop} psql -qAtX -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${DB_USER:-shop}" -d analytics \
  -c "analyze figures" -c "analyze product_figures"
TO=$(date -u +%F)
FROM=$(date -u -d '30 days ago' +%F)
PROC_PIDS="analytics-service:$ANALYTICS_PID"
log "idle baseline"
idle_baseline
{
  echo "| request | throughput | p50 / p99 | server CPU per request | of which (µs) | JIT compiling, not counted | wrk's own CPU | non-2xx |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  wrk_run activity "http://127.0.0.1:8084/analytics/locations/bench-analytics-0/activity" "Authorization: Bearer $ADMIN"
  wrk_run daily-31-days "http://127.0.0.1:8084/analytics/daily?locationId=bench-analytics-0&from=$FROM&to=$TO" "Authorization: Bearer $ADMIN"
  wrk_run top-products-31-days "http://127.0.0.1:8084/analytics/top-products?locationId=bench-analytics-0&from=$FROM&to=$TO" "Authorization: Bearer $ADMIN"
} | tee "$OUT/queries.md"
log "results in $OUT"
