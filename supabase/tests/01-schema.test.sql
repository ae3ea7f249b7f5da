-- The shape every policy and client relies on: tables, RLS everywhere, hardened functions,
-- indexes under policy and foreign-key columns, grants, realtime.
begin;
\ir _support/helpers.psql
select plan(23);

select tables_are('public', array[
  'profiles', 'leads', 'lead_assignments', 'interactions', 'dispositions', 'callbacks', 'dnc_list',
  'audit_log', 'assessments', 'assessment_assignments', 'assessment_responses', 'releases',
  'sync_pokes', 'floor_status', 'wordpress_submissions', 'email_outbox', 'email_unsubscribes',
  'products', 'stripe_events', 'purchases', 'assessment_unlocks', 'team_seats', 'floor_settings'
], 'public has exactly the tables of the design');

select is(
  (select array_agg(c.relname order by c.relname) from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and not c.relrowsecurity),
  null::name[],
  'row-level security is enabled on every public table');

select is(
  (select array_agg(c.relname order by c.relname) from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
      and not exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname)),
  null::name[],
  'every public table has at least one policy');

select is(
  (select array_agg(p.tablename || '.' || p.policyname order by 1) from pg_policies p
    where p.schemaname = 'public'
      and regexp_replace(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''),
                         'SELECT (auth|private)\.[a-z_]+\(\) AS [a-z_]+', '', 'g') ~ '(auth|private)\.[a-z_]+\('),
  null::text[],
  'policies call auth.* and private.* only as (select f()), evaluated once per statement');

select is(
  (select array_agg(p.tablename || '.' || p.policyname order by 1) from pg_policies p
    where p.schemaname = 'public' and p.roles <> '{authenticated}' and not (p.tablename = 'releases' and p.cmd = 'SELECT')),
  null::text[],
  'only the published-releases policy applies to anon; every other policy is for authenticated');

select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
      and not coalesce('search_path=""' = any (p.proconfig), false)
      -- SQL the planner inlines into floor_kpis' and the triggers' queries (a SET clause stops it); they
      -- name everything with its schema, are no definers and no request role may execute them.
      and p.oid not in ('private.kpi_slot(timestamptz)'::regprocedure,
                        'private.kpi_cells_raw(timestamptz, timestamptz, timestamptz[])'::regprocedure,
                        'private.kpi_cells_rollup(timestamptz, timestamptz, timestamptz[])'::regprocedure)),
  null::text[],
  'every function in public and private pins search_path to empty');

select ok(
  (select bool_and(p.prosecdef and p.provolatile = 's') from pg_proc p
    where p.oid in ('private.current_app_role()'::regprocedure, 'private.is_staff()'::regprocedure, 'private.is_admin()'::regprocedure)),
  'role lookups are stable security definer functions (no policy recursion)');

select is(
  (select array_agg(p.oid::regprocedure::text || ':' || r.rolname order by 1)
     from pg_proc p cross join pg_roles r
    where p.pronamespace = 'private'::regnamespace and r.rolname in ('anon', 'authenticated')
      and has_function_privilege(r.oid, p.oid, 'execute')
      and p.proname not in ('current_app_role', 'is_staff', 'is_admin', 'is_iana_time_zone', 'caller_is_active')),
  null::text[],
  'request roles may execute only the private functions policies and checks call');

select is(
  (select count(*) from pg_namespace n where n.nspname = 'private'
      and has_schema_privilege('authenticated', n.oid, 'CREATE')),
  0::bigint,
  'request roles cannot create objects in private');

-- Every foreign key's leading column has an index starting with it (cascades, joins, policies).
select is(
  (select array_agg(c.conrelid::regclass::text || '.' || a.attname order by 1)
     from pg_constraint c
     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])),
  null::text[],
  'every foreign key column is indexed');

select has_index('public', 'leads', 'leads_assigned_to_status_idx', 'the lead policy column assigned_to is indexed');
select has_index('public', 'leads', 'leads_queue_idx', 'the queue has its partial index');
select has_index('public', 'callbacks', 'callbacks_owner_due_idx', 'pending callbacks by owner and due time are indexed');

select set_eq(
  $$ select tablename::text from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' $$,
  array['leads', 'interactions', 'callbacks', 'sync_pokes', 'profiles', 'floor_settings', 'team_seats'],
  'leads, interactions, callbacks, the revoke doorbell sync_pokes, profiles (People and the floor follow them), the calling hours and the seats bought (People''s seats) are published to realtime');

select is(
  (select array_agg(c.relname || ':' || priv order by 1)
     from pg_class c
    cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) as priv
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v')
      and has_table_privilege('anon', c.oid, priv)
      and not (c.relname = 'releases' and priv = 'SELECT')),
  null::text[],
  'anon holds no table privilege except select on releases');

select is(
  (select array_agg(c.relname || ':' || r.rolname order by 1)
     from pg_class c cross join pg_roles r
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
      and r.rolname in ('anon', 'authenticated')
      and (has_table_privilege(r.oid, c.oid, 'TRUNCATE') or has_table_privilege(r.oid, c.oid, 'TRIGGER')
           or has_table_privilege(r.oid, c.oid, 'REFERENCES'))),
  null::text[],
  'request roles cannot truncate (which skips RLS), add triggers or reference tables');

select ok(not has_function_privilege('anon', 'public.my_assessments()', 'execute'),
  'anon cannot call my_assessments()');
select ok(not has_function_privilege('authenticated', 'private.write_audit(text, text, uuid, jsonb, jsonb)', 'execute'),
  'request roles cannot call the audit writer directly');
select has_trigger('auth', 'users', 'on_auth_user_created', 'new auth users get a profile');
select has_trigger('public', 'leads', 'leads_authorize_update', 'lead updates are authorized column by column');
select columns_are('public', 'leads', array[
  'id', 'name', 'email', 'phone', 'phone_e164', 'company', 'status', 'source', 'assigned_to', 'time_zone', 'country',
  'priority', 'attempts', 'last_contact_at', 'recycle_at', 'callback_due_at', 'do_not_call', 'consent', 'consent_at',
  'created_by', 'created_at', 'updated_at', 'version'
], 'leads keep the original columns and add the floor''s (names as in src/domain/lead.ts)');
select col_type_is('public', 'leads', 'version', 'bigint', 'leads carry a version for sync');
select col_default_is('public', 'leads', 'version', '1', 'a new lead starts at version 1');

select * from finish();
rollback;
