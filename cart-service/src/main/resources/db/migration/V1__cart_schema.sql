-- cart-service schema. The event store is the source of truth; everything else is derived or technical.

-- Append-only event store. unique (cart_id, version) is the optimistic concurrency check: two commands that read the
-- same version cannot both append.
create table cart_event (
  event_id    uuid primary key,
  cart_id     text not null,
  version     bigint not null,
  type        text not null,
  payload     text not null,
  metadata    text not null, -- JSON: causationId, correlationId, idempotencyKey, traceparent
  occurred_at timestamptz not null default clock_timestamp(),
  constraint cart_event_version_key unique (cart_id, version)
);

-- Latest snapshot of a cart (every shop.cart.snapshot-every events). Deleting them all changes nothing but speed.
create table cart_snapshot (
  cart_id  text primary key,
  version  bigint not null,
  state    text not null,
  taken_at timestamptz not null default now()
);

-- Write-side index of carts: status and last activity, for abandonment (SKIP LOCKED) and owner checks.
create table cart (
  cart_id          text primary key,
  owner_id         text,
  status           text not null,
  version          bigint not null,
  last_activity_at timestamptz not null
);
create index cart_open_by_activity on cart (last_activity_at) where status = 'open';

-- Product catalogue as cart-service knows it, fed by product-events; upserted only by a newer version.
create table catalogue_product (
  product_id   text primary key,
  name         text not null,
  price_amount bigint not null,
  currency     char(3) not null,
  active       boolean not null,
  version      bigint not null,
  updated_at   timestamptz not null default now()
);

-- platform: transactional outbox (published by OutboxRelay to cart-events).
create table outbox (
  id          bigserial primary key,
  event_id    uuid not null,
  topic       text not null,
  record_key  text not null,
  event_type  text not null,
  subject     text not null,
  sequence    bigint,
  payload     text not null,
  traceparent text,
  created_at  timestamptz not null default clock_timestamp()
);

-- platform: Idempotency-Key store.
create table idempotency_key (
  key         text primary key,
  fingerprint text not null,
  status      int,
  body        text,
  location    text,
  etag        text,
  created_at  timestamptz not null default now()
);
create index idempotency_key_created on idempotency_key (created_at);
