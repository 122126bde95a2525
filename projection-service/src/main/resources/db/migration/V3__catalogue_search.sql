-- Catalogue search: PostgreSQL full-text over name and category, accent-insensitive ("biere" finds "Bière"), with the
-- 'simple' configuration (no stemming: product names are proper nouns in several languages).
-- unaccent is a trusted extension: the database owner may create it.
create extension if not exists unaccent;

-- unaccent() is only STABLE (its dictionary could change); a generated column needs an IMMUTABLE function, so the
-- dictionary is named explicitly, as PostgreSQL's documentation suggests.
create function search_text(text) returns text language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, lower($1)) $$;

alter table product_view
  add column search tsvector generated always as (to_tsvector('simple', search_text(name || ' ' || category))) stored;
-- default index names, so that a rebuild (create table ... like ... including all) recreates the same names
create index on product_view using gin (search);
create index on product_view (lower(category));
create index on stock_view (product_id);

-- Popularity: units sold minus units returned, from sale-events. Sales are not versioned aggregates, so each event is
-- applied once through the processed-event table, in the same transaction (key = the CloudEvent id).
create table product_popularity (
  product_id text primary key,
  units      bigint not null,
  updated_at timestamptz not null default now()
);

create table sale_event_applied (
  event_id   text primary key,
  applied_at timestamptz not null default now()
);
