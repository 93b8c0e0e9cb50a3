-- The exchange's configuration: which agencies are X-Road members, their information systems
-- (subsystems), the services those provide, how consumer subsystems authenticate, and the
-- access requests that become access rights once approved. The gateway never reads these
-- tables on a call: nodes keep an in-memory snapshot and rebuild it when `exchange_state`
-- changes.

create table exchange_state (
  singleton  boolean primary key default true check (singleton),
  version    bigint not null default 0
);
insert into exchange_state (version) values (0);

-- An agency of the registry taking part in the exchange, with its X-Road identity.
create table exchange_members (
  agency_code   text primary key references agencies (code),
  instance      text not null,
  member_class  text not null,
  member_code   text not null,
  created_at    timestamptz not null default now(),
  unique (instance, member_class, member_code)
);

-- One information system of a member; it consumes services, provides them, or both.
create table exchange_subsystems (
  id           bigint generated always as identity primary key,
  agency_code  text not null references exchange_members (agency_code),
  code         text not null,
  name_fa      text not null,
  name_en      text not null,
  status       text not null default 'active' check (status in ('active', 'disabled')),
  version      integer not null default 1,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  unique (agency_code, code)
);

-- How a consumer subsystem proves who it is. `fingerprint` is the lookup key:
-- certificate → SHA-256 of the DER certificate (hex, lower case); jwk → the RFC 7638
-- thumbprint; secret (demo deployments only) → SHA-256 of the secret (hex).
create table exchange_client_credentials (
  id              bigint generated always as identity primary key,
  subsystem_id    bigint not null references exchange_subsystems (id),
  kind            text not null check (kind in ('certificate', 'jwk', 'secret')),
  fingerprint     text not null,
  certificate_pem text,
  public_jwk      jsonb,
  label           text not null default '',
  not_after       timestamptz,
  created_at      timestamptz not null default now(),
  revoked_at      timestamptz,
  unique (kind, fingerprint)
);
create index exchange_client_credentials_subsystem_idx on exchange_client_credentials (subsystem_id);

-- A service provided by a subsystem. `endpoints` ([{method, path}]) come from its OpenAPI
-- document when one is uploaded; `data_subject` ({in: path|query|header, name}) says where a
-- request carries the national code of the person the data is about.
create table exchange_services (
  id                     bigint generated always as identity primary key,
  subsystem_id           bigint not null references exchange_subsystems (id),
  code                   text not null,
  service_version        text,
  name_fa                text not null,
  name_en                text not null,
  registry_service_id    text references services (id),
  service_type           text not null default 'REST' check (service_type in ('REST', 'OPENAPI')),
  upstream_url           text not null,
  openapi                jsonb,
  endpoints              jsonb not null default '[]',
  timeout_ms             integer not null default 30000 check (timeout_ms between 100 and 600000),
  max_body_bytes         integer not null default 10485760 check (max_body_bytes between 0 and 1073741824),
  data_subject           jsonb,
  rate_limit_per_second  integer check (rate_limit_per_second > 0),
  rate_limit_burst       integer check (rate_limit_burst > 0),
  status                 text not null default 'active' check (status in ('active', 'disabled')),
  version                integer not null default 1,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  unique (subsystem_id, code)
);

-- An access request from a consumer subsystem for a service (optionally only some endpoints).
-- Approved requests are the access rights; revoking one ends it on the next call.
-- pending → provider_approved (when the interoperability board must also approve) → approved;
-- pending|provider_approved → refused | withdrawn; approved → revoked.
create table exchange_access_requests (
  id                     bigint generated always as identity primary key,
  consumer_subsystem_id  bigint not null references exchange_subsystems (id),
  service_id             bigint not null references exchange_services (id),
  endpoints              jsonb,
  purpose                text not null check (length(purpose) between 1 and 2000),
  legal_basis            text not null check (length(legal_basis) between 1 and 2000),
  status                 text not null check (status in ('pending', 'provider_approved', 'approved', 'refused', 'withdrawn', 'revoked')),
  board_required         boolean not null,
  version                integer not null default 1,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now()
);
create index exchange_access_requests_service_idx on exchange_access_requests (service_id, status);
create index exchange_access_requests_consumer_idx on exchange_access_requests (consumer_subsystem_id, status);

create table exchange_access_request_events (
  id          bigint generated always as identity primary key,
  request_id  bigint not null references exchange_access_requests (id),
  at          timestamptz not null default now(),
  status      text not null,
  actor       text not null,
  message     text not null default ''
);
create index exchange_access_request_events_request_idx on exchange_access_request_events (request_id, id);
