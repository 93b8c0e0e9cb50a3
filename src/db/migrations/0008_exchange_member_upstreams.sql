-- The backend addresses the operator registered for each exchange member. A service's upstream
-- URL must lie inside one of its member's active registrations: an agency admin chooses within
-- them and can neither route a service to another agency's backend nor to an internal address.
-- Rows are never deleted or changed except to revoke them, so the table is its own audit trail
-- (who registered what when, who revoked it when).
--
-- Existing services are not registered by this migration on purpose: a registration made from
-- whatever upstreams exist would also bless one an agency admin pointed at someone else's
-- backend. Until the operator registers a member's addresses its services answer
-- Server.ServerProxy.ServiceDisabled (docs/exchange-upstreams.md, "Upgrading").
create table exchange_member_upstreams (
  id                  bigint generated always as identity primary key,
  agency_code         text not null references exchange_members (agency_code),
  -- Normalised: scheme://host[:port]/path/ (lower-case host, default port left out, ends with /).
  url_prefix          text not null,
  -- Canonical IPs this registration may reach although they are loopback, private, link-local
  -- or this host's own: the operator's explicit, exact allowance (a JSON array of strings).
  internal_addresses  jsonb not null default '[]',
  note                text not null default '',
  created_at          timestamptz not null default now(),
  created_by          text not null,
  revoked_at          timestamptz,
  revoked_by          text,
  check ((revoked_at is null) = (revoked_by is null))
);

-- One active registration of a prefix per member.
create unique index exchange_member_upstreams_active on exchange_member_upstreams (agency_code, url_prefix) where revoked_at is null;
