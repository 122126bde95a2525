#!/usr/bin/env bash
# What the foreign keys of a sale's rows cost PostgreSQL (issue 13; stock-service's V7 dropped two of them): the sale
# and its lines inserted as SaleRepository does (one statement: the sale, then its lines from unnest), with the
# guarded decrements of its two stock rows, on three copies of the schema that differ only in their foreign keys:
#   fk    sale.location_id -> location, sale_line.sale_id -> sale, sale_line.product_id -> product (stock-service
#         up to V6)
#   own   sale_line.sale_id -> sale only (stock-service from V7)
#   nofk  none
# Alternating rounds (fk own nofk, ROUNDS times), prepared statements, 10 locations x 70 products, text ids.
# Only PostgreSQL runs: no stack needed. bench/sale-keys.sh; SECONDS_PER_RUN=20 CONNECTIONS=16 ROUNDS=2.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${SECONDS_PER_RUN:-20}
CONNECTIONS=${CONNECTIONS:-16}
OUT=$ROOT/bench/results/sale-keys-$(date +%Y%m%d-%H%M%S)
VARIANTS="fk own nofk"
mkdir -p "$OUT"
log() { printf '[sale-keys] %s\n' "$*" >&2; }
export PGPASSWORD=${DB_PASSWORD:-shop}
source "$ROOT/bench/wrk-cpu.sh"
PROC_PIDS=""
sql() { psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" "$@"; }
drop_all() { local v; for v in $VARIANTS; do drop_database "bench_sale_keys_$v"; done; }
trap drop_all EXIT

for v in $VARIANTS; do
  db=bench_sale_keys_$v
  sale_location="" line_sale="" line_product=""
  [ "$v" != nofk ] && line_sale="references sale (id)"
  [ "$v" = fk ] && sale_location="references location (id)" && line_product="references product (id)"
  sql -d postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
  sql -d "$db" >/dev/null <<SQL
create table location (id text primary key, name text not null);
create table product (id text primary key, name text not null);
insert into location select 'loc-' || l, 'L' || l from generate_series(1, 10) l;
insert into product select 'p-' || p, 'P' || p from generate_series(1, 70) p;
create table stock (location_id text references location (id), product_id text references product (id),
  on_hand bigint not null check (on_hand >= 0), primary key (location_id, product_id));
insert into stock select 'loc-' || l, 'p-' || p, 1000000000 from generate_series(1, 10) l, generate_series(1, 70) p;
create table sale (id text primary key, location_id text not null $sale_location, total bigint not null,
  created_at timestamptz default now());
create table sale_line (sale_id text not null $line_sale, line_no int not null, product_id text not null $line_product,
  quantity int not null, primary key (sale_id, line_no));
SQL
done
# (casts: with -M prepared, pgbench sends its variables as text)
cat >"$OUT/sale.sql" <<'SQL'
\set loc random(1, 10)
\set a random(1, 70)
\set b random(1, 70)
BEGIN;
WITH s AS (INSERT INTO sale (id, location_id, total) VALUES (gen_random_uuid()::text, 'loc-' || :loc::int, 900) RETURNING id) INSERT INTO sale_line (sale_id, line_no, product_id, quantity) SELECT s.id, l.n, l.p, 1 FROM s, unnest(array['p-' || least(:a::int, :b::int), 'p-' || greatest(:a::int, :b::int)]) WITH ORDINALITY AS l(p, n);
UPDATE stock SET on_hand = on_hand - 1 WHERE location_id = 'loc-' || :loc::int AND product_id = 'p-' || least(:a::int, :b::int) AND on_hand >= 1;
UPDATE stock SET on_hand = on_hand - 1 WHERE location_id = 'loc-' || :loc::int AND product_id = 'p-' || greatest(:a::int, :b::int) AND on_hand >= 1;
COMMIT;
SQL

log "idle baseline"
idle_baseline
{
  echo "| run | transactions | latency | PostgreSQL CPU per sale | of which | JIT | pgbench's own CPU | errors |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  for round in $(seq 1 "${ROUNDS:-2}"); do
    for v in $VARIANTS; do
      PGBENCH_ARGS="-M prepared" pgbench_run "$v-$round" "$OUT/sale.sql" "$CONNECTIONS" "bench_sale_keys_$v"
    done
  done
} | tee "$OUT/summary.md"
log "results in $OUT"
