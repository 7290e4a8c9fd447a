-- Every batch the writer stores moves its conversations' last_seq / last_at and the senders' read
-- markers forward: one update per conversation and per sender per batch. None of those columns is
-- indexed, so with free room on the page Postgres updates the row in place (a HOT update) instead of
-- writing a new index entry into every index of the table. Half-full pages leave that room; existing
-- pages get it as they are rewritten (VACUUM FULL / pg_repack), new pages at once.
alter table conversations set (fillfactor = 50);
alter table read_markers set (fillfactor = 50);
