-- People change under an open People screen or Floor board: a role changed or someone deactivated by
-- another admin. Publishing profiles lets the workstation hear it on Realtime (postgres_changes), each
-- change checked against profiles_select, so a telecaller hears only of their own row and staff of all.
alter publication supabase_realtime add table public.profiles;
