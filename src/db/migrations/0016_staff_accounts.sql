-- Staff sign in as the person they are: a staff row may name that person's account, and then
-- the person's portal session — with a second factor — opens the staff area with the role kept
-- here. API tokens stay for machines. One account is at most one staff member.
alter table staff add column account_id uuid unique references accounts (id);
