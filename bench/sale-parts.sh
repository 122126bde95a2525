#!/usr/bin/env bash
# What each part of a POS sale's transaction costs PostgreSQL, beyond the seed's sale (writes.sh's engine baseline):
# pgbench scripts adding, one at a time, what stock-service's database does for a sale (issue 13: the stock database
# costs 1.6 ms per sale where pgbench's whole sale costs 0.5 ms, "PostgreSQL by database" in bench/README.md).
#   seed       the seed's sale: insert the sale, guarded decrement of 2 rows in product order (simple protocol)
#   +key       + the Idempotency-Key claimed (insert on conflict do nothing), then its stored response (update)
#   +outbox    + the sale's 3 events into the outbox (one insert of 3 JSON rows)
#   +relay     + one relay transaction per 8 sales (as OutboxRelay: the advisory lock tried, and only when it was
#              granted the oldest 100 rows read and deleted): the pgbench
#              weights 8:1, so per sale = per transaction x 9/8
#   prepared   the same, extended protocol with prepared statements (as the service's client)
#   custom     the same, every execution planned again (plan_cache_mode=force_custom_plan, as the service)
#   vacuumed   the same after VACUUM of the tables (this machine's PostgreSQL runs without autovacuum)
#   twice-N / once-N   KEY_ROUNDS (3) alternating rounds, each after a VACUUM: "vacuumed" again (the key inserted,
#              then updated with its response) against the key looked up first and inserted once with its response
#              at the end (no update)
#   stmts-N / piped-N / call-N   CALL_ROUNDS (2) alternating rounds, each after a VACUUM, PostgreSQL's own plan cache
#              (auto) for all: the whole sale with its guarantees (key stored once with its response, sale, guarded
#              decrements, 3 outbox rows; the relay) as the statements of keyonce, prepared, one round trip each
#              (stmts); in the service's shape, two pipelines (piped: the stock rows locked and read with BEGIN and the
#              key's lookup, the writes with COMMIT); and as one PL/pgSQL call (call: one round trip, one statement,
#              the decision in SQL): the floor of what PostgreSQL needs for a sale that loses nothing and counts
#              nothing twice. CALL_ONLY=1 runs only these rounds.
# Only PostgreSQL runs: no stack needed. bench/sale-parts.sh; SECONDS_PER_RUN=20 CONNECTIONS=16.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${SECONDS_PER_RUN:-20}
CONNECTIONS=${CONNECTIONS:-16}
OUT=$ROOT/bench/results/sale-parts-$(date +%Y%m%d-%H%M%S)
DB=bench_sale_parts
mkdir -p "$OUT"
log() { printf '[sale-parts] %s\n' "$*" >&2; }
export PGPASSWORD=${DB_PASSWORD:-shop}
source "$ROOT/bench/wrk-cpu.sh"
PROC_PIDS=""
sql() { psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" "$@"; }

sql -d postgres -c "drop database if exists $DB" -c "create database $DB" >/dev/null
trap 'drop_database $DB' EXIT
sql -d "$DB" >/dev/null <<'SQL'
create table stock (location_id int, product_id int, on_hand bigint not null check (on_hand >= 0), primary key (location_id, product_id));
insert into stock select l, p, 1000000000 from generate_series(1, 10) l, generate_series(1, 70) p;
create table sale (id bigserial primary key, location_id int not null, total bigint not null, created_at timestamptz default now());
create table idempotency_key (key text primary key, fingerprint text not null, status int, body text, location text,
  etag text, created_at timestamptz not null default now());
create table outbox (id bigserial primary key, event_id uuid not null unique, topic text not null, record_key text not null,
  event_type text not null, subject text, sequence bigint, payload text not null, traceparent text,
  created_at timestamptz not null default clock_timestamp());
create function sell_all(loc int, a int, b int, k text, body text) returns boolean language plpgsql as $$
begin
  perform set_config('lock_timeout', '2s', true), set_config('statement_timeout', '3s', true);
  insert into idempotency_key (key, fingerprint, status, body, location)
    values (k, repeat('ab', 32), 201, body, '/locations/bench-loc-01/sales/x') on conflict (key) do nothing;
  if not found then
    return false; -- a replay: the stored response answers
  end if;
  insert into sale (location_id, total) values (loc, 900);
  update stock set on_hand = on_hand - 1 where location_id = loc and product_id = least(a, b) and on_hand >= 1;
  if not found then
    raise exception 'insufficient stock';
  end if;
  update stock set on_hand = on_hand - 1 where location_id = loc and product_id = greatest(a, b) and on_hand >= 1;
  if not found then
    raise exception 'insufficient stock';
  end if;
  insert into outbox (event_id, topic, record_key, event_type, payload)
    select gen_random_uuid(), 'sale-events', loc, 'sale.completed.v1', body from generate_series(1, 3);
  return true;
end $$;
SQL

body='{"id":"9b2f4c1e-5d3a-4e8b-a1c2-3d4e5f6a7b8c","locationId":"bench-loc-01","items":[{"productId":"6f1c2a9e-1d1b-4c55-9d8e-2b7f0f4f9a01","quantity":1,"unitPrice":{"amount":450,"currency":"EUR"},"lineTotal":{"amount":450,"currency":"EUR"}},{"productId":"7a2d3b0f-2e2c-4d66-8e9f-3c8a1a5b0b02","quantity":1,"unitPrice":{"amount":450,"currency":"EUR"},"lineTotal":{"amount":450,"currency":"EUR"}}],"total":{"amount":900,"currency":"EUR"},"createdAt":"2026-12-03T18:00:00.000001Z"}'
head=$(cat <<'SQL'
\set loc random(1, 10)
\set a random(1, 70)
\set b random(1, 70)
\set k random(1, 1000000000000)
BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '3s';
SQL
)
# (casts: with -M prepared, pgbench sends its variables as text)
sale='INSERT INTO sale (location_id, total) VALUES (:loc::int, 900);
UPDATE stock SET on_hand = on_hand - 1 WHERE location_id = :loc::int AND product_id = least(:a::int, :b::int) AND on_hand >= 1;
UPDATE stock SET on_hand = on_hand - 1 WHERE location_id = :loc::int AND product_id = greatest(:a::int, :b::int) AND on_hand >= 1;'
key="INSERT INTO idempotency_key (key, fingerprint) VALUES ('bench-' || :client_id || '-' || :k, repeat('ab', 32)) ON CONFLICT (key) DO NOTHING;"
keydone="UPDATE idempotency_key SET status = 201, body = '$body', location = '/locations/bench-loc-01/sales/x' WHERE key = 'bench-' || :client_id || '-' || :k;"
outbox="INSERT INTO outbox (event_id, topic, record_key, event_type, payload) SELECT gen_random_uuid(), 'sale-events', :loc, 'sale.completed.v1', '$body' FROM generate_series(1, 3);"
keyfind="SELECT fingerprint, status, body, location, etag FROM idempotency_key WHERE key = 'bench-' || :client_id || '-' || :k;"
keyonce="INSERT INTO idempotency_key (key, fingerprint, status, body, location) VALUES ('bench-' || :client_id || '-' || :k, repeat('ab', 32), 201, '$body', '/locations/bench-loc-01/sales/x');"
printf '%s\n%s\nCOMMIT;\n' "$head" "$sale" >"$OUT/seed.sql"
printf '%s\n%s\n%s\n%s\n%s\nCOMMIT;\n' "$head" "$keyfind" "$sale" "$outbox" "$keyonce" >"$OUT/keyonce.sql"
printf '%s\n%s\n%s\n%s\nCOMMIT;\n' "$head" "$key" "$sale" "$keydone" >"$OUT/key.sql"
printf '%s\n%s\n%s\n%s\n%s\nCOMMIT;\n' "$head" "$key" "$sale" "$outbox" "$keydone" >"$OUT/outbox.sql"
# the service's shape: two pipelines, so two round trips (BEGIN, the timeouts, the key's lookup and the stock rows
# locked and read; then the writes, the key with its response and COMMIT)
lock="SELECT product_id, on_hand FROM stock WHERE location_id = :loc::int AND product_id IN (:a::int, :b::int) ORDER BY product_id FOR UPDATE;"
printf '%s\n%s\n%s\n%s\n\\endpipeline\n\\startpipeline\n%s\n%s\n%s\nCOMMIT;\n\\endpipeline\n' \
  "$(sed -n 1,4p <<<"$head")" "\\startpipeline" "$(sed -n '5,$p' <<<"$head")" "$keyfind
$lock" "$(sed 1d <<<"$sale")
INSERT INTO sale (location_id, total) VALUES (:loc::int, 900);" "$outbox" "$keyonce" >"$OUT/piped.sql"
printf '%s\nSELECT sell_all(:loc::int, :a::int, :b::int, %s, %s);\n' "$(sed -n 1,4p <<<"$head")" \
  "'bench-' || :client_id || '-' || :k" "'$body'" >"$OUT/call.sql"
cat >"$OUT/relay.sql" <<'SQL'
BEGIN;
SELECT set_config('bench.relay_locked', pg_try_advisory_xact_lock(185273099)::text, true);
SELECT id, event_id, topic, record_key, event_type, subject, sequence, payload, traceparent, created_at FROM outbox WHERE current_setting('bench.relay_locked')::boolean ORDER BY id LIMIT 100;
DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE current_setting('bench.relay_locked')::boolean ORDER BY id LIMIT 100);
COMMIT;
SQL

