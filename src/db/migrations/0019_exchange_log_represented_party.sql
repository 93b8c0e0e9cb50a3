-- Who a call through the portal was made for (Identity II): `X-Road-Represented-Party`, the
-- legal entity a person acted for (`[CLASS/]CODE`), next to `user_id`, the person who acted.
-- Nullable and without a default, so adding it rewrites no partition (a catalog change only),
-- and on a partitioned table it reaches every existing and future day partition. Records that
-- carry it are hashed with the v2 canonical form (docs/exchange-log.md); older ones keep v1.
alter table exchange_log add column represented_party text;
