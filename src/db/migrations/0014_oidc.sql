-- The OpenID Connect provider (src/identity/oidc/): everything oidc-provider stores, its
-- signing keys, and the agency applications registered as its clients.

-- One table for every model oidc-provider stores (Session, Interaction, Grant,
-- AuthorizationCode, AccessToken, RefreshToken, ClientCredentials, …), keyed (kind, id).
-- `payload` is the model as oidc-provider gives it, as JSON text (never queried inside, and
-- text is read back several times faster than jsonb); the columns beside it are what the
-- adapter looks rows up by (grant for revocation, uid for sessions, user code) and when a row
-- dies. Expired rows are swept by the provider's node in the background.
create table oidc_payloads (
  kind         text not null check (kind ~ '^[A-Za-z]{1,40}$'),
  id           text not null check (length(id) between 1 and 200),
  payload      text not null,
  grant_id     text,
  uid          text,
  user_code    text,
  expires_at   timestamptz,
  consumed_at  timestamptz,
  primary key (kind, id)
);
create index oidc_payloads_grant on oidc_payloads (grant_id) where grant_id is not null;
create index oidc_payloads_uid on oidc_payloads (uid) where uid is not null;
create index oidc_payloads_user_code on oidc_payloads (user_code) where user_code is not null;
create index oidc_payloads_expires on oidc_payloads (expires_at) where expires_at is not null;

-- Signing keys (private JWKs). A key is published in the JWKS from `created_at`, signs from
-- `signs_from` (later, so relying parties have fetched it first), and after a newer key took
-- over it stays published for verification until `retire_at`.
create table oidc_signing_keys (
  kid         text primary key check (kid ~ '^[A-Za-z0-9_-]{8,100}$'),
  alg         text not null check (alg in ('RS256', 'ES256', 'PS256', 'EdDSA')),
  private_jwk jsonb not null,
  created_at  timestamptz not null default now(),
  signs_from  timestamptz not null,
  retire_at   timestamptz,
  check (signs_from >= created_at)
);

-- Agency applications that sign people in through the window. The secret of a
-- `client_secret_*` client is kept only as its SHA-256: a copy of this table signs no one in.
create table oidc_clients (
  client_id                    text primary key check (client_id ~ '^[A-Za-z0-9._-]{3,100}$'),
  agency_code                  text not null references agencies (code),
  name_fa                      text not null check (length(name_fa) between 1 and 200),
  name_en                      text not null check (length(name_en) between 1 and 200),
  redirect_uris                text[] not null check (cardinality(redirect_uris) between 1 and 20),
  post_logout_redirect_uris    text[] not null default '{}',
  scopes                       text[] not null,
  auth_method                  text not null check (auth_method in ('private_key_jwt', 'client_secret_basic', 'client_secret_post')),
  secret_hash                  text check (secret_hash is null or secret_hash ~ '^[0-9a-f]{64}$'),
  jwks                         jsonb,
  first_party                  boolean not null default false,
  backchannel_logout_uri       text,
  default_acr                  text,
  disabled_at                  timestamptz,
  created_at                   timestamptz not null default now(),
  updated_at                   timestamptz not null default now(),
  check ((auth_method = 'private_key_jwt') = (jwks is not null)),
  check ((auth_method = 'private_key_jwt') = (secret_hash is null))
);
create index oidc_clients_agency on oidc_clients (agency_code);
