-- Each location's IANA time zone (issue 12: a day's figures are counted in the location's own time). Locations created
-- before get Europe/Paris, the configured default's value then.
alter table location add column time_zone text not null default 'Europe/Paris';
alter table location alter column time_zone drop default;
