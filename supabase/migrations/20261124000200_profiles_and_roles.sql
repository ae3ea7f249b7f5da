-- Profiles: one row per auth user with the app role that row-level security decides on.

create table public.profiles (
  -- The profile is the user's shadow in public: it goes when the auth user is deleted.
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  full_name text not null default '',
  role text not null default 'user',
  -- Inactive people stay in history but cannot be given new leads.
  is_active boolean not null default true,
  avatar_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_role_check check (role in ('admin', 'manager', 'telecaller', 'user')),
  constraint profiles_full_name_check check (char_length(full_name) <= 200)
);
comment on table public.profiles is 'One row per auth user; role is admin, manager, telecaller or user.';
create index profiles_role_idx on public.profiles (role);

create trigger profiles_set_updated_at
  before update on public.profiles
  for each row execute function private.set_updated_at();

-- Role lookups for policies. Security definer so a policy on profiles can read profiles without
-- recursing into its own policy; stable so `(select private.x())` is evaluated once per statement.
create function private.current_app_role()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = (select auth.uid())
$$;

create function private.is_staff()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(private.current_app_role() in ('manager', 'admin'), false)
$$;

create function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(private.current_app_role() = 'admin', false)
$$;

grant execute on function private.current_app_role(), private.is_staff(), private.is_admin()
  to anon, authenticated, service_role;

-- A profile for every new auth user. raw_app_meta_data is writable only with the service key,
-- so taking the role from it is safe; raw_user_meta_data (user-controlled) only names the person.
create function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  requested_role text := new.raw_app_meta_data ->> 'role';
begin
  insert into public.profiles (id, email, full_name, role)
  values (
    new.id,
    new.email,
    left(coalesce(
      nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''),
      nullif(btrim(new.raw_user_meta_data ->> 'name'), ''),
      ''
    ), 200),
    case when requested_role in ('admin', 'manager', 'telecaller', 'user') then requested_role else 'user' end
  );
  return new;
end;
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();

-- Auth owns the email address; the profile mirrors it.
create function private.sync_profile_email()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.profiles set email = new.email where id = new.id and email is distinct from new.email;
  return new;
end;
$$;

create trigger on_auth_user_email_changed
  after update of email on auth.users
  for each row execute function private.sync_profile_email();

-- Column rules RLS cannot express (authenticated is one database role for everyone): only admins
-- change roles or activity, nobody changes their own, and the email follows auth.users.
-- Requests without a user (service role, migrations, seed) are trusted.
create function private.guard_profile_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
begin
  if actor is null then
    return new;
  end if;
  if new.id is distinct from old.id then
    raise exception 'a profile id cannot change' using errcode = '42501';
  end if;
  if new.role is distinct from old.role or new.is_active is distinct from old.is_active then
    if old.id = actor then
      raise exception 'nobody can change their own role or activity' using errcode = '42501';
    end if;
    if not private.is_admin() then
      raise exception 'only admins can change roles or activity' using errcode = '42501';
    end if;
  end if;
  if new.email is distinct from old.email
    and new.email is distinct from (select u.email from auth.users u where u.id = new.id)::text then
    raise exception 'the email is managed by auth; change it through the auth API' using errcode = '42501';
  end if;
  return new;
end;
$$;

create trigger profiles_guard_update
  before update on public.profiles
  for each row execute function private.guard_profile_update();

alter table public.profiles enable row level security;

-- Everyone sees themselves; staff see everyone; telecallers see the floor (not assessment-only users).
create policy profiles_select on public.profiles
  for select to authenticated
  using (
    id = (select auth.uid())
    or (select private.is_staff())
    or ((select private.current_app_role()) = 'telecaller' and role <> 'user')
  );

-- People edit their own name and avatar; admins edit anyone (the trigger limits role changes).
create policy profiles_update on public.profiles
  for update to authenticated
  using (id = (select auth.uid()) or (select private.is_admin()))
  with check (id = (select auth.uid()) or (select private.is_admin()));

-- No insert or delete policy: profiles come and go with auth users.
revoke all on table public.profiles from anon;

revoke all on all functions in schema private from public;
