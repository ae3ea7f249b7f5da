-- People (admins): the audit log records invitations and (de)activations besides role changes, and
-- admins read when each person last signed in. Inviting and banning need the service key and run in the
-- admin-users Edge Function; the profile changes it makes go through the caller's own token, so RLS,
-- profiles_guard_update and profiles_require_aal2 decide and the audit names the admin who acted.

-- The actions so far (audit_log, sync_push) plus people's.
alter table public.audit_log drop constraint audit_log_action_check;
alter table public.audit_log add constraint audit_log_action_check
  check (action in ('role_changed', 'lead_assigned', 'reassigned_lead_write',
                    'person_invited', 'person_deactivated', 'person_reactivated'));

-- Whether the caller is an active admin whose session passed a second factor: what every people change needs.
create function private.is_active_admin_at_aal2()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select auth.jwt()) ->> 'aal', '') = 'aal2'
    and exists (select 1 from public.profiles p
                where p.id = (select auth.uid()) and p.role = 'admin' and p.is_active)
$$;

create function private.audit_activity_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.is_active is distinct from old.is_active then
    perform private.write_audit(
      case when new.is_active then 'person_reactivated' else 'person_deactivated' end,
      'profiles', new.id,
      jsonb_build_object('is_active', old.is_active), jsonb_build_object('is_active', new.is_active)
    );
  end if;
  return null;
end;
$$;

create trigger profiles_audit_activity
  after update of is_active on public.profiles
  for each row execute function private.audit_activity_change();

-- The admin-users function calls this with the inviting admin's token once Auth has created the person,
-- so the entry names the admin (the profile itself was inserted by Auth's service role).
create function public.record_person_invited(p_person uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  invited jsonb;
begin
  if not private.is_active_admin_at_aal2() then
    raise exception 'only an active admin at aal2 records an invitation' using errcode = '42501';
  end if;
  select jsonb_build_object('email', p.email, 'role', p.role, 'full_name', p.full_name)
    into invited
    from public.profiles p
    join auth.users u on u.id = p.id
   where p.id = p_person and u.invited_at is not null;
  if invited is null then
    raise exception 'no invited person %', p_person using errcode = 'P0002', hint = 'talentg:USER_NOT_FOUND';
  end if;
  perform private.write_audit('person_invited', 'profiles', p_person, null, invited);
end;
$$;

-- auth.users is not exposed; admins see only when each person last signed in (and whether an
-- invitation is still open). Everyone else gets no rows.
create function public.people_sign_ins()
returns table (id uuid, last_sign_in_at timestamptz, invited_at timestamptz, email_confirmed_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select u.id, u.last_sign_in_at, u.invited_at, u.email_confirmed_at
    from auth.users u
   where private.is_admin()
$$;

revoke all on function public.record_person_invited(uuid), public.people_sign_ins() from public, anon;
grant execute on function public.record_person_invited(uuid), public.people_sign_ins() to authenticated;

revoke all on all functions in schema private from public;
