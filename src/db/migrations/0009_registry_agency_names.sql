-- The registry's agency names as other modules may read them in their own SQL (ADR 0011).
-- The exchange filters its services by their provider agency's names in the database (a paged,
-- counted search), so that join has to stay in SQL; it reads this view, not the agencies table,
-- and the registry keeps the view's columns stable whatever becomes of its tables. A later
-- change to the view is a new migration with `create or replace view`.
create view registry_agency_names as
  select code, name_fa, name_en from agencies;
