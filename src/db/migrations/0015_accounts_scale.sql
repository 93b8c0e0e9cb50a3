-- People's accounts at tens of millions of rows (see docs/performance.md, "People's accounts").
--
-- Sign-ins update a row in place (failed attempts, lockout, a re-hashed password) without
-- touching an indexed column; with room left in each page PostgreSQL keeps such an update on
-- the same page (a HOT update) and writes no new entry in either index. New pages (an import
-- fills millions) keep a tenth free for that.
alter table accounts set (fillfactor = 90);

-- The default thresholds (20% / 10% of the table) wait for millions of dead rows or changes on
-- a table this size before vacuuming or refreshing statistics; 1% keeps both routine.
alter table accounts set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01);
