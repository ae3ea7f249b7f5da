-- GoTrue's admin create inserts auth.users first and merges app_metadata in a later update, so
-- on_auth_user_created sees no role and the profile starts as 'user'. Follow the role when
-- raw_app_meta_data changes it (writable only with the service key, like at insert). The update
-- of profiles.role goes through profiles_audit_role, so the change is audited like any other.
create function private.sync_profile_role()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  requested_role text := new.raw_app_meta_data ->> 'role';
begin
  if requested_role is distinct from (old.raw_app_meta_data ->> 'role')
     and requested_role in ('admin', 'manager', 'telecaller', 'user') then
    update public.profiles set role = requested_role where id = new.id and role is distinct from requested_role;
  end if;
  return null;
end;
$$;

create trigger on_auth_user_app_metadata_changed
  after update of raw_app_meta_data on auth.users
  for each row execute function private.sync_profile_role();

revoke all on all functions in schema private from public;
