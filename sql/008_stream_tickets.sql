-- Single-use, short-lived tickets that open one event stream (`GET /v1/events?ticket=`), so a browser
-- need not put its access token in a URL. Only a ticket's SHA-256 is kept; a ticket is deleted as it
-- is used, and expired ones go with the next ticket issued.
create table stream_tickets (
  hash             text primary key,
  user_id          text not null,
  session_id       text not null,
  device_id        text not null,
  token_expires_at bigint not null,
  expires_at       bigint not null
);
create index stream_tickets_expires on stream_tickets (expires_at);
