#!/usr/bin/env bash
# Latency through the pipes (issue 13 §3), with what each operation costs the servers and what the engines need for
# the same work, in one run:
#   lag  bench/EventLoad.java writes stock.changed.v1 CloudEvents straight onto stock-events, paced at each of
#        LAG_RATES events/s for LAG_SECONDS: the projection lag p99 (event time → applied,
#        projection_apply_lag_seconds{name="stock"}) and the server CPU per event (projection-service, Kafka, PostgreSQL,
#        Redis...; EventLoad's own CPU printed, never counted). Engine baseline: PostgreSQL applying as many levels with
#        the projection's own statement (the version-guarded upsert of stock_view, BATCH levels per statement) on an
#        empty copy of its tables, at the same rate (pgbench, one client, as one consumer applies its batches).
#   sse  bench/sse_latency.py follows the stock streams of the bench locations while POS sales run open loop at
#        SSE_RATE/s (bench/openloop): push latency p50 / p99 (the sale's commit → the subscriber), the outbox's part
#        (commit → Kafka ack, stock-service's histogram), and the server CPU per sale (every server process: the sale,
#        the relay, the projections, analytics, the push). Engine baseline: the seed's sale SQL through pgbench at the
#        same rate.
# CPU accounting as in bench/writes.sh (bench/wrk-cpu.sh): /proc before and after, idle baseline subtracted, the
# measurement running on until the servers are quiet again; then engine ÷ ours per row.
#
#   bench/pipes.sh                     (starts the local stack if needed; stops it afterwards unless KEEP_STACK=1)
#   LAG_RATES="1000 2000" LAG_SECONDS=30 SSE_RATE=200 bench/pipes.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${STACK_STATE_DIR:-$ROOT/.local}
LAG_RATES=${LAG_RATES:-"1000"}
LAG_SECONDS=${LAG_SECONDS:-30}
SSE_RATE=${SSE_RATE:-100}
SSE_SECONDS=${SSE_SECONDS:-30}
SSE_WARMUP=${SSE_WARMUP:-60} # seconds of sales at SSE_RATE first, unmeasured: the JIT compiles the sale's path
BATCH=${BATCH:-50}
PROJECTION_URL=http://127.0.0.1:8083
KAFKA_LIB=$ROOT/deploy/local/kafka/target/lib
OUT=$ROOT/bench/results/pipes-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
# the load tool's JVM: compiled once (the source launcher would compile at every start), C1 only, a small heap
EVENT_LOAD=(java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$KAFKA_LIB/*:$OUT/classes" EventLoad)
log() { printf '[pipes] %s\n' "$*" >&2; }
export PGPASSWORD=${DB_PASSWORD:-shop}
source "$ROOT/bench/wrk-cpu.sh"
source "$ROOT/bench/bench-data.sh"
ensure_openloop
ensure_stack http://127.0.0.1:8084/q/health/ready

bench_data
bench_pgbench_db bench_pgbench
copy_tables bench_pipes projection stock_view
# the product names the statement joins (product_view's search column needs a function pg_dump -t leaves out)
psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d bench_pipes -c \
  "create table product_view (product_id text primary key, name text not null)" \
  -c "insert into product_view select 'lag-product-' || p, 'Product ' || p from generate_series(0, 49) p" >/dev/null

pid_of() { cat "$STATE/services/$1.pid"; }
REDIS_PID=$(pgrep -x redis-server | head -1 || true)
PROC_PIDS="kafka:$(cat "$STATE/kafka/kafka.pid")${REDIS_PID:+ redis:$REDIS_PID}"
for s in stock-service cart-service projection-service analytics-service; do PROC_PIDS="$PROC_PIDS $s:$(pid_of "$s")"; done
METRICS_URLS="stock=$STOCK_URL/q/metrics projection=$PROJECTION_URL/q/metrics"

# the projection's statement for BATCH levels at once (StockViewRepository.applyAll), versions always newer
cat >"$OUT/stock-levels.sql" <<SQL
\\set o random(0, 999)
WITH incoming AS (SELECT 'lag-loc-' || ((g + :o) % 20) AS location_id, 'lag-product-' || ((g + :o) % 50) AS product_id,
  1000::bigint AS on_hand, 0::bigint AS reserved, 1000::bigint AS available,
  (extract(epoch FROM clock_timestamp()) * 1e6)::bigint AS version, now() AS changed_at, g AS n FROM generate_series(1, $BATCH) g),
before AS (SELECT s.location_id, s.product_id, s.version FROM stock_view s JOIN incoming i USING (location_id, product_id)),
up AS (INSERT INTO stock_view (location_id, product_id, on_hand, reserved, available, version, changed_at)
  SELECT location_id, product_id, on_hand, reserved, available, version, changed_at FROM incoming
  ON CONFLICT (location_id, product_id) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved,
  available = excluded.available, version = excluded.version, changed_at = excluded.changed_at, updated_at = now()
  WHERE stock_view.version < excluded.version RETURNING location_id, product_id)
SELECT i.n, coalesce(b.version, 0) AS previous, u.product_id IS NOT NULL AS changed, coalesce(p.name, i.product_id) AS name
FROM incoming i LEFT JOIN before b USING (location_id, product_id) LEFT JOIN up u USING (location_id, product_id)
LEFT JOIN product_view p ON p.product_id = i.product_id ORDER BY i.n;
SQL

# warm-up: the projection applies stock events, stock-service sells (fresh Idempotency-Keys throughout)
log "warm-up: 30 s of stock events at 500/s, ${SSE_WARMUP} s of sales at $SSE_RATE/s"
javac -d "$OUT/classes" -cp "$KAFKA_LIB/*" "$ROOT/bench/EventLoad.java"
"${EVENT_LOAD[@]}" 127.0.0.1:9092 500 30 20 50 >/dev/null 2>&1 || true
openloop_requests sales sale "$OUT/catalogue.csv" "${STOCK_URL#http://}" "$SSE_RATE" "$SSE_WARMUP" "$SSE_SECONDS" "$TILL"
"$OPENLOOP" -r "$SSE_RATE" -d "$SSE_WARMUP" -c 32 -f "$OUT/sales-warm.req" "${STOCK_URL#http://}" >/dev/null || true
log "idle baseline"
idle_baseline

{
  echo "| run | throughput | latency | server CPU per operation | of which (µs) | JIT compiling, not counted | load tool's own CPU | errors |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  for rate in $LAG_RATES; do
    DURATION=$LAG_SECONDS measure "lag-$rate" events "${EVENT_LOAD[@]}" 127.0.0.1:9092 "$rate" "$LAG_SECONDS" 20 50
    OPS_PER_TX=$BATCH DURATION=$LAG_SECONDS pgbench_at "lag-engine-$rate" "$OUT/stock-levels.sql" \
      "$(python3 -c "print(max(1, round($rate / $BATCH)))")" bench_pipes
  done
  # SSE: the streams are followed for the measured run and a little longer (the push of its last sales)
  python3 "$ROOT/bench/sse_latency.py" "$PROJECTION_URL" $((SSE_SECONDS + SETTLE_MAX + 10)) \
    $(seq -w 1 "$BENCH_LOCATIONS" | sed "s/^/bench-loc-/") >"$OUT/sse.txt" 2>"$OUT/sse.err" &
  SSE_PID=$!
  sleep 2
  DURATION=$SSE_SECONDS measure sse-sales openloop "$OPENLOOP" -r "$SSE_RATE" -d "$SSE_SECONDS" -c 32 -f "$OUT/sales.req" \
    "${STOCK_URL#http://}"
  kill -TERM "$SSE_PID" 2>/dev/null || true
  wait "$SSE_PID" || true
  DURATION=$SSE_SECONDS pgbench_at sse-engine "$OUT/sale.sql" "$SSE_RATE"
} | tee "$OUT/summary.md"
drop_database bench_pipes
drop_database bench_pgbench

{
  echo
  echo "| ours | engine baseline | ours: server CPU per operation | engine's | engine ÷ ours |"
  echo "|---|---|---:|---:|---:|"
  for rate in $LAG_RATES; do
    lag=$(python3 "$ROOT/bench/prom.py" p99 "$OUT/lag-$rate.projection.before" "$OUT/lag-$rate.projection.after" \
      projection_apply_lag_seconds name=stock)
    applied=$(python3 "$ROOT/bench/prom.py" sum "$OUT/lag-$rate.projection.before" "$OUT/lag-$rate.projection.after" \
      projection_apply_lag_seconds_count name=stock)
    pair_row "stock event → projection, $rate/s: lag p99 ≤ $lag ms (a histogram bound; $applied applied)" \
      "the projection's statement, $BATCH levels per transaction" "$(cpu_of "lag-$rate")" "$(cpu_of "lag-engine-$rate")"
  done
  read -r n p50 _ p99 max <"$OUT/sse.txt" || true
  outbox=$(python3 "$ROOT/bench/prom.py" p99 "$OUT/sse-sales.stock.before" "$OUT/sse-sales.stock.after" outbox_publish_lag_seconds)
  pair_row "POS sale → SSE subscriber, $SSE_RATE/s: push p50 ${p50:-n/a} / p99 ${p99:-n/a} ms (max ${max:-n/a}; ${n:-0} pushes); outbox commit → Kafka ack p99 ≤ $outbox ms (a histogram bound)" \
    "the seed's sale SQL" "$(cpu_of sse-sales)" "$(cpu_of sse-engine)"
} | tee -a "$OUT/summary.md"
log "results in $OUT"
