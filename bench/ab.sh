#!/usr/bin/env bash
# Two JVM option sets for the services, A against B on one stack, in alternating rounds (A B A B ...): before each
# round the RESTART services (stock-service and cart-service unless set) are restarted with the round's options,
# then a POS sale and an add-to-cart are measured as in writes.sh (wrk, server CPU per operation, PostgreSQL's part
# by database). With PROFILE=1, stock-service is profiled during a second load of sales after each sale's
# measurement (async-profiler, not in the figures; profiles.md). Alternating rounds on one stack, rather than one writes.sh run per variant, keeps
# the machine's drift and the databases' growth from deciding the comparison.
#
#   bench/ab.sh custom "-Dquarkus.datasource.reactive.additional-properties.plan_cache_mode=force_custom_plan" \
#               auto "-Dquarkus.datasource.reactive.additional-properties.plan_cache_mode=auto"
#   ROUNDS=3 PROFILE=1 bench/ab.sh base "" cp "-Dmp.context.ThreadContext.cleared= -Dmp.context.ThreadContext.unchanged=Transaction"
#   JAVA_OPTS="-Xms64m -Xmx256m -XX:+ExitOnOutOfMemoryError" bench/ab.sh g1 "-XX:+UseG1GC" serial "-XX:+UseSerialGC"
#
# Each variant's options are added to stack.sh's JAVA_OPTS (EXTRA_JAVA_OPTS), whose default sets the collector: to
# compare collectors, give JAVA_OPTS without one (as above; two collectors make the JVM refuse to start).
# ROUNDS (2) rounds of each; SECONDS_PER_RUN (20); starts the local stack if needed and stops it afterwards unless
# KEEP_STACK=1 (the services are then left with B's options). RESTART: the services restarted with the variant's
# options (stock-service and cart-service unless set; "all" for the four). RATE: each round also runs the POS sale
# open loop at RATE/s after the saturated one (below saturation: the server CPU per sale, its latency, and the
# outbox's and the stock projection's lag p99).
#
#   RESTART=all RATE=100 bench/ab.sh wait0 "" wait20 \
#     "-Dmp.messaging.connector.smallrye-kafka.fetch.min.bytes=65536 -Dmp.messaging.connector.smallrye-kafka.fetch.max.wait.ms=20"
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: bench/ab.sh <name A> <JVM options A> <name B> <JVM options B>" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${STACK_STATE_DIR:-$ROOT/.local}
DURATION=${SECONDS_PER_RUN:-20}
CONNECTIONS=${CONNECTIONS:-16}
OUT=$ROOT/bench/results/ab-$1-$3-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
log() { printf '[ab] %s\n' "$*" >&2; }
export PGPASSWORD=${DB_PASSWORD:-shop}
source "$ROOT/bench/wrk-cpu.sh"
source "$ROOT/bench/bench-data.sh"
source "$ROOT/bench/profile.sh"
[ "${PROFILE:-0}" = 1 ] && ensure_async_profiler
ensure_wrk
[ -n "${RATE:-}" ] && ensure_openloop
ensure_stack http://127.0.0.1:8084/q/health/ready
bench_data
bench_carts

declare -A OPTS=(["$1"]=$2 ["$3"]=$4)
SERVICES="stock-service cart-service projection-service analytics-service"
RESTARTED=${RESTART:-stock-service cart-service}
[ "$RESTARTED" = all ] && RESTARTED=$SERVICES
RATE=${RATE:-}
METRICS_URLS="stock=$STOCK_URL/q/metrics projection=http://127.0.0.1:8083/q/metrics"
REDIS_PID=$(pgrep -x redis-server | head -1 || true)
pid_of() { cat "$STATE/services/$1.pid"; }
watch_pids() {
  PROC_PIDS="kafka:$(cat "$STATE/kafka/kafka.pid")${REDIS_PID:+ redis:$REDIS_PID}"
  for s in $SERVICES; do PROC_PIDS="$PROC_PIDS $s:$(pid_of "$s")"; done
}
restart_services() { # variant name: stops the RESTARTED services (SIGTERM, then waits) and starts them with its options
  local s
  for s in $RESTARTED; do kill "$(pid_of "$s")"; done
  for s in $RESTARTED; do while kill -0 "$(pid_of "$s")" 2>/dev/null; do sleep 0.5; done; done
  # shellcheck disable=SC2097,SC2098 # EXTRA_JAVA_OPTS for stack.sh only
  EXTRA_JAVA_OPTS="${OPTS[$1]}" "$ROOT/deploy/local/stack.sh" up >"$OUT/stack-$1.log" 2>&1
  watch_pids
}

WARMUP=${WARMUP:-10}
JIT_QUIET=1
watch_pids
log "idle baseline"
idle_baseline
{
  echo "A = $1: ${2:-(no options)}; B = $3: ${4:-(no options)}"
  echo
  echo "| run | throughput | latency p50 / p99 | server CPU per operation | of which (µs) | JIT compiling, not counted | load tool's own CPU | errors |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
} | tee "$OUT/summary.md"
runs=()
for n in $(seq 1 "${ROUNDS:-2}"); do
  for v in "$1" "$3"; do
    log "round $n: $v"
    restart_services "$v"
    TILL=$TILL wrk_script "sale-$n-$v" "$STOCK_URL" "$ROOT/bench/wrk/pos-sale.lua" "$OUT/catalogue.csv" | tee -a "$OUT/summary.md"
    if [ "${PROFILE:-0}" = 1 ]; then
      profile_start "$(pid_of stock-service)"
      TILL=$TILL wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/wrk/pos-sale.lua" "$STOCK_URL" \
        -- "sale-$n-$v-profiled" "$OUT/catalogue.csv" >"$OUT/sale-$n-$v-profiled.wrk"
      profile_stop "$(pid_of stock-service)" "$OUT/sale-$n-$v-stock-service"
    fi
    if [ -n "$RATE" ]; then
      openloop_at "sale-$n-$v-at-$RATE" sale "$OUT/catalogue.csv" "${STOCK_URL#http://}" "$RATE" "$TILL" \
        | tee -a "$OUT/summary.md"
      runs+=("sale-$n-$v-at-$RATE")
    fi
    SHOPPER=$SHOPPER wrk_script "add-$n-$v" "$CART_URL" "$ROOT/bench/wrk/add-to-cart.lua" "$OUT/carts.csv" | tee -a "$OUT/summary.md"
    runs+=("sale-$n-$v" "add-$n-$v")
  done
done
{
  echo
  echo "| run | PostgreSQL's CPU per operation by database (µs) |"
  echo "|---|---|"
  for run in "${runs[@]}"; do echo "| $run | $(pgdb_of "$run") |"; done
} | tee -a "$OUT/summary.md"
if [ -n "$RATE" ]; then
  {
    echo
    echo "| run | outbox commit → Kafka ack p99 | stock event → projection p99 | (histogram bounds, ms) |"
    echo "|---|---:|---:|---|"
    for run in "${runs[@]}"; do
      case $run in *-at-"$RATE") ;; *) continue ;; esac
      echo "| $run | $(python3 "$ROOT/bench/prom.py" p99 "$OUT/$run.stock.before" "$OUT/$run.stock.after" \
        outbox_publish_lag_seconds) | $(python3 "$ROOT/bench/prom.py" p99 "$OUT/$run.projection.before" \
        "$OUT/$run.projection.after" projection_apply_lag_seconds name=stock) | |"
    done
  } | tee -a "$OUT/summary.md"
fi
[ "${PROFILE:-0}" = 1 ] && profile_summaries "$OUT" | tee "$OUT/profiles.md" >/dev/null
log "results in $OUT"
