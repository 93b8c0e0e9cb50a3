-- Registry: agencies, their services, and the history of every change.

create table agencies (
  code            text primary key check (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
  name_fa         text not null check (length(name_fa) between 1 and 300),
  name_en         text not null check (length(name_en) between 1 and 300),
  kind            text not null check (kind in ('ministry', 'independent_institution', 'subordinate_organisation', 'other')),
  parent_code     text references agencies (code),
  eligible        boolean not null default true,
  connected_on    date,
  contact_email   text,
  contact_phone   text,
  website         text,
  version         integer not null default 1,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  check (parent_code is null or parent_code <> code)
);
create index agencies_parent_idx on agencies (parent_code);

-- Serials of service identifiers. A sequence never hands out a number twice, even when the
-- transaction that took it rolls back, so an identifier is never reused.
create sequence service_serial start with 1000001 minvalue 1000001 maxvalue 99999999 no cycle;

create table services (
  id                    text primary key,
  serial                bigint not null unique,
  agency_code           text not null references agencies (code),
  parent_id             text references services (id),
  external_code         text,
  name_fa               text not null,
  name_en               text not null,
  description_fa        text not null default '',
  description_en        text not null default '',
  topic                 text not null,
  audiences             text[] not null default '{}',
  life_events           text[] not null default '{}',
  maturity              smallint not null check (maturity between 0 and 5),
  delivery_status       text not null check (delivery_status in ('not_in_window', 'listed', 'delivered')),
  channels              text[] not null default '{}',
  fee_amount            bigint check (fee_amount >= 0),
  sla_days              integer check (sla_days >= 0),
  required_evidence     jsonb not null default '[]',
  inquiries             jsonb not null default '[]',
  service_type          text not null check (service_type in ('G2C', 'G2B', 'G2G')),
  nature                text not null check (nature in ('sovereign', 'operational')),
  service_level         text not null check (service_level in ('national', 'provincial', 'city', 'rural')),
  trigger               text not null check (trigger in ('on_request', 'on_date', 'on_life_event', 'on_agency_initiative')),
  in_person_visits      integer not null default 0 check (in_person_visits >= 0),
  avg_processing_days   numeric(8, 2) check (avg_processing_days >= 0),
  access_url            text,
  annual_users          bigint check (annual_users >= 0),
  complaint_channel     text,
  status                text not null default 'active' check (status in ('active', 'retired')),
  retired_at            timestamptz,
  version               integer not null default 1,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  check (parent_id is null or parent_id <> id)
);
create index services_agency_idx on services (agency_code, status);
create index services_parent_idx on services (parent_id);
create index services_external_code_idx on services (external_code);

-- Every change to the registry: who, when, what changed (field → [before, after]).
create table registry_history (
  id          bigint generated always as identity primary key,
  entity      text not null check (entity in ('agency', 'service')),
  entity_key  text not null,
  action      text not null check (action in ('create', 'update', 'retire', 'import')),
  actor       text not null,
  at          timestamptz not null default now(),
  changes     jsonb not null
);
create index registry_history_entity_idx on registry_history (entity, entity_key, id);

-- Bumped by every registry write; nodes compare it to know when to rebuild their search index.
create table registry_state (
  singleton  boolean primary key default true check (singleton),
  version    bigint not null,
  demo       boolean not null default false
);
insert into registry_state (version) values (1);
