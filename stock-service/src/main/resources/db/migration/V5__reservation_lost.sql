-- A reservation confirmed after it expired, when its units were gone, ends 'lost' (the order was told): a redelivered
-- confirmation then changes nothing.
alter table reservation drop constraint reservation_status_check;
alter table reservation add constraint reservation_status_check
  check (status in ('held', 'committed', 'fulfilled', 'rejected', 'released', 'expired', 'lost'));
