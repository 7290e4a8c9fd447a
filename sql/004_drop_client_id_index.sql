-- The unique index on (conversation_id, from_device, client_msg_id) cost the writer about a quarter
-- of its insert time (a long second key per row). Retries are deduplicated in Redis before a seq is
-- handed out, and rows are stored idempotently by their primary key; the one reader of a client id in
-- Postgres (a retry after Redis lost its dedup records) looks among a conversation's latest messages
-- through the primary key instead.
drop index messages_client_id;
