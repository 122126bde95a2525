#!/usr/bin/env bash
# The bench's data on the running local stack, shared by writes.sh, reads.sh and pipes.sh. Source it, then call
# bench_data, and what the run needs of bench_carts, bench_cart_views and bench_search_paths.
# Needs ROOT, OUT and a log function; BENCH_LOCATIONS (10), BENCH_CARTS (1000), STOCK_URL and CART_URL (the local
# stack's) may be set before. Sets and exports ADMIN, SHOPPER, TILL (tokens minted with the stack's key) and PRODUCTS
# (array); writes $OUT/catalogue.csv (location, two products).
: "${BENCH_LOCATIONS:=10}" "${BENCH_CARTS:=1000}" "${STOCK_URL:=http://127.0.0.1:8081}" "${CART_URL:=http://127.0.0.1:8082}"
bench_data() {
  # the back office as an admin, the tills of the bench locations as one staff token scoped to all of them, every
  # bench cart one shopper's
  local token=$ROOT/deploy/local/token.sh l
  ADMIN=$("$token" admin)
  SHOPPER=$("$token" customer bench-shopper)
  # shellcheck disable=SC2046
  TILL=$("$token" staff $(seq -w 1 "$BENCH_LOCATIONS" | sed 's/^/bench-loc-/'))
  export ADMIN SHOPPER TILL

  log "bench catalogue: $BENCH_LOCATIONS locations x every active product, 1,000,000 units each"
  mapfile -t PRODUCTS < <(psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d stock -c "select id from product where active order by id")
  [ "${#PRODUCTS[@]}" -ge 2 ] || { echo "no products; is the demo data loaded?"; exit 1; }
  for l in $(seq -w 1 "$BENCH_LOCATIONS"); do
    curl -fsS -X POST "$STOCK_URL/locations" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -H "Idempotency-Key: bench-location-$l" \
      -d "{\"id\":\"bench-loc-$l\",\"name\":\"Bench location $l\"}" >/dev/null
    for p in "${PRODUCTS[@]}"; do echo "$l $p"; done
  done | xargs -P 8 -n 2 sh -c 'curl -fsS -X PUT "'"$STOCK_URL"'/locations/bench-loc-$0/stock/$1" -H "Authorization: Bearer $ADMIN" -H "Content-Type: application/json" -d "{\"onHand\":1000000,\"reason\":\"bench\"}" >/dev/null'
  python3 - "$OUT/catalogue.csv" "$BENCH_LOCATIONS" "${PRODUCTS[@]}" <<'PY'
import random, sys
out, locations, products = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
random.seed(42)
with open(out, "w") as f:
    f.write("locationId,product1,product2\n")
    for _ in range(20000):
        p1, p2 = random.sample(products, 2)
        f.write(f"bench-loc-{random.randint(1, locations):0{len(str(locations))}d},{p1},{p2}\n")
PY

}

# The bench carts (empty, each one shopper's, at bench-loc-01): $OUT/cart-ids.txt, and $OUT/carts.csv (cart, product).
# Call it right before the carts are used: the local stack abandons a cart idle for 5 minutes.
bench_carts() {
  log "bench carts: $BENCH_CARTS carts in cart-service"
  seq 1 "$BENCH_CARTS" | xargs -P 8 -I{} sh -c 'curl -fsS -X POST "$0/carts" -H "Authorization: Bearer $SHOPPER" -H "Content-Type: application/json" \
    -d "{\"locationId\":\"bench-loc-01\",\"currency\":\"EUR\"}"; echo' "$CART_URL" {} |
    sed -nE 's/^\{"id":"([^"]+)".*/\1/p' >"$OUT/cart-ids.txt"
  python3 - "$OUT/carts.csv" "$OUT/cart-ids.txt" "${PRODUCTS[@]}" <<'PY'
import random, sys
out, ids, products = sys.argv[1], open(sys.argv[2]).read().split(), sys.argv[3:]
random.seed(7)
with open(out, "w") as f:
    f.write("cartId,productId\n")
    for _ in range(20000):
        f.write(f"{random.choice(ids)},{random.choice(products)}\n")
PY
}

