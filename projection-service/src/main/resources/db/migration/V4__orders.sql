-- Orders (issue 11): the cart view shows the warnings of a failed checkout and the order of the latest one; the order
-- read model is fed by order-events, strictly in version order like carts (early versions parked).
alter table cart_view add column warnings text, add column order_id text;

create table order_view (
  order_id    text primary key,
  owner_id    text,
  cart_id     text not null,
  location_id text not null,
  status      text not null,
  version     bigint not null,
  placed_at   timestamptz not null,
  view        text not null, -- the answered order as JSON (lines with names, totals, status history)
  changed_at  timestamptz not null, -- time of the last applied event (ce_time)
  updated_at  timestamptz not null default now()
);
-- a customer's orders, newest first
create index order_view_by_owner on order_view (owner_id, placed_at desc, order_id desc) where owner_id is not null;

create table order_event_parked (
  order_id  text not null,
  version   bigint not null,
  type      text not null,
  payload   text not null,
  event_at  timestamptz not null,
  parked_at timestamptz not null default now(),
  primary key (order_id, version)
);
