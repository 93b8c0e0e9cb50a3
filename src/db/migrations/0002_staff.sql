-- Staff accounts and their API tokens. Roles are separate from how a caller authenticated:
-- a later single sign-on maps to the same accounts.

create table staff (
  id           text primary key,
  name         text not null check (length(name) between 1 and 200),
  role         text not null check (role in ('operator', 'agency_admin', 'auditor')),
  agency_code  text references agencies (code),
  created_at   timestamptz not null default now(),
  disabled_at  timestamptz,
  check ((role = 'agency_admin') = (agency_code is not null))
);

-- Only a SHA-256 of each token is stored: tokens are 256-bit random values, so a fast hash
-- is enough and lets a request be authenticated with one indexed lookup.
create table api_tokens (
  id            text primary key,
  staff_id      text not null references staff (id),
  token_hash    text not null unique,
  label         text not null default '',
  created_at    timestamptz not null default now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
create index api_tokens_staff_idx on api_tokens (staff_id);
