-- Where each node's retained chain starts. Dropping expired day partitions removes the beginning
-- of every chain; before it does, the anchor moves to the last dropped record (its seq and hash),
-- so `onewindow audit verify` checks the retained records from there and still detects records
-- removed at the start. A chain never cut by retention keeps the genesis anchor (0, 64 zeros).
alter table exchange_log_chains
  add column anchor_seq bigint not null default 0,
  add column anchor_hash text not null default '0000000000000000000000000000000000000000000000000000000000000000';
