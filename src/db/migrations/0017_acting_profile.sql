-- The profile a portal session acts for (Identity II): null for the person themself. The
-- profiles' own tables and the foreign key come with them; the session only points.
alter table citizen_sessions add column active_profile_id uuid;
