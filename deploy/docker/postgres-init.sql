-- The services' role and databases (deploy/compose.yaml mounts this into PostgreSQL's init directory); each service
-- migrates its own schema at start (Flyway).
create role shop login password 'shop';
create database stock owner shop;
create database cart owner shop;
create database projection owner shop;
create database analytics owner shop;
