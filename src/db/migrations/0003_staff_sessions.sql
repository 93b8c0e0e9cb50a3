-- Web sessions of staff who signed in on the staff pages with one of their API tokens.
-- The cookie holds a random secret; only its SHA-256 is stored, so a copy of this table
-- cannot be replayed as cookies. A session lives no longer than the token it came from:
-- revoking the token, or disabling the account, ends it too.

create table staff_sessions (
  id            text primary key check (id ~ '^[0-9a-f]{64}$'),
  staff_id      text not null references staff (id),
  api_token_id  text not null references api_tokens (id),
  -- Synchronizer token for the forms of this session (not a credential on its own).
  csrf_token    text not null,
  created_at    timestamptz not null default now(),
  expires_at    timestamptz not null,
  revoked_at    timestamptz,
  check (expires_at > created_at)
);
create index staff_sessions_staff_idx on staff_sessions (staff_id);
