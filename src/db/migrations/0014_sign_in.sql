-- Sign-in: the TOTP step last accepted (RFC 6238 §5.2: a code is accepted once), so a code
-- seen over someone's shoulder cannot be replayed in the same 90-second window.
alter table accounts add column totp_last_step bigint;

-- Sign-in events are read per kind by the security page ("last sign-ins"); the existing index
-- on (account_id, at) serves it. Nothing else is needed: lockout lives in `accounts`
-- (failed_sign_ins, locked_until) and the per-address throttle in the shared rate limiter.
