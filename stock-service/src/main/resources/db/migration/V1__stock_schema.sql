-- stock-service schema. Owned by stock-service only; other services learn about it through Kafka.

create table product (
  id           text primary key,
  sku          text not null,
  name         text not null,
  category     text not null,
  price_amount bigint not null check (price_amount >= 0),
  currency     char(3) not null,
  active       boolean not null default true,
  version      bigint not null default 1,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  constraint product_sku_key unique (sku)
);

create table location (
  id         text primary key,
  name       text not null,
  created_at timestamptz not null default now()
);

-- One row per (location, product) ever counted or received. No row = nothing on hand.
create table stock_level (
  location_id text not null references location (id),
  product_id  text not null references product (id),
  on_hand     bigint not null,
  reserved    bigint not null default 0,
  version     bigint not null default 0,
  updated_at  timestamptz not null default now(),
  primary key (location_id, product_id),
  -- the last line of defence: stock never negative, never more reserved than on hand
  constraint stock_level_non_negative check (reserved >= 0 and on_hand >= reserved)
);

create table sale (
  id           text primary key,
  location_id  text not null references location (id),
  currency     char(3) not null,
  total_amount bigint not null,
  created_at   timestamptz not null default now()
);
create index sale_location_newest on sale (location_id, created_at desc, id desc);

create table sale_line (
  sale_id     text not null references sale (id),
  line_no     int not null,
  product_id  text not null references product (id),
  quantity    int not null check (quantity > 0),
  unit_amount bigint not null,
  returned    int not null default 0,
  primary key (sale_id, product_id),
  constraint sale_line_returned_le_sold check (returned >= 0 and returned <= quantity)
);

create table sale_return (
  id           text primary key,
  sale_id      text not null references sale (id),
  items        text not null, -- JSON array of the returned lines, as answered to the client
  total_amount bigint not null,
  created_at   timestamptz not null default now()
);

-- Transactional outbox: written in the same transaction as the change, published by OutboxRelay, then deleted.
-- Rows of one Kafka key are always written while holding that aggregate's row lock, so their ids grow in commit order.
create table outbox (
  id           bigserial primary key,
  event_id     uuid not null,
  topic        text not null,
  record_key   text not null,
  event_type   text not null,
  subject      text not null,
  sequence     bigint,
  payload      text not null,
  traceparent  text,
  created_at   timestamptz not null default clock_timestamp()
);

create function outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('stock_outbox', '');
  return null;
end $$;

-- one notification per inserting statement, delivered at commit
create trigger outbox_inserted after insert on outbox for each statement execute function outbox_notify();

-- Idempotency-Key store: the first successful response of a command, replayed for retries.
create table idempotency_key (
  key          text primary key,
  fingerprint  text not null,
  status       int,
  body         text,
  location     text,
  created_at   timestamptz not null default now()
);
create index idempotency_key_created on idempotency_key (created_at);
