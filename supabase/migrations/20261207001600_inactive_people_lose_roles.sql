-- A deactivated person keeps a valid access token until it expires (up to jwt_expiry; Auth's ban stops
-- only refreshes and new sign-ins). Their role stops counting at once: every policy and RPC that asks
-- for a role (is_staff, is_admin, the role checks) reads it here, so a deactivated manager or admin
-- loses the floor, the leads of others and the admin tools on their next request, not an hour later.
create or replace function private.current_app_role()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = (select auth.uid()) and p.is_active
$$;