# The engine baselines' database (dropped and created again): stock rows for the bench locations and products, a sale
# table, an event table and an outbox table; writes $OUT/sale.sql (the seed's sale: insert the sale, then a guarded
# decrement of 2 stock rows in product order, with the lock and statement timeouts), $OUT/sale-call.sql (the same sale
# as one PL/pgSQL call) and $OUT/append.sql (one cart event + one outbox row): pgbench scripts doing what our commands
# decide, without the service.
bench_pgbench_db() {
  local db=$1
  psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
  psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d "$db" >/dev/null <<SQL
create table stock (location_id int, product_id int, on_hand bigint not null check (on_hand >= 0), primary key (location_id, product_id));
create table sale (id bigserial primary key, location_id int not null, total bigint not null, created_at timestamptz default now());
insert into stock select l, p, 1000000000 from generate_series(1, $BENCH_LOCATIONS) l, generate_series(1, ${#PRODUCTS[@]}) p;
create table ev (event_id uuid primary key default gen_random_uuid(), cart_id int not null, version bigint not null,
  type text not null, payload text not null, occurred_at timestamptz not null default clock_timestamp(),
  unique (cart_id, version));
create sequence ev_version;
-- the same sale as one call (one round trip): the floor of what PostgreSQL needs for the decision
create function sell(loc int, a int, b int) returns void language plpgsql as \$\$
begin
  perform set_config('lock_timeout', '2s', true);
  insert into sale (location_id, total) values (loc, 900);
  update stock set on_hand = on_hand - 1 where location_id = loc and product_id = least(a, b) and on_hand >= 1;
  update stock set on_hand = on_hand - 1 where location_id = loc and product_id = greatest(a, b) and on_hand >= 1;
end \$\$;
create table ob (id bigserial primary key, topic text not null, record_key text not null, payload text not null,
  created_at timestamptz not null default clock_timestamp());
SQL
  cat >"$OUT/sale.sql" <<SQL
\set loc random(1, $BENCH_LOCATIONS)
\set a random(1, ${#PRODUCTS[@]})
\set b random(1, ${#PRODUCTS[@]})
BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '3s';
INSERT INTO sale (location_id, total) VALUES (:loc, 900);
UPDATE stock SET on_hand = on_hand - 1 WHERE location_id = :loc AND product_id = least(:a, :b) AND on_hand >= 1;
UPDATE stock SET on_hand = on_hand - 1 WHERE location_id = :loc AND product_id = greatest(:a, :b) AND on_hand >= 1;
COMMIT;
SQL
  cat >"$OUT/sale-call.sql" <<SQL
\set loc random(1, $BENCH_LOCATIONS)
\set a random(1, ${#PRODUCTS[@]})
\set b random(1, ${#PRODUCTS[@]})
SELECT sell(:loc, :a, :b);
SQL
  local payload='{"cartId":"3c1b8f7a-2f41-4f6e-9a51-1c2d3e4f5a60","quantity":1,"line":{"productId":"6f1c2a9e-1d1b-4c55-9d8e-2b7f0f4f9a01","name":"Pils","unitPrice":{"amount":450,"currency":"EUR"},"quantity":3}}'
  cat >"$OUT/append.sql" <<SQL
\\set c random(1, $BENCH_CARTS)
BEGIN;
INSERT INTO ev (cart_id, version, type, payload) VALUES (:c, nextval('ev_version'), 'cart.item-added.v1', '$payload');
INSERT INTO ob (topic, record_key, payload) VALUES ('cart-events', :c, '$payload');
COMMIT;
SQL
}

# Two items in each bench cart (bench_carts first), then asks the projection for the last cart's view at its version
# (it waits up to 2 s for it, then answers what it has); writes
# $OUT/cart-views.csv (a "path" header, then /carts/<id> per bench cart). Needs PROJECTION_URL.
bench_cart_views() {
  log "two items in each bench cart, then the projection's cart views"
  python3 - "$OUT/cart-ids.txt" "${PRODUCTS[@]}" >"$OUT/cart-items.txt" <<'PY'
import random, sys
ids, products = open(sys.argv[1]).read().split(), sys.argv[2:]
random.seed(11)
for c in ids:
    for p in random.sample(products, 2):
        print(c, p)
PY
  xargs -P 8 -n 2 sh -c 'curl -fsS -o /dev/null -X POST "'"$CART_URL"'/carts/$0/items" -H "Authorization: Bearer $SHOPPER" -H "Content-Type: application/json" -d "{\"productId\":\"$1\",\"quantity\":1}" || true' <"$OUT/cart-items.txt"
  local last version
  last=$(tail -1 "$OUT/cart-ids.txt")
  version=$(curl -fsS -H "Authorization: Bearer $SHOPPER" "$CART_URL/carts/$last" | sed -nE 's/.*"version":([0-9]+).*/\1/p')
  curl -fsS -o /dev/null -H "Authorization: Bearer $SHOPPER" "$PROJECTION_URL/carts/$last?minVersion=$version"
  { echo path; sed 's#^#/carts/#' "$OUT/cart-ids.txt"; } >"$OUT/cart-views.csv"
}

# Catalogue searches: 3-letter prefixes of the catalogue's words, at a bench location (of BENCH_LOCATIONS), in stock,
# mixed sorts:
# $OUT/search.csv (a "path" header, then 5,000 paths).
bench_search_paths() {
  psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d stock -c "select name from product" | BENCH_LOCATIONS=$BENCH_LOCATIONS python3 -c '
import os, random, sys
words = sorted({w[:3].lower() for w in sys.stdin.read().split() if w.isalpha() and len(w) >= 3}) or ["a"]
locations = int(os.environ["BENCH_LOCATIONS"])
random.seed(3)
sorts = ["popularity", "name", "price", "-price", ""]
print("path")
for _ in range(5000):
    s = random.choice(sorts)
    print(f"/products?q={random.choice(words)}&locationId=bench-loc-{random.randint(1, locations):0{len(str(locations))}d}&inStock=true&size=20"
          + (f"&sort={s}" if s else ""))' >"$OUT/search.csv"
}
