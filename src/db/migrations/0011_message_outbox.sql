-- Messages to people (one-time codes by SMS, e-mail), written in the same transaction as the
-- change that needs them and sent by every node's dispatcher (src/identity/outbox/). A message
-- is claimed by one node at a time (`for update skip locked` and a lease, `locked_until`); a
-- node that dies while sending leaves the lease to run out and another node sends it again, so
-- delivery is at least once. The body is erased once the message is sent or given up: a
-- one-time code must not outlive its use in the database.
create table message_outbox (
  id               bigint generated always as identity primary key,
  channel          text not null check (channel in ('sms', 'email')),
  recipient        text not null,
  subject          text,
  body             text not null,
  purpose          text not null,
  status           text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  locked_until     timestamptz,
  last_error       text,
  provider_id      text,
  created_at       timestamptz not null default now(),
  sent_at          timestamptz
);

-- What the dispatcher looks for: messages not yet sent, by when they are due.
create index message_outbox_due on message_outbox (next_attempt_at) where status in ('queued', 'sending');
