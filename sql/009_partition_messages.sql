-- Messages become a hash-partitioned table on conversation_id: a conversation's history lives in one
-- partition, every read names its conversation (so the planner visits one partition), and each
-- partition keeps its own smaller primary-key index, vacuum and statistics. The partition count comes
-- from MESSAGE_PARTITIONS (default 8) when this runs, and is fixed from then on: changing it means
-- rewriting the table, so a later different setting is refused at start (src/store/partitions.ts).
--
-- Only an empty table is replaced here. A deployment that already stores messages keeps the plain
-- table (every query works on both layouts) until an operator converts it online with
-- `npm run migrate -- --partition-messages` (src/store/partition-messages.ts): copying a large table
-- inside a start-up migration would hold every gate's start behind it.
do $$
declare
  n constant int := {{message_partitions}};
begin
  lock table messages in access exclusive mode;
  if exists (select 1 from messages) then
    raise notice 'messages holds rows: left unpartitioned; convert it with npm run migrate -- --partition-messages';
    return;
  end if;
  drop table messages;
  create table messages (
    conversation_id text not null,
    seq             bigint not null,
    kind            text not null check (kind in ('direct', 'group')),
    from_user       text not null,
    to_id           text not null,
    from_device     text not null,
    client_msg_id   text not null,
    content_type    text not null,
    content         text not null,
    created_at      bigint not null,
    recalled        boolean not null default false,
    primary key (conversation_id, seq)
  ) partition by hash (conversation_id);
  for i in 0 .. n - 1 loop
    execute format('create table messages_p%s partition of messages for values with (modulus %s, remainder %s)', i, n, i);
  end loop;
end $$;
