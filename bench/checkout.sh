#!/usr/bin/env bash
# The checkout scenario (issue 11): checkout → order confirmed visible in the projection, end to end, at fixed rates
# (open loop), with the server CPU per checkout (every server process from /proc, idle baseline subtracted, the load
# tool's own CPU printed). See bench/CheckoutLoad.java.
#
#   bench/checkout.sh                              (starts the local stack if needed; stops it unless KEEP_STACK=1)
#   RATES="50 100 200 300" STEP_SECONDS=15 bench/checkout.sh
#   WARMUP_SECONDS=60 bench/checkout.sh          the unreported warm-up at 10/s before the idle baseline (default 30 s)
#   PROFILE=1 RATES=20 STEP_SECONDS=30 bench/checkout.sh   the services' JVMs profiled during the steps (async-profiler,
#                                     CPU; the run's CPU figures then include the profiler's): profiles.md next to it
# Also prints the transactions committed per checkout in each service's database (pg_stat_database), and the engine
# baseline: the checkout's decisions as SQL through pgbench at the same rates, and engine ÷ ours.
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
PROFILER_JOB=""
cleanup() {
  [ -z "$PROFILER_JOB" ] || kill "$PROFILER_JOB" 2>/dev/null || true
  if [ "$started" = 1 ] && [ "${KEEP_STACK:-0}" != 1 ]; then "$ROOT/deploy/local/stack.sh" down >/dev/null || true; fi
}
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
  ensure_async_profiler
  # the profilers start with the reported steps (after the warm-up and the idle baseline): CheckoutLoad creates the file
  export MEASURING_FILE=$OUT/measuring
  ( while [ ! -f "$MEASURING_FILE" ]; do sleep 0.2; done
    for s in $SERVICES; do profile_start "$(cat "$STATE/services/$s.pid")"; done ) &
  PROFILER_JOB=$!
fi
commits >"$OUT/commits.before"
orders_before=$(orders)
java -Xmx512m "$ROOT/bench/CheckoutLoad.java" http://127.0.0.1:8082 http://127.0.0.1:8083 "$SHOPPER" "$LOCATION" \
  "$(IFS=,; echo "${PRODUCTS[*]}")" "$RATES" "$STEP_SECONDS" "$SERVERS" "$ADMIN" | tee "$OUT/checkout.md"
if [ "${PROFILE:-0}" = 1 ]; then
  wait "$PROFILER_JOB" || true # every profiler started (CheckoutLoad created the file)
  PROFILER_JOB=""
  for s in $SERVICES; do profile_stop "$(cat "$STATE/services/$s.pid")" "$OUT/checkout-$s"; done
  profile_summaries "$OUT" >"$OUT/profiles.md"
  log "profiles in $OUT/profiles.md"
