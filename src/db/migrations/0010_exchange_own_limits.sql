-- Rate limits where operators need them (README, "Rate limits"): a consumer
-- subsystem's own limit across all services (null: RATE_LIMIT_CONSUMER_*), set by the operator,
-- and an access right's quota (null: none beyond the consumer's and the service's limits), set
-- by the provider or the operator. A burst without a rate is refused by the API, as for services.
alter table exchange_subsystems
  add column rate_limit_per_second integer check (rate_limit_per_second > 0),
  add column rate_limit_burst      integer check (rate_limit_burst > 0);

alter table exchange_access_requests
  add column rate_limit_per_second integer check (rate_limit_per_second > 0),
  add column rate_limit_burst      integer check (rate_limit_burst > 0);
