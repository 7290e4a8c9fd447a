-- File bytes in Postgres, in fixed-size chunks, so a download streams one chunk at a time and a
-- range request reads only the chunks it covers. Metadata stays in `files` whichever store holds the
-- bytes; `files.data` (whole-file bytea) is left unused.
--
-- An upload inserts its `files` row as 'uploading' first, appends chunks as they arrive, and flips
-- the row to 'ready' only after the size and quota checks pass; readers see 'ready' rows only. Rows
-- left 'uploading' by a crash are swept by later uploads of the same owner.
alter table files add column state text not null default 'ready' check (state in ('uploading', 'ready'));
alter table files add column chunk_size integer;

create table file_chunks (
  file_id text not null references files(id) on delete cascade,
  n       integer not null,
  data    bytea not null,
  primary key (file_id, n)
);
-- Chunks are written once and never updated; TOAST compression only wastes CPU on mostly
-- already-compressed media.
alter table file_chunks alter column data set storage external;
