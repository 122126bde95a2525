-- The platform's idempotency store keeps the ETag of a command's response, so a replay carries it too.
alter table idempotency_key add column etag text;
