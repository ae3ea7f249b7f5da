-- A deactivated person's access token stays valid until it expires (jwt_expiry, an hour), and the
-- policies of their own rows (leads assigned to them, their calls, callbacks, assessments) asked only
-- who they are, not whether they still work here: such a token kept reading and writing them through
-- REST and Realtime. Migration inactive_people_lose_roles took their role away at once; this takes away
-- the rest. Each table whose policies admit a person by identity gets one restrictive policy that admits
-- an authenticated request only while the caller's profile is active (restrictive: ANDed with the
-- permissive policies, so nothing they allow changes for an active person). The check is one profile
-- lookup per statement (an initplan); sync RPCs and other definers never evaluate it.

-- True unless the request is a deactivated person's. A request without a user, or an auth user without
-- a profile, is left to the other policies (the same rule as sync.spend_call). Definer: it reads
-- profiles without recursing into profiles' own policies.
create function private.caller_is_active()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select not exists (
    select 1 from public.profiles p where p.id = (select auth.uid()) and not p.is_active
  )
$$;
comment on function private.caller_is_active() is
  'False for a request of a deactivated person; every RLS table''s restrictive policy caller_is_active asks it.';

revoke all on function private.caller_is_active() from public;
grant execute on function private.caller_is_active() to anon, authenticated, service_role;

-- The tables whose policies admit a person by who they are (their leads, the calls and callbacks on
-- them, their assignments and answers, their sync pokes) rather than by role: the role checks
-- (private.current_app_role, is_staff, is_admin) already fail for a deactivated person.
do $$
declare
  v_table text;
begin
  foreach v_table in array array['leads', 'interactions', 'callbacks', 'lead_assignments',
                                 'assessment_assignments', 'assessment_responses', 'sync_pokes']
  loop
    execute format(
      'create policy caller_is_active on public.%I as restrictive for all to authenticated '
      'using ((select private.caller_is_active())) with check ((select private.caller_is_active()))',
      v_table);
  end loop;
end;
$$;

-- A deactivated person still reads their own profile, which says they are deactivated, so their app
-- can tell them instead of showing an empty workstation; they change nothing, not even their name.
create policy caller_is_active on public.profiles
  as restrictive
  for all to authenticated
  using ((select private.caller_is_active()) or id = (select auth.uid()))
  with check ((select private.caller_is_active()));

-- my_assessments is a definer (takers may not read assessments' answer keys), so no policy applies to
-- it: its body moves to private and the public function refuses a deactivated caller first (42501), as
-- the sync RPCs do.
alter function public.my_assessments() rename to my_assessments_of_caller;
alter function public.my_assessments_of_caller() set schema private;
revoke all on function private.my_assessments_of_caller() from public, anon, authenticated, service_role;

create function public.my_assessments()
returns table (
  assignment_id uuid,
  assessment_id uuid,
  title text,
  description text,
  questions jsonb,
  sections jsonb,
  pass_mark numeric,
  due_at timestamptz,
  status text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.caller_is_active() then
    raise exception 'my_assessments is not for a deactivated account' using errcode = '42501';
  end if;
  return query select * from private.my_assessments_of_caller();
end;
$$;
comment on function public.my_assessments() is
  'The caller''s assignments: questions and options without points, sections (id, label, weight) and the pass mark.';

revoke all on function public.my_assessments() from public, anon;
grant execute on function public.my_assessments() to authenticated, service_role;
