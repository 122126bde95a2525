-- projection-service read models. Fed only by events; every row carries the version of the aggregate it reflects,
-- so a redelivered or late event (version not newer) changes nothing.

create table product_view (
  product_id   text primary key,
  sku          text not null,
  name         text not null,
  category     text not null,
  price_amount bigint not null,
  currency     char(3) not null,
  active       boolean not null,
  version      bigint not null,
  updated_at   timestamptz not null default now()
);

create table stock_view (
  location_id text not null,
  product_id  text not null,
  on_hand     bigint not null,
  reserved    bigint not null,
  available   bigint not null,
  version     bigint not null,
  changed_at  timestamptz not null, -- the event's time (ce_time)
  updated_at  timestamptz not null default now(),
  primary key (location_id, product_id)
);
