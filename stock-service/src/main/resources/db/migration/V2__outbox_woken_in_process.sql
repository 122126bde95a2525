-- The relay is now woken in-process right after each command commits (plus a 1 s poll as a fallback).
-- NOTIFY took PostgreSQL's global notify lock at every commit, serialising all sales: pgbench with the seed's sale
-- SQL dropped from 5,411 to 3,097 tps (-43 %) when one pg_notify was added (bench on this machine, 20 clients).
drop trigger if exists outbox_inserted on outbox;
drop function if exists outbox_notify();
