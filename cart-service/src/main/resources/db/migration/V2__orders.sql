-- Orders (issue 11, decision 0006), event-sourced like carts: placed from a cart at checkout, then confirmed or
-- rejected by stock-service's reservation, then fulfilled or cancelled.

-- Append-only event store of orders; unique (order_id, version) is the optimistic concurrency check.
create table order_event (
  event_id    uuid primary key,
  order_id    text not null,
  version     bigint not null,
  type        text not null,
  payload     text not null,
  metadata    text not null,
  occurred_at timestamptz not null default clock_timestamp(),
  constraint order_event_version_key unique (order_id, version)
);

-- Write-side index of orders: the row each order command locks, who may see the order, and the watchdog's work list
-- (orders still placed past their deadline).
create table customer_order (
  order_id    text primary key,
  cart_id     text not null,
  owner_id    text,
  location_id text not null,
  status      text not null,
  version     bigint not null,
  reserve_by  timestamptz not null
);
create index customer_order_placed_by_deadline on customer_order (reserve_by) where status = 'placed';
