#!/usr/bin/env bash
# What a write costs the whole system, next to what the engines need for the same decision, in one run:
#   pos-sale      POST /locations/{l}/sales, 2 products (stock-service)       vs  pgbench-sale (the seed's sale SQL) and
#                                                                                 pgbench-sale-call (the same, one PL/pgSQL call)
#   add-to-cart   POST /carts/{id}/items (cart-service)                       vs  pgbench-append (event + outbox row)
#   trivial-ping  GET /ping of a Quarkus app returning a constant (bench/trivial): the HTTP floor of a JVM service
# Load: wrk (C, closed loop, Lua for bodies) or pgbench, CONNECTIONS clients, DURATION seconds after a warm-up; then
# each of our writes again at half the throughput wrk measured, open loop (bench/openloop), for its latency. Server
# CPU per operation = CPU of every server process (the four services, Kafka, every postgres process, Redis, the trivial
# app) from /proc, from the start of the load until the servers are quiet again (so the relay, the projections and
# analytics that a write sets off are charged to it), idle baseline subtracted, over the operations; the load tool's
# own CPU is printed, never counted. The ratio engine CPU/op ÷ our CPU/op does not depend on how busy the shared
# cores are.
#
#   bench/writes.sh                   (starts the local stack if needed; stops it afterwards unless KEEP_STACK=1)
#   SECONDS_PER_RUN=30 CONNECTIONS=16 bench/writes.sh
#   PROFILE=1 bench/writes.sh         after each of our writes, the same load again for DURATION with the services' JVMs
#                                     profiled (async-profiler, CPU; not in the measured figures): <run>-<service>.collapsed
#                                     and profiles.md (samples by library, top frames) next to the results
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${STACK_STATE_DIR:-$ROOT/.local}
DURATION=${SECONDS_PER_RUN:-20}
CONNECTIONS=${CONNECTIONS:-16}
PING_PORT=8090
OUT=$ROOT/bench/results/writes-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
log() { printf '[writes] %s\n' "$*" >&2; }
export PGPASSWORD=${DB_PASSWORD:-shop}
source "$ROOT/bench/wrk-cpu.sh"
source "$ROOT/bench/bench-data.sh"
source "$ROOT/bench/profile.sh"
ensure_wrk
ensure_openloop
ensure_stack http://127.0.0.1:8084/q/health/ready

start_trivial "$PING_PORT"

bench_data
bench_pgbench_db bench_pgbench

pid_of() { cat "$STATE/services/$1.pid"; }
REDIS_PID=$(pgrep -x redis-server | head -1 || true)
SERVICES="stock-service cart-service projection-service analytics-service"
PROC_PIDS="kafka:$(cat "$STATE/kafka/kafka.pid") trivial:$TRIVIAL_PID${REDIS_PID:+ redis:$REDIS_PID}"
for s in $SERVICES; do PROC_PIDS="$PROC_PIDS $s:$(pid_of "$s")"; done
WARMUP=${WARMUP:-10}
JIT_QUIET=1
METRICS_URLS="stock=$STOCK_URL/q/metrics cart=$CART_URL/q/metrics projection=http://127.0.0.1:8083/q/metrics"
log "idle baseline"
idle_baseline

ours() { # name url lua csv kind bearer: one of our writes, saturated (wrk) then open loop at half that rate; with
  # PROFILE=1, then profiled for as long again (warm, not measured)
  TILL=$TILL SHOPPER=$SHOPPER wrk_script "$1" "$2" "$ROOT/bench/wrk/$3" "$OUT/$4"
  openloop_at_half "$1" "$5" "$4" "${2#http://}" "$6"
  if [ "${PROFILE:-0}" = 1 ]; then
    for s in $SERVICES; do profile_start "$(pid_of "$s")"; done
    TILL=$TILL SHOPPER=$SHOPPER wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/wrk/$3" "$2" -- "$1-profiled" "$OUT/$4" >"$OUT/$1-profiled.wrk"
    for s in $SERVICES; do profile_stop "$(pid_of "$s")" "$OUT/$1-$s"; done
  fi
}

curl -fsS "$STOCK_URL/q/metrics" >"$OUT/stock-metrics.before"
{
  echo "| operation | throughput | latency p50 / p99 | server CPU per operation | of which (µs) | JIT compiling, not counted | load tool's own CPU | errors |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  pgbench_run pgbench-sale "$OUT/sale.sql" "$CONNECTIONS"
  pgbench_run pgbench-sale-call "$OUT/sale-call.sql" "$CONNECTIONS"
  pgbench_run pgbench-append "$OUT/append.sql" "$CONNECTIONS"
  wrk_run trivial-ping "http://127.0.0.1:$PING_PORT/ping"
  ours pos-sale "$STOCK_URL" pos-sale.lua catalogue.csv sale "$TILL"
  bench_carts
  ours add-to-cart "$CART_URL" add-to-cart.lua carts.csv add "$SHOPPER"
} | tee "$OUT/summary.md"
curl -fsS "$STOCK_URL/q/metrics" >"$OUT/stock-metrics.after"
psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d postgres -c "drop database if exists bench_pgbench" >/dev/null

{
  echo
  echo "| ours | engine baseline | ours: server CPU per operation | engine's | engine ÷ ours |"
  echo "|---|---|---:|---:|---:|"
  for pair in pos-sale:pgbench-sale pos-sale:pgbench-sale-call add-to-cart:pgbench-append pos-sale:trivial-ping add-to-cart:trivial-ping; do
    o=${pair%%:*} e=${pair#*:}
    pair_row "$o" "$e" "$(cpu_of "$o")" "$(cpu_of "$e")"
  done
  echo
  printf 'stock-service outbox publish lag (commit -> Kafka ack) over the whole run: p99 %s ms\n' \
    "$(python3 "$ROOT/bench/prom.py" p99 "$OUT/stock-metrics.before" "$OUT/stock-metrics.after" outbox_publish_lag_seconds)"
  echo
  echo "| run | PostgreSQL's CPU per operation by database (µs; background: its own processes and exited backends) |"
  echo "|---|---|"
  for run in pos-sale pos-sale-at-half add-to-cart add-to-cart-at-half; do echo "| $run | $(pgdb_of "$run") |"; done
  echo
  echo "| run | rate | outbox publish lag p99 (commit → Kafka ack) | projection: events applied per operation | projection-service CPU per applied event |"
  echo "|---|---:|---:|---:|---:|"
  for w in pos-sale:stock pos-sale-at-half:stock add-to-cart:cart add-to-cart-at-half:cart; do
    run=${w%%:*} owner=${w#*:}
    python3 - "$run" "$(rate_of "$run")" "$DURATION" "$(part_of "$run" projection-service)" \
      "$(python3 "$ROOT/bench/prom.py" p99 "$OUT/$run.$owner.before" "$OUT/$run.$owner.after" outbox_publish_lag_seconds)" \
      "$(python3 "$ROOT/bench/prom.py" sumre "$OUT/$run.projection.before" "$OUT/$run.projection.after" 'projection_.*_events_total' outcome=applied)" <<'PY'
import sys
run, rate, duration, proj_us, lag, events = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], int(sys.argv[6])
ops = rate * duration
per_op = events / ops if ops else 0
print(f"| {run} | {rate:,.0f}/s | {lag} ms | {per_op:.2f} | "
      + (f"{proj_us * ops / events:.0f} µs |" if events else "n/a |"))
PY
  done
} | tee -a "$OUT/summary.md"
[ "${PROFILE:-0}" = 1 ] && profile_summaries "$OUT" | tee "$OUT/profiles.md" >/dev/null
log "results in $OUT"
