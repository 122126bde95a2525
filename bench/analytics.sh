#!/usr/bin/env bash
# analytics-service ingestion and queries (issue 12):
#  1. bench/AnalyticsLoad.java writes sale.completed.v1 CloudEvents straight onto sale-events at stepped rates: per
#     step, the figures' lag, how soon figures and live activity had every event, and the server CPU per event
#     (analytics-service, Kafka, PostgreSQL from /proc; the tool's own CPU printed);
#  2. wrk (a C load tool, few connections) on the activity, daily and top-products queries of a bench location that
#     has a month of figures: throughput, p50 / p99 and the server CPU per query (bench/wrk-cpu.sh);
#  3. the engine baselines, in the same run: PostgreSQL applying the same sales with the service's own statements
#     (claims, figures, product figures, currencies; BATCH sales per transaction) on an empty copy of its tables at each
#     step's rate (pgbench, one client); pgbench running each query's SQL on the same data; the trivial Quarkus
#     endpoint (bench/trivial's GET /ping) for the activity, answered from memory; then engine ÷ ours per row.
#
#   bench/analytics.sh                               (starts the local stack if needed; stops it unless KEEP_STACK=1)
#   RATES="2500 5000 7500 10000" STEP_SECONDS=20 bench/analytics.sh
#   WARMUP_SECONDS=120 bench/analytics.sh         the ingestion's unreported warm-up at 2,500/s (default 60 s)
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
WARMUP_SECONDS=${WARMUP_SECONDS:-60} java -Xmx256m -cp "$ROOT/deploy/local/kafka/target/lib/*" "$ROOT/bench/AnalyticsLoad.java" 127.0.0.1:9092 \
  http://127.0.0.1:8084 "$RATES" "$STEP_SECONDS" "analytics-service:$ANALYTICS_PID,kafka:$KAFKA_PID" "$LOCATIONS" |
  tee "$OUT/ingestion.md"

# queries: a location with a sale in every quarter hour of the last 31 days (written as events, then applied)
ADMIN=$("$ROOT/deploy/local/token.sh" admin)
log "queries: seeding 31 days of figures for bench-analytics-0"
java -Xmx256m -cp "$ROOT/deploy/local/kafka/target/lib/*" "$ROOT/bench/AnalyticsLoad.java" 127.0.0.1:9092 \
  http://127.0.0.1:8084 history 31 "" 1 >/dev/null
export PGPASSWORD=${DB_PASSWORD:-shop}
# statistics as autovacuum would have them in a steady state (just after a bulk load they say "1 row")
psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d analytics -c "analyze figures" -c "analyze product_figures"
TO=$(date -u +%F)
FROM=$(date -u -d '30 days ago' +%F)
start_trivial 8090
PROC_PIDS="analytics-service:$ANALYTICS_PID kafka:$KAFKA_PID trivial:$TRIVIAL_PID"
log "idle baseline"
idle_baseline

# the engine applying the same sales: BATCH sales of 2 lines over the LOCATIONS locations per transaction, folded
# as the service folds them (one figures row per location, one product_figures row per location and product)
BATCH=${BATCH:-50}
copy_tables bench_analytics analytics applied_event figures product_figures location_currency
cat >"$OUT/ingest.sql" <<SQL
BEGIN;
INSERT INTO applied_event (event_id) SELECT gen_random_uuid()::text FROM generate_series(1, $BATCH) ON CONFLICT DO NOTHING RETURNING event_id;
INSERT INTO figures (source, location_id, bucket, currency, orders, revenue, items, carts_created, carts_checked_out, carts_abandoned)
  SELECT 'sale', 'bench-analytics-' || l, date_bin('15 minutes', now(), timestamptz '2000-01-01'), 'EUR', $BATCH / $LOCATIONS, 1050 * $BATCH / $LOCATIONS, 3 * $BATCH / $LOCATIONS, 0, 0, 0
  FROM generate_series(0, $LOCATIONS - 1) l
  ON CONFLICT (location_id, bucket, source, currency) DO UPDATE SET orders = figures.orders + excluded.orders,
  revenue = figures.revenue + excluded.revenue, items = figures.items + excluded.items,
  carts_created = figures.carts_created + excluded.carts_created, carts_checked_out = figures.carts_checked_out + excluded.carts_checked_out,
  carts_abandoned = figures.carts_abandoned + excluded.carts_abandoned;
INSERT INTO product_figures (source, location_id, product_id, bucket, currency, units, revenue)
  SELECT DISTINCT ON (l, p) 'sale', 'bench-analytics-' || l, 'p-' || p, date_bin('15 minutes', now(), timestamptz '2000-01-01'), 'EUR', 1, 450
  FROM generate_series(0, 2 * $BATCH - 1) g, LATERAL (SELECT g % $LOCATIONS AS l, g % 50 AS p) x
  ON CONFLICT (location_id, bucket, product_id, source, currency) DO UPDATE SET units = product_figures.units + excluded.units,
  revenue = product_figures.revenue + excluded.revenue;
