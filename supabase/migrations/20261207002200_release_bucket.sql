-- The releases bucket and update channels (issue 13): `talentg release publish` uploads installers and
-- electron-updater's feed files (latest.yml, beta-mac.yml, ...) into Storage bucket `releases`; every
-- signed-in person's updater reads them with their own token, and only an admin at aal2 writes them
-- (as for the releases rows, migration admin_aal2). Each person's updater follows the channel on their
-- profile, which only an admin at aal2 sets, so a pilot team can be put on beta.

-- Private: the feed and installers are for signed-in staff, not the internet. Installers run to a few
-- hundred MB; the stack's [storage] file_size_limit still caps every upload.
insert into storage.buckets (id, name, public, file_size_limit)
values ('releases', 'releases', false, 2147483648)
on conflict (id) do nothing;

create policy releases_bucket_select on storage.objects
  for select to authenticated
  using (bucket_id = 'releases');

create policy releases_bucket_insert on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'releases'
    and (select private.is_admin())
    and ((select auth.jwt()) ->> 'aal') = 'aal2'
  );

create policy releases_bucket_update on storage.objects
  for update to authenticated
  using (bucket_id = 'releases' and (select private.is_admin()))
  with check (
    bucket_id = 'releases'
    and (select private.is_admin())
    and ((select auth.jwt()) ->> 'aal') = 'aal2'
  );

create policy releases_bucket_delete on storage.objects
  for delete to authenticated
  using (
    bucket_id = 'releases'
    and (select private.is_admin())
    and ((select auth.jwt()) ->> 'aal') = 'aal2'
  );

-- The update channel a person's workstation follows: 'stable' for everyone until an admin says 'beta'.
alter table public.profiles
  add column update_channel text not null default 'stable',
  add constraint profiles_update_channel_check check (update_channel in ('stable', 'beta'));

comment on column public.profiles.update_channel is
  'The release channel this person''s workstation updates from (stable or beta); set by an admin at aal2.';

-- A policy cannot tell which column changed and people may edit their own profile, so a trigger keeps
-- the channel for admins at aal2. Requests without a user (service role, seed) are trusted.
create function private.guard_update_channel()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if auth.uid() is not null and new.update_channel is distinct from old.update_channel then
    if not private.is_admin() then
      raise exception 'only admins choose the update channel' using errcode = '42501';
    end if;
    if coalesce(auth.jwt() ->> 'aal', '') <> 'aal2' then
      raise exception 'choosing the update channel needs a second factor (aal2)' using errcode = '42501';
    end if;
  end if;
  return new;
end;
$$;

create trigger profiles_guard_update_channel
  before update of update_channel on public.profiles
  for each row execute function private.guard_update_channel();

revoke all on all functions in schema private from public;
