-- Retention (MESSAGE_RETENTION_DAYS) removes the oldest messages of a conversation, always a prefix
-- in seq order, and records where what is left begins:
--   retained_from  the lowest seq history can still return (1: nothing was removed). Readers filter on
--                  it and report it, so a page that reaches removed messages says so instead of
--                  showing a gap.
--   oldest_at      no retained message of the conversation is older than this (ms). It only has to be
--                  a lower bound: the pruner looks at conversations with oldest_at before the cutoff
--                  and moves it forward. 0 (new rows, rows from before this migration) means "look".
-- Neither column is written by the batch writer, so its conversation updates stay HOT.
alter table conversations add column retained_from bigint not null default 1;
alter table conversations add column oldest_at bigint not null default 0;
create index conversations_oldest_at on conversations (oldest_at);