fi
sleep 11 # PostgreSQL flushes a backend's counts to pg_stat_database within 10 s; the projection catches up meanwhile
commits >"$OUT/commits.after"
orders_after=$(orders)
# The engine baseline: the checkout's four decisions as plain SQL, with their events and outbox rows (the relays'
# deletes included), driven by pgbench at the same rates (open loop, -R), PostgreSQL's CPU per checkout
# (bench/wrk-cpu.sh's accounting, its own idle baseline); then engine ÷ ours per rate.
engine_baseline() {
  local db=bench_checkout payload
  payload=$(printf '{"orderId":"%s","cartId":"%s","locationId":"bench-checkout","lines":[{"productId":"%s","quantity":1,"unitPrice":{"amount":450,"currency":"EUR"}}],"total":{"amount":450,"currency":"EUR"},"placedAt":"2026-12-02T12:00:00.000000Z","reserveBy":"2026-12-02T12:02:00.000000Z"}' \
    "4971b1b8-029b-5bf0-b5e7-edc52eb8b48a" "52e133b6-1ad5-42c5-ad89-0410e849e951" "047fbb62-abcb-46fe-b0bd-c0e54ee4f49a")
  psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
  psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d "$db" >/dev/null <<SQL
create table stock (product_id int primary key, on_hand bigint not null check (on_hand >= 0), reserved bigint not null default 0);
insert into stock select p, 1000000000 from generate_series(1, ${#PRODUCTS[@]}) p;
create table ev (stream_id bigint not null, version bigint not null, type text not null, payload text not null,
  occurred_at timestamptz not null default clock_timestamp(), primary key (stream_id, version));
create table res (order_id bigint primary key, product_id int not null, quantity int not null, status text not null,
  outcome text not null);
create table ob (id bigserial primary key, topic text not null, record_key bigint not null, payload text not null,
  created_at timestamptz not null default clock_timestamp());
create index on ob (record_key);
create sequence checkout_id;
SQL
  cat >"$OUT/checkout.sql" <<SQL
SELECT nextval('checkout_id') AS c \\gset
\\set p random(1, ${#PRODUCTS[@]})
-- cart-service: the cart frozen and the order placed (two events, two outbox rows)
BEGIN;
INSERT INTO ev (stream_id, version, type, payload) VALUES (:c, 2, 'cart.checkout-started.v1', '$payload'), (-:c, 1, 'order.placed.v1', '$payload');
INSERT INTO ob (topic, record_key, payload) VALUES ('cart-events', :c, '$payload'), ('order-events', :c, '$payload');
COMMIT;
-- stock-service: the line reserved (guarded), the reservation and its answer recorded
BEGIN;
UPDATE stock SET reserved = reserved + 1 WHERE product_id = :p AND on_hand - reserved >= 1;
INSERT INTO res (order_id, product_id, quantity, status, outcome) VALUES (:c, :p, 1, 'held', '$payload');
INSERT INTO ob (topic, record_key, payload) VALUES ('reservation-events', :c, '$payload'), ('stock-events', :c, '$payload');
COMMIT;
-- cart-service: the order confirmed, the cart checked out
BEGIN;
INSERT INTO ev (stream_id, version, type, payload) VALUES (-:c, 2, 'order.confirmed.v1', '$payload'), (:c, 3, 'cart.checked-out.v1', '$payload');
INSERT INTO ob (topic, record_key, payload) VALUES ('order-events', :c, '$payload'), ('cart-events', :c, '$payload');
COMMIT;
-- stock-service: the reservation committed
UPDATE res SET status = 'committed' WHERE order_id = :c;
-- the relays: the six outbox rows deleted once published
DELETE FROM ob WHERE record_key = :c;
SQL
  OUT=$OUT PROC_PIDS="" DURATION=$STEP_SECONDS
  source "$ROOT/bench/wrk-cpu.sh"
  log "engine baseline (pgbench, the checkout's SQL): idle baseline"
  idle_baseline
  {
    echo
    echo "| engine baseline | rate | latency | PostgreSQL CPU per checkout | of which | JIT | load tool's CPU | failed |"
    echo "|---|---:|---:|---:|---|---:|---:|---:|"
    local rate
    for rate in $RATES; do
      measure "pgbench-checkout-$rate" pgbench pgbench -n -h 127.0.0.1 -U "${DB_USER:-shop}" -R "$rate" -c 4 -j 1 \
        -T "$STEP_SECONDS" -f "$OUT/checkout.sql" "$db"
    done
    python3 - "$OUT" $RATES <<'PY'
import re, sys
out, rates = sys.argv[1], sys.argv[2:]
ours = {m.group(1): float(m.group(2)) for m in re.finditer(r"^\| (\d+)/s \|.*?\*\*([0-9.]+) ms\*\*", open(f"{out}/checkout.md").read(), re.M)}
print()
for r in rates:
    try:
        engine = float(open(f"{out}/pgbench-checkout-{r}.cpu").read().split()[0]) / 1000
    except OSError:
        print(f"engine ÷ ours at {r}/s: no engine figure (see {out}/pgbench-checkout-{r}.pgbench)")
        continue
    if r in ours and ours[r]:
        print(f"engine ÷ ours at {r}/s: {engine:.2f} ms ÷ {ours[r]:.2f} ms = **{engine / ours[r]:.3f}**")
PY
  } | tee -a "$OUT/checkout.md"
  psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d postgres -c "drop database if exists $db" >/dev/null
}
engine_baseline || log "the engine baseline failed (its files are in $OUT)"

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
