-- A sale's rows no longer check their location and products by foreign key (issue 13). Each such check locks the
-- parent row (FOR KEY SHARE, a write to its tuple header), and every sale of a location checks the same location row:
-- concurrent sales there turn it into a shared lock of several transactions (a multixact) on nearly every sale. In
-- pgbench (bench/sale-keys.sh: the sale and its lines inserted as SaleRepository does, with the stock decrements, 16
-- clients on 10 locations, alternating rounds): 355-469 µs of PostgreSQL per sale with these two keys, 344-389
-- without them, higher with them in every pair (bench/README.md, "Foreign keys on hot rows"). What they guarded still holds: a sale is written only for stock rows it found and locked at
-- that location, stock_level keeps its foreign keys to location and product, and neither is ever deleted (products
-- are deactivated). reservation has none either (V4). sale_line keeps its key to its own sale.
alter table sale drop constraint sale_location_id_fkey;
alter table sale_line drop constraint sale_line_product_id_fkey;