INSERT INTO location_currency (location_id, currency) SELECT 'bench-analytics-' || l, 'EUR' FROM generate_series(0, $LOCATIONS - 1) l ON CONFLICT DO NOTHING;
COMMIT;
SQL
{
  echo "| engine baseline | throughput | latency | server CPU per event | of which (µs) | JIT, not counted | pgbench's own CPU | errors |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  for rate in $RATES; do
    OPS_PER_TX=$BATCH DURATION=$STEP_SECONDS pgbench_at "ingest-$rate" "$OUT/ingest.sql" "$(python3 -c "print(max(1, round($rate / $BATCH)))")" bench_analytics
  done
} | tee "$OUT/ingestion-engine.md"
drop_database bench_analytics

{
  echo "| request | throughput | p50 / p99 | server CPU per request | of which (µs) | JIT compiling, not counted | wrk's own CPU | non-2xx |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  wrk_run activity "http://127.0.0.1:8084/analytics/locations/bench-analytics-0/activity" "Authorization: Bearer $ADMIN"
  wrk_run daily-31-days "http://127.0.0.1:8084/analytics/daily?locationId=bench-analytics-0&from=$FROM&to=$TO" "Authorization: Bearer $ADMIN"
  wrk_run top-products-31-days "http://127.0.0.1:8084/analytics/top-products?locationId=bench-analytics-0&from=$FROM&to=$TO" "Authorization: Bearer $ADMIN"
  # the engine baselines: the same SQL as each query (the location's zone and currency, then the sums) through
  # pgbench on the same data, as many clients as wrk has connections; the trivial endpoint for the activity
  LOOKUP="SELECT l.location_id, l.time_zone, c.currency FROM location l LEFT JOIN location_currency c USING (location_id) WHERE l.location_id = 'bench-analytics-0';"
  BOUNDS=$(python3 -c "import datetime as d, sys; f = d.date.fromisoformat(sys.argv[1]); print(','.join(str(f + d.timedelta(i)) + 'T00:00:00Z' for i in range(32)))" "$FROM")
  printf '%s\n%s\n' "$LOOKUP" "SELECT width_bucket(bucket, '{$BOUNDS}'::timestamptz[]) AS day, sum(orders)::bigint, sum(revenue)::bigint, sum(items)::bigint, sum(carts_created)::bigint, sum(carts_checked_out)::bigint, sum(carts_abandoned)::bigint FROM figures WHERE location_id = 'bench-analytics-0' AND currency = 'EUR' AND bucket >= '${BOUNDS%%,*}' AND bucket < '${BOUNDS##*,}' GROUP BY 1;" >"$OUT/daily.sql"
  printf '%s\n%s\n' "$LOOKUP" "SELECT product_id, sum(units)::bigint AS units, sum(revenue)::bigint AS revenue FROM product_figures WHERE location_id = 'bench-analytics-0' AND currency = 'EUR' AND bucket >= '${BOUNDS%%,*}' AND bucket < '${BOUNDS##*,}' GROUP BY product_id HAVING sum(units) > 0 ORDER BY units DESC, revenue DESC, product_id LIMIT 10;" >"$OUT/top.sql"
  pgbench_run pgbench-daily-31-days "$OUT/daily.sql" "$CONNECTIONS" analytics
  pgbench_run pgbench-top-products-31-days "$OUT/top.sql" "$CONNECTIONS" analytics
  wrk_run trivial-ping "http://127.0.0.1:8090/ping"
} | tee "$OUT/queries.md"

{
  echo
  echo "| ours | engine baseline | ours: server CPU per operation | engine's | engine ÷ ours |"
  echo "|---|---|---:|---:|---:|"
  # ours per ingestion step, from AnalyticsLoad's table: | asked | sent | lag | caught up | holds | **cpu µs** | ...
  for rate in $RATES; do
    ours=$(awk -F'|' -v r="$rate" '{ gsub(/[ ,]/, "", $2) } $2 == r { gsub(/[^0-9.]/, "", $7); print $7 }' "$OUT/ingestion.md")
    pair_row "sale event at $rate/s" "PostgreSQL, same statements, $BATCH per transaction" "${ours:-}" "$(cpu_of "ingest-$rate")"
  done
  pair_row activity trivial-ping "$(cpu_of activity)" "$(cpu_of trivial-ping)"
  pair_row daily-31-days "its SQL, pgbench" "$(cpu_of daily-31-days)" "$(cpu_of pgbench-daily-31-days)"
  pair_row top-products-31-days "its SQL, pgbench" "$(cpu_of top-products-31-days)" "$(cpu_of pgbench-top-products-31-days)"
} | tee "$OUT/ratios.md"
log "results in $OUT"