log "idle baseline"
idle_baseline
relay="-f $OUT/relay.sql@1"
run_parts() {
  pgbench_run seed "$OUT/seed.sql" "$CONNECTIONS" "$DB"
  pgbench_run +key "$OUT/key.sql" "$CONNECTIONS" "$DB"
  pgbench_run +outbox "$OUT/outbox.sql" "$CONNECTIONS" "$DB"
  PGBENCH_ARGS="$relay" pgbench_run +relay "$OUT/outbox.sql@8" "$CONNECTIONS" "$DB"
  PGBENCH_ARGS="-M prepared $relay" pgbench_run prepared "$OUT/outbox.sql@8" "$CONNECTIONS" "$DB"
  PGOPTIONS="-c plan_cache_mode=force_custom_plan" PGBENCH_ARGS="-M prepared $relay" \
    pgbench_run custom "$OUT/outbox.sql@8" "$CONNECTIONS" "$DB"
  sql -d "$DB" -c "select relname, n_dead_tup from pg_stat_user_tables order by 1" >"$OUT/dead-rows.txt"
  sql -d "$DB" -c "vacuum analyze stock, sale, idempotency_key, outbox" >/dev/null
  PGOPTIONS="-c plan_cache_mode=force_custom_plan" PGBENCH_ARGS="-M prepared $relay" \
    pgbench_run vacuumed "$OUT/outbox.sql@8" "$CONNECTIONS" "$DB"
  for round in $(seq 1 "${KEY_ROUNDS:-3}"); do
    for variant in twice once; do
      script=$OUT/outbox.sql
      [ "$variant" = once ] && script=$OUT/keyonce.sql
      sql -d "$DB" -c "vacuum analyze stock, sale, idempotency_key, outbox" >/dev/null
      PGOPTIONS="-c plan_cache_mode=force_custom_plan" PGBENCH_ARGS="-M prepared $relay" \
        pgbench_run "$variant-$round" "$script@8" "$CONNECTIONS" "$DB"
    done
  done
}
run_calls() {
  for round in $(seq 1 "${CALL_ROUNDS:-2}"); do
    for variant in stmts piped call; do
      script=$OUT/keyonce.sql
      [ "$variant" = piped ] && script=$OUT/piped.sql
      [ "$variant" = call ] && script=$OUT/call.sql
      sql -d "$DB" -c "vacuum analyze stock, sale, idempotency_key, outbox" >/dev/null
      PGBENCH_ARGS="-M prepared $relay" pgbench_run "$variant-$round" "$script@8" "$CONNECTIONS" "$DB"
    done
  done
}
runs=()
[ "${CALL_ONLY:-0}" = 1 ] || runs+=(seed +key +outbox +relay prepared custom vacuumed $(for i in $(seq 1 "${KEY_ROUNDS:-3}"); do echo "twice-$i once-$i"; done))
runs+=($(for i in $(seq 1 "${CALL_ROUNDS:-2}"); do echo "stmts-$i piped-$i call-$i"; done))
{
  echo "| part | transactions | latency | PostgreSQL CPU per transaction | of which | JIT | pgbench's own CPU | errors |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  [ "${CALL_ONLY:-0}" = 1 ] || run_parts
  run_calls
} | tee "$OUT/summary.md"
{
  echo
  echo "Per sale (the runs with the relay: per transaction x 9/8):"
  for r in "${runs[@]}"; do
    python3 -c "import sys; r, v = sys.argv[1], float(sys.argv[2]); print(f'- {r}: {v * (9 / 8 if r not in (\"seed\", \"+key\", \"+outbox\") else 1):,.0f} µs')" "$r" "$(cpu_of "$r")"
  done
  if [ -f "$OUT/dead-rows.txt" ]; then echo "Dead rows before the vacuum:"; sed 's/^/    /' "$OUT/dead-rows.txt"; fi
} | tee -a "$OUT/summary.md"
log "results in $OUT"
