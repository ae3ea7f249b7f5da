-- Releases: signed installers and their update channels, read by the updater.

create table public.releases (
  id uuid primary key default gen_random_uuid(),
  version text not null,
  channel text not null default 'stable',
  platform text not null,
  arch text not null default 'x64',
  file_name text not null,
  url text not null,
  -- electron-updater's base64 sha512 (88 characters), or hex (128).
  sha512 text not null,
  size_bytes bigint not null,
  -- Share of installations offered this release (staged rollout).
  staged_percentage smallint not null default 100,
  notes text not null default '',
  -- Null while a draft; the updater sees a release once this time has passed.
  published_at timestamptz,
  -- A release outlives its publisher's account.
  created_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint releases_version_check check (
    version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$'
  ),
  constraint releases_channel_check check (channel in ('stable', 'beta', 'alpha')),
  constraint releases_platform_check check (platform in ('win32', 'darwin', 'linux')),
  constraint releases_arch_check check (arch in ('x64', 'arm64', 'ia32', 'universal')),
  constraint releases_file_name_check check (file_name ~ '^[^/\\]+$'),
  constraint releases_url_check check (url ~ '^https?://'),
  constraint releases_sha512_check check (sha512 ~ '^[A-Za-z0-9+/]{86}==$' or sha512 ~ '^[0-9a-f]{128}$'),
  constraint releases_size_check check (size_bytes > 0),
  constraint releases_staged_percentage_check check (staged_percentage between 0 and 100),
  constraint releases_version_channel_platform_key unique (version, channel, platform, arch)
);
comment on table public.releases is 'Installer releases per channel and platform; published ones are public.';
create index releases_feed_idx on public.releases (channel, platform, arch, published_at desc);
create index releases_published_at_idx on public.releases (published_at);
create index releases_created_by_idx on public.releases (created_by);

create trigger releases_set_updated_at
  before update on public.releases
  for each row execute function private.set_updated_at();

alter table public.releases enable row level security;

-- The update feed is public once published; admins also see drafts and scheduled releases.
create policy releases_select on public.releases
  for select to anon, authenticated
  using ((published_at is not null and published_at <= now()) or (select private.is_admin()));

create policy releases_insert on public.releases
  for insert to authenticated
  with check ((select private.is_admin()));

create policy releases_update on public.releases
  for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy releases_delete on public.releases
  for delete to authenticated
  using ((select private.is_admin()));

revoke all on table public.releases from anon;
grant select on table public.releases to anon;
