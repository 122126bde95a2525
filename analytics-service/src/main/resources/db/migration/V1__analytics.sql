-- analytics-service: figures built from events only (issue 12). Facts are added up in 15-minute UTC buckets, so a
-- location's day is summed in its own time zone at query time (any zone's offset is a multiple of 15 minutes today,
-- and a DST day simply has 92 or 100 buckets). Each source topic writes only its own rows (the source column), so the
-- consumers of different topics never wait on each other's row locks.

-- Locations (location-events): the zone their days are counted in; the currency their figures are answered in by
-- default is the first one a money fact brought.
create table location (
  location_id text primary key,
  name        text,
  time_zone   text not null,
  updated_at  timestamptz not null default now()
);

create table location_currency (
  location_id text primary key,
  currency    text not null
);

-- Every event applied once: its CloudEvent id is claimed in the transaction that adds its facts.
create table applied_event (
  event_id   text primary key,
  applied_at timestamptz not null default now()
);

-- Per location, bucket and currency: orders (POS sales and confirmed orders, less cancelled ones), revenue in minor
-- units (less returns and cancellations), items, and the cart funnel (carts created, checked out, abandoned).
create table figures (
  source            text not null,
  location_id       text not null,
  bucket            timestamptz not null,
  currency          text not null,
  orders            bigint not null default 0,
  revenue           bigint not null default 0,
  items             bigint not null default 0,
  carts_created     bigint not null default 0,
  carts_checked_out bigint not null default 0,
  carts_abandoned   bigint not null default 0,
  primary key (location_id, bucket, source, currency)
);

-- Units and revenue per product, location and bucket (top products over any range of days).
create table product_figures (
  source      text not null,
  location_id text not null,
  product_id  text not null,
  bucket      timestamptz not null,
  currency    text not null,
  units       bigint not null default 0,
  revenue     bigint not null default 0,
  primary key (location_id, bucket, product_id, source, currency)
);

-- What later events of an order or a cart need to know (an order's confirmation carries no lines; a cart's end no
-- location). counted_at: when the order was counted (confirmed); ended_at: when it was cancelled after that.
create table order_fact (
  order_id    text primary key,
  location_id text not null,
  currency    text not null,
  total       bigint not null,
  lines       jsonb not null,
  counted_at  timestamptz,
  ended_at    timestamptz
);

create table cart_fact (
  cart_id     text primary key,
  location_id text not null,
  currency    text not null,
  ended_at    timestamptz
);
