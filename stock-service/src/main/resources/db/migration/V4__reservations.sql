-- Reservations of stock for orders (issue 11, decision 0006). One row per order id: the consumer of order-events finds
-- it on a redelivery and answers the stored outcome again (same ce_id) instead of reserving twice.
create table reservation (
  order_id     text primary key,
  location_id  text not null,
  -- held (until expires_at) → committed (order confirmed) → fulfilled; or rejected, released, expired
  status       text not null check (status in ('held', 'committed', 'fulfilled', 'rejected', 'released', 'expired')),
  currency     char(3) not null,
  total_amount bigint not null,
  expires_at   timestamptz,
  -- the answer to order.placed.v1 (reservation.confirmed.v1 or .rejected.v1): its ce_id, type and payload
  outcome_id   uuid not null,
  outcome_type text not null,
  outcome      text not null,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
-- the sweeper's work list: held reservations by expiry
create index reservation_held_by_expiry on reservation (expires_at) where status = 'held';

-- The order's lines, one per product (quantities summed), with the unit price the order was placed at.
create table reservation_line (
  order_id    text not null references reservation (order_id),
  product_id  text not null,
  quantity    int not null check (quantity > 0),
  unit_amount bigint not null check (unit_amount >= 0),
  primary key (order_id, product_id)
);
