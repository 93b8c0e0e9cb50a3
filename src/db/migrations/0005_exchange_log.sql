-- The exchange log: one record per call through the gateway (refused and failed ones too).
-- Each node appends to its own hash chain: `hash` = SHA-256 over the previous record's hash and
-- this record's fields, so an altered, removed or reordered record breaks the chain
-- (`onewindow audit verify`). Daily partitions are created ahead by the writer and dropped
-- after the retention period.
create table exchange_log (
  node           text not null,
  seq            bigint not null,
  at             timestamptz not null,
  message_id     text not null,
  consumer       text,
  service        text,
  method         text not null,
  path           text not null,
  endpoint       text,
  user_id        text,
  data_subject   text,
  purpose        text,
  status         smallint not null,
  error_type     text,
  latency_ms     real not null,
  request_hash   text,
  response_hash  text,
  prev_hash      text not null,
  hash           text not null,
  primary key (node, seq, at)
) partition by range (at);
create index exchange_log_data_subject_idx on exchange_log (data_subject, at) where data_subject is not null;
create index exchange_log_message_idx on exchange_log (message_id);

-- Where each node's chain stands, updated in the same transaction as the records, so a restarted
-- node continues its chain and a verifier knows the chain's expected end (a truncated tail is
-- detected, not only a broken link).
create table exchange_log_chains (
  node       text primary key,
  seq        bigint not null,
  hash       text not null,
  at         timestamptz not null
);

-- Usage per service and consumer: per-minute buckets written with the log records; minutes older
-- than a few days are rolled up into day buckets. Readers sum both: the periods never overlap.
create table exchange_usage (
  granularity     text not null check (granularity in ('minute', 'day')),
  bucket_start    timestamptz not null,
  service         text not null,
  consumer        text not null,
  calls           bigint not null,
  errors          bigint not null,
  latency_ms_sum  double precision not null,
  latency_ms_max  real not null,
  demo            boolean not null default false,
  primary key (granularity, bucket_start, service, consumer)
);
create index exchange_usage_bucket_idx on exchange_usage (bucket_start);
