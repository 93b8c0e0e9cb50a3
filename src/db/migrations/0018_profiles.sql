-- Profiles (Identity II): whom a person acts for besides themself. Every row is a claim the
-- window re-checks on each use (src/identity/profiles/acting-for.ts); the registries stay the
-- authority, these rows only remember what the person chose and what the registry last said.

-- Legal entities a person added ("act for my company"): confirmed by the business registry when
-- added and again on every use. Removing one keeps the row (removed_at) for the record.
create table profile_legal_entities (
  id            uuid primary key,
  account_id    uuid not null references accounts (id),
  legal_id      text not null check (legal_id ~ '^[0-9]{11}$'),
  name_fa       text not null,
  name_en       text not null,
  role_code     text not null,
  role_fa       text not null,
  role_en       text not null,
  signatory     boolean not null,
  confirmed_at  timestamptz not null,
  removed_at    timestamptz,
  created_at    timestamptz not null default now()
);
-- The profiles page lists an account's live rows; one live row per (account, entity).
create unique index profile_legal_entities_live on profile_legal_entities (account_id, legal_id) where removed_at is null;

-- Minors in a person's guardianship, as the civil registry last listed them, with the kind of
-- guardianship as the person's role (natural guardian, appointed guardian). `until` is the
-- ward's 18th birthday: from that day the profile gives nothing, whatever the registry says.
create table profile_wards (
  id              uuid primary key,
  account_id      uuid not null references accounts (id),
  national_code   text not null check (national_code ~ '^[0-9]{10}$'),
  name_fa         text not null,
  name_en         text not null,
  role_code       text not null,
  role_fa         text not null,
  role_en         text not null,
  until           date not null,
  confirmed_at    timestamptz not null,
  removed_at      timestamptz,
  created_at      timestamptz not null default now()
);
create unique index profile_wards_live on profile_wards (account_id, national_code) where removed_at is null;

-- Mandates: one person (the grantor, an account) lets another act for them for some catalog
-- services from one day to another, inclusive, in the country's time zone. The grantee is named
-- by identifier, so a mandate can be given before they have an account (the civil registry
-- must know them); their account finds it by that identifier. Revoking keeps the row.
create table mandates (
  id                       uuid primary key,
  grantor_account_id       uuid not null references accounts (id),
  grantee_identifier_type  text not null check (grantee_identifier_type in ('national_code', 'foreign_national')),
  grantee_identifier       text not null check (grantee_identifier ~ '^[0-9]{10,12}$'),
  grantee_name_fa          text not null,
  grantee_name_en          text not null,
  services                 text[] not null check (cardinality(services) between 1 and 20),
  starts_on                date not null,
  ends_on                  date not null,
  revoked_at               timestamptz,
  revoked_by               uuid references accounts (id),
  created_at               timestamptz not null default now(),
  check (ends_on >= starts_on),
  check ((revoked_at is null) = (revoked_by is null))
);
-- "Given by me", newest first; and "given to me", by the grantee's identifier, live ones only.
create index mandates_grantor on mandates (grantor_account_id, created_at desc);
create index mandates_grantee on mandates (grantee_identifier_type, grantee_identifier, ends_on) where revoked_at is null;

-- `citizen_sessions.active_profile_id` (0017) names a row of one of the three tables above, so
-- no single foreign key can hold it. The rule instead: it is only ever written after
-- `actingFor` confirmed that profile for the session's account, and it is re-checked by
-- `actingFor` on every use; a value that names nothing of the account's (a revoked mandate, a
-- removed row) gives PROFILE_NOT_AVAILABLE and the portal puts the session back to the person.
-- Ids are random UUIDs, so the three tables never share one.
comment on column citizen_sessions.active_profile_id is
  'A profile_legal_entities, profile_wards or mandates id, confirmed by actingFor when set and on every use; null: the person themself';
