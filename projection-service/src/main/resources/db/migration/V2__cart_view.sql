-- Cart read model, fed by cart-events. Cart events are deltas, so they apply strictly in version order:
-- version = current + 1 applies, older ones are duplicates, newer ones wait in cart_event_parked until the gap fills.
create table cart_view (
  cart_id     text primary key,
  owner_id    text,
  location_id text not null,
  currency    char(3) not null,
  status      text not null,
  version     bigint not null,
  lines       text not null, -- JSON array of {productId, name, quantity, unitPrice}
  changed_at  timestamptz not null, -- time of the last applied event (ce_time)
  updated_at  timestamptz not null default now()
);

create table cart_event_parked (
  cart_id   text not null,
  version   bigint not null,
  type      text not null,
  payload   text not null,
  event_at  timestamptz not null,
  parked_at timestamptz not null default now(),
  primary key (cart_id, version)
);
