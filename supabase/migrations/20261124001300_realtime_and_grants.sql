-- Realtime: managers watch the floor and workstations get poked when their leads change.
alter publication supabase_realtime add table public.leads, public.interactions, public.callbacks;

-- Supabase grants everything on public tables to the API roles and lets RLS decide. TRUNCATE,
-- REFERENCES and TRIGGER are not row-checked, so the request roles must not hold them at all.
revoke truncate, references, trigger on all tables in schema public from anon, authenticated;
