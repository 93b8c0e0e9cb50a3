-- People's accounts (citizens and foreign residents), their one-time codes, pending
-- registrations, web sessions and a record of every sign-in, failure and credential change.
-- Designed for tens of millions of accounts: one row per person, found by its identifier
-- through one unique index; nothing else is indexed on `accounts` so a bulk import stays fast.

create table accounts (
  id                   uuid primary key,
  -- 'national_code': an Iranian national code (10 digits, check digit validated by the country
  -- pack); 'foreign_national': the identifier the civil registry gives a foreign resident.
  identifier_type      text not null check (identifier_type in ('national_code', 'foreign_national')),
  identifier           text not null check (identifier ~ '^[0-9]{10,16}$'),
  -- Names come from the civil registry, never typed by the person.
  given_name_fa        text not null check (length(given_name_fa) between 1 and 200),
  family_name_fa       text not null check (length(family_name_fa) between 1 and 200),
  given_name_en        text not null check (length(given_name_en) between 1 and 200),
  family_name_en       text not null check (length(family_name_en) between 1 and 200),
  birth_date           date not null,
  -- E.164, e.g. +989121234567; its ownership was checked against the operators' registry and
  -- its possession proved by a one-time code when `mobile_verified_at` was set.
  mobile               text not null check (mobile ~ '^\+[1-9][0-9]{6,14}$'),
  mobile_verified_at   timestamptz,
  email                text check (email is null or length(email) <= 254),
  email_verified_at    timestamptz,
  -- argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash); null: no password yet.
  password_hash        text,
  password_changed_at  timestamptz,
  -- RFC 6238 second factor: the shared secret (base32) and when it was confirmed.
  totp_secret          text,
  totp_enabled_at      timestamptz,
  -- Temporary lockout after repeated failures (see docs/identity.md).
  failed_sign_ins      integer not null default 0 check (failed_sign_ins >= 0),
  locked_until         timestamptz,
  -- 1: matched the civil registry; 2: and the mobile's ownership and possession were verified.
  assurance            smallint not null default 1 check (assurance in (1, 2)),
  disabled_at          timestamptz,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  unique (identifier_type, identifier)
);

-- Recovery codes for the second factor: only a SHA-256 of each is kept; each works once.
create table account_recovery_codes (
  account_id  uuid not null references accounts (id),
  code_hash   text not null check (code_hash ~ '^[0-9a-f]{64}$'),
  used_at     timestamptz,
  created_at  timestamptz not null default now(),
  primary key (account_id, code_hash)
);

-- A registration between the registry checks and the one-time code that proves the mobile:
-- nothing becomes an account until the code is verified, and these rows expire.
create table account_registrations (
  id                uuid primary key,
  identifier_type   text not null check (identifier_type in ('national_code', 'foreign_national')),
  identifier        text not null check (identifier ~ '^[0-9]{10,16}$'),
  given_name_fa     text not null,
  family_name_fa    text not null,
  given_name_en     text not null,
  family_name_en    text not null,
  birth_date        date not null,
  mobile            text not null check (mobile ~ '^\+[1-9][0-9]{6,14}$'),
  created_at        timestamptz not null default now(),
  expires_at        timestamptz not null,
  check (expires_at > created_at)
);
create index account_registrations_identifier on account_registrations (identifier_type, identifier);

-- One-time codes sent by SMS (registration, sign-in, password reset). Only a hash of the code
-- is kept; a code dies when used, when it expires or after a few wrong tries.
create table one_time_codes (
  id               uuid primary key,
  purpose          text not null check (purpose in ('registration', 'sign_in', 'password_reset', 'mobile_change')),
  account_id       uuid references accounts (id),
  registration_id  uuid references account_registrations (id) on delete cascade,
  mobile           text not null,
  code_hash        text not null,
  attempts         integer not null default 0,
  created_at       timestamptz not null default now(),
  expires_at       timestamptz not null,
  consumed_at      timestamptz,
  check ((account_id is null) <> (registration_id is null)),
  check (expires_at > created_at)
);
create index one_time_codes_account on one_time_codes (account_id) where account_id is not null;
create index one_time_codes_registration on one_time_codes (registration_id) where registration_id is not null;

-- Web sessions of people signed in on the portal (and, through it, the OpenID Connect
-- provider). The cookie holds a random secret; only its SHA-256 is stored. `acr` and `amr`
-- say how strongly this session was authenticated (core/assurance.ts) and go to agencies in
-- ID tokens. A session whose second factor is still owed is not signed in yet.
create table citizen_sessions (
  id                      text primary key check (id ~ '^[0-9a-f]{64}$'),
  account_id              uuid not null references accounts (id),
  csrf_token              text not null,
  acr                     text not null,
  amr                     text[] not null,
  second_factor_pending   boolean not null default false,
  auth_time               timestamptz not null default now(),
  created_at              timestamptz not null default now(),
  expires_at              timestamptz not null,
  revoked_at              timestamptz,
  check (expires_at > created_at)
);
create index citizen_sessions_account on citizen_sessions (account_id);

-- Every sign-in, failure and credential change. `account_id` is null when the attempt named
-- no known account; `address` is the client address as the app saw it.
create table account_events (
  id          bigint generated always as identity primary key,
  account_id  uuid references accounts (id),
  kind        text not null check (kind ~ '^[a-z_]{1,40}$'),
  outcome     text not null check (outcome in ('success', 'failure')),
  reason      text,
  address     text,
  user_agent  text,
  at          timestamptz not null default now()
);
create index account_events_account on account_events (account_id, at) where account_id is not null;
