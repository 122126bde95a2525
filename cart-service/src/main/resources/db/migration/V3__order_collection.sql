-- A confirmed order holds its stock until it is fulfilled or cancelled; one nobody collects by collect_by is
-- cancelled by the watchdog (reason not-collected), so reserved stock never stays reserved forever.
alter table customer_order add column collect_by timestamptz;
create index customer_order_confirmed_by_collect on customer_order (collect_by) where status = 'confirmed';
