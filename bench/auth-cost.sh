#!/usr/bin/env bash
# What authentication costs per request, measured on the running services with a C load tool (wrk) and the CPU of
# every server process read from /proc before and after (the load tool's own CPU excluded and printed; the idle
# baseline subtracted). Pairs that differ only in the credential:
#   projection GET /carts/{id} (served from Redis) with the owner's bearer JWT  vs  with the guest cart's Cart-Token
#   stock-service GET /locations/{l}/stock/{p} with a staff bearer JWT          vs  GET /products/{id} (public, no token)
# The difference of server CPU per request within a pair is the price of verifying the credential.
#
#   bench/auth-cost.sh              (starts the local stack if needed; stops it afterwards unless KEEP_STACK=1)
#   SECONDS_PER_RUN=30 CONNECTIONS=16 bench/auth-cost.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${STACK_STATE_DIR:-$ROOT/.local}
DURATION=${SECONDS_PER_RUN:-20}
CONNECTIONS=${CONNECTIONS:-16}
OUT=$ROOT/bench/results/auth-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
log() { printf '[auth-cost] %s\n' "$*"; }
export PGPASSWORD=${DB_PASSWORD:-shop}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
source "$ROOT/bench/wrk-cpu.sh"
ensure_wrk
ensure_stack http://127.0.0.1:8083/q/health/ready

TOKEN=$ROOT/deploy/local/token.sh
SHOPPER=$("$TOKEN" customer auth-bench)
TILL=$("$TOKEN" staff bar-central)
PRODUCT=$(psql -qAtX -h "$PGHOST" -p "$PGPORT" -U "${DB_USER:-shop}" -d stock -c "select id from product where active order by id limit 1")
owned=$(curl -fsS -X POST http://127.0.0.1:8082/carts -H "Authorization: Bearer $SHOPPER" -H 'Content-Type: application/json' \
  -d '{"locationId":"shop-north","currency":"EUR"}' | sed -E 's/^\{"id":"([^"]+)".*/\1/')
guest_headers=$(curl -fsS -D - -o "$OUT/guest.json" -X POST http://127.0.0.1:8082/carts -H 'Content-Type: application/json' \
  -d '{"locationId":"shop-north","currency":"EUR"}')
guest=$(sed -E 's/^\{"id":"([^"]+)".*/\1/' "$OUT/guest.json")
CART_TOKEN=$(tr -d '\r' <<<"$guest_headers" | sed -nE 's/^[Cc]art-[Tt]oken: (.*)$/\1/p')
for c in "$owned:Authorization: Bearer $SHOPPER" "$guest:Cart-Token: $CART_TOKEN"; do
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:8082/carts/${c%%:*}/items" -H "${c#*:}" -H 'Content-Type: application/json' \
    -d "{\"productId\":\"$PRODUCT\",\"quantity\":2}"
done
sleep 2 # the projection applies the cart events

pids_of() { # service name -> pid
  cat "$STATE/services/$1.pid"
}
REDIS_PID=$(pgrep -x redis-server | head -1 || true)
PROC_PIDS="stock-service:$(pids_of stock-service) projection-service:$(pids_of projection-service)${REDIS_PID:+ redis:$REDIS_PID}"
log "idle baseline"
idle_baseline

{
  echo "| request | throughput | p50 / p99 | server CPU per request | of which (µs) | JIT compiling, not counted | wrk's own CPU | non-2xx |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  wrk_run cart-view-bearer "http://127.0.0.1:8083/carts/$owned" "Authorization: Bearer $SHOPPER"
  wrk_run cart-view-cart-token "http://127.0.0.1:8083/carts/$guest" "Cart-Token: $CART_TOKEN"
  wrk_run stock-level-bearer "http://127.0.0.1:8081/locations/bar-central/stock/$PRODUCT" "Authorization: Bearer $TILL"
  wrk_run product-public "http://127.0.0.1:8081/products/$PRODUCT" ""
} | tee "$OUT/summary.md"
{
  echo
  echo "| request | the same without verifying a bearer JWT | server CPU per request | without | without ÷ with |"
  echo "|---|---|---:|---:|---:|"
  pair_row cart-view-bearer cart-view-cart-token "$(cpu_of cart-view-bearer)" "$(cpu_of cart-view-cart-token)"
  pair_row stock-level-bearer product-public "$(cpu_of stock-level-bearer)" "$(cpu_of product-public)"
} | tee -a "$OUT/summary.md"
log "results in $OUT"
