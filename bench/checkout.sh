#!/usr/bin/env bash
# The checkout scenario (issue 11): checkout → order confirmed visible in the projection, end to end, at fixed rates
# (open loop), with the server CPU per checkout (every server process from /proc, idle baseline subtracted, the load
# tool's own CPU printed). See bench/CheckoutLoad.java.
#
#   bench/checkout.sh                              (starts the local stack if needed; stops it unless KEEP_STACK=1)
#   RATES="50 100 200 300" STEP_SECONDS=15 bench/checkout.sh
#   WARMUP_SECONDS=60 bench/checkout.sh          the unreported warm-up at 10/s before the idle baseline (default 30 s)
#   PROFILE=1 RATES=20 STEP_SECONDS=30 bench/checkout.sh   the services' JVMs profiled during the run (async-profiler,
#                                     CPU; the run's CPU figures then include the profiler's): profiles.md next to it
# Also prints the transactions committed per checkout in each service's database (pg_stat_database).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${STACK_STATE_DIR:-$ROOT/.local}
RATES=${RATES:-"50 100 200 300"}
STEP_SECONDS=${STEP_SECONDS:-15}
OUT=$ROOT/bench/results/checkout-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
log() { printf '[checkout] %s\n' "$*"; }
export PGPASSWORD=${DB_PASSWORD:-shop}

started=0
if ! curl -fs http://127.0.0.1:8083/q/health/ready >/dev/null 2>&1; then
  "$ROOT/deploy/local/stack.sh" up >"$OUT/stack.log" 2>&1 || { tail -20 "$OUT/stack.log"; exit 1; }
  started=1
fi
cleanup() { if [ "$started" = 1 ] && [ "${KEEP_STACK:-0}" != 1 ]; then "$ROOT/deploy/local/stack.sh" down >/dev/null || true; fi; }
trap cleanup EXIT

TOKEN=$ROOT/deploy/local/token.sh
ADMIN=$("$TOKEN" admin)
SHOPPER=$("$TOKEN" customer checkout-bench)
LOCATION=bench-checkout
mapfile -t PRODUCTS < <(psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d stock -c "select id from product where active order by id")
[ "${#PRODUCTS[@]}" -ge 1 ] || { echo "no products; is the demo data loaded?"; exit 1; }
curl -fsS -o /dev/null -X POST http://127.0.0.1:8081/locations -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: bench-checkout-location" -d "{\"id\":\"$LOCATION\",\"name\":\"Checkout bench\"}"
for p in "${PRODUCTS[@]}"; do
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:8081/locations/$LOCATION/stock/$p" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d '{"onHand":1000000,"reason":"bench"}'
done
SERVERS="stock-service:$(cat "$STATE/services/stock-service.pid"),cart-service:$(cat "$STATE/services/cart-service.pid")"
SERVERS+=",projection-service:$(cat "$STATE/services/projection-service.pid")"
SERVERS+=",analytics-service:$(cat "$STATE/services/analytics-service.pid"),kafka:$(cat "$STATE/kafka/kafka.pid")"
REDIS_PID=$(pgrep -x redis-server | head -1 || true)
[ -n "$REDIS_PID" ] && SERVERS+=",redis:$REDIS_PID"
log "rates: $RATES checkouts/s, $STEP_SECONDS s each; results in $OUT"
commits() { psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d postgres -F ' ' -c \
  "select datname, xact_commit from pg_stat_database where datname in ('stock', 'cart', 'projection', 'analytics')"; }
orders() { psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d projection -c "select count(*) from order_view"; }
SERVICES="stock-service cart-service projection-service analytics-service"
if [ "${PROFILE:-0}" = 1 ]; then
  source "$ROOT/bench/profile.sh"
  for s in $SERVICES; do profile_start "$(cat "$STATE/services/$s.pid")"; done
fi
commits >"$OUT/commits.before"
orders_before=$(orders)
java -Xmx512m "$ROOT/bench/CheckoutLoad.java" http://127.0.0.1:8082 http://127.0.0.1:8083 "$SHOPPER" "$LOCATION" \
  "$(IFS=,; echo "${PRODUCTS[*]}")" "$RATES" "$STEP_SECONDS" "$SERVERS" "$ADMIN" | tee "$OUT/checkout.md"
sleep 11 # PostgreSQL flushes a backend's counts to pg_stat_database within 10 s; the projection catches up meanwhile
commits >"$OUT/commits.after"
orders_after=$(orders)
if [ "${PROFILE:-0}" = 1 ]; then
  for s in $SERVICES; do profile_stop "$(cat "$STATE/services/$s.pid")" "$OUT/checkout-$s"; done
  profile_summaries "$OUT" >"$OUT/profiles.md"
  log "profiles in $OUT/profiles.md"
fi
# every database's commits over the whole run (cart filling and the idle jobs included), per order that reached the
# projection during it
python3 - "$OUT/commits.before" "$OUT/commits.after" "$((orders_after - orders_before))" <<'PY' | tee -a "$OUT/checkout.md"
import sys
before = dict(l.split() for l in open(sys.argv[1]) if l.strip())
after = dict(l.split() for l in open(sys.argv[2]) if l.strip())
orders = int(sys.argv[3])
if orders:
    print(f"\ntransactions committed per order (whole run, cart filling included; {orders} orders): "
          + ", ".join(f"{d} {(int(after[d]) - int(before[d])) / orders:.1f}" for d in sorted(after)))
PY
