-- Sign-in: the TOTP step last accepted (RFC 6238 §5.2: a code is accepted once), so a code
-- seen over someone's shoulder cannot be replayed in the same 90-second window.
alter table accounts add column totp_last_step bigint;

-- Sign-in events are read per kind by the security page ("last sign-ins"); the existing index
-- on (account_id, at) serves it. Nothing else is needed: lockout lives in `accounts`
-- (failed_sign_ins, locked_until) and the per-address throttle in the shared rate limiter.

-- Sign-in approved from a device already signed in (number matching, or a QR code the signed-in
-- device opens). The new device holds a secret in a cookie (only its SHA-256 is here); the link
-- in the QR code is another secret, also kept as SHA-256. The signed-in device must pick
-- `number` among `choices`, which the new device shows, so an approval cannot be given blindly.
-- `account_id` is null when the identifier named no account: the new device waits like any other.
create table sign_in_approvals (
  id             uuid primary key,
  account_id     uuid references accounts (id),
  waiter_hash    text not null check (waiter_hash ~ '^[0-9a-f]{64}$'),
  link_hash      text not null unique check (link_hash ~ '^[0-9a-f]{64}$'),
  number         smallint not null check (number between 10 and 99),
  choices        smallint[] not null,
  status         text not null default 'pending' check (status in ('pending', 'approved', 'denied', 'used')),
  created_at     timestamptz not null default now(),
  expires_at     timestamptz not null,
  decided_at     timestamptz,
  check (expires_at > created_at)
);
create index sign_in_approvals_account on sign_in_approvals (account_id, expires_at) where account_id is not null;
