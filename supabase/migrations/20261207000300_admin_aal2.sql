-- Admins work at aal2: changing someone's role or activity, and writing releases, needs a session that
-- passed a second factor (a TOTP code), as Supabase Auth records it in the JWT's aal claim. The service
-- role (the release pipeline, the admin CLI, Edge Functions) is unaffected.

-- An admin changes a role or activity only at aal2; names and avatars stay editable at aal1. A policy
-- sees only the new row, so this compares with the old one in a trigger beside profiles_guard_update
-- (which fires first and refuses non-admins and self-changes). Requests without a user are trusted.
create function private.require_aal2_for_role_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if auth.uid() is not null
     and (new.role is distinct from old.role or new.is_active is distinct from old.is_active)
     and private.is_admin()
     and coalesce(auth.jwt() ->> 'aal', '') <> 'aal2' then
    raise exception 'changing a role or activity needs a second factor (aal2)' using errcode = '42501';
  end if;
  return new;
end;
$$;

create trigger profiles_require_aal2
  before update of role, is_active on public.profiles
  for each row execute function private.require_aal2_for_role_change();

-- Only admins write releases (the permissive policies); these make it admins at aal2. An insert or
-- update at aal1 fails with 42501 rather than silently changing nothing.
create policy releases_insert_aal2 on public.releases
  as restrictive
  for insert to authenticated
  with check (((select auth.jwt()) ->> 'aal') = 'aal2');

create policy releases_update_aal2 on public.releases
  as restrictive
  for update to authenticated
  using (true)
  with check (((select auth.jwt()) ->> 'aal') = 'aal2');

create policy releases_delete_aal2 on public.releases
  as restrictive
  for delete to authenticated
  using (((select auth.jwt()) ->> 'aal') = 'aal2');

revoke all on all functions in schema private from public;
