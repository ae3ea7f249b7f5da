-- A doorbell for what a person can no longer see. Realtime checks each change against the subscriber's
-- row-level security, so when a manager reassigns a lead away, its old holder is sent nothing: the
-- lead's new row is not theirs. Each revoke in sync.change_log rings that holder's row here instead;
-- the workstation subscribes to it (realtime is a poke) and pulls, and the revoke takes the lead out
-- of its cache at once rather than at the next timed pull.
create table public.sync_pokes (
  user_id uuid primary key references auth.users (id) on delete cascade,
  poked_at timestamptz not null default now(),
  -- Why the last ring: 'revoke' (a lead was taken away).
  reason text not null,
  constraint sync_pokes_reason_check check (reason in ('revoke'))
);
comment on table public.sync_pokes is
  'One row per person, touched when something they could see was taken away; a realtime doorbell that makes their workstation pull.';

alter table public.sync_pokes enable row level security;
create policy sync_pokes_select_own on public.sync_pokes
  for select to authenticated using (user_id = (select auth.uid()));
revoke all on public.sync_pokes from public, anon, authenticated;
grant select on public.sync_pokes to authenticated;

-- Statement level: a bulk reassignment rings each old holder once.
create function sync.ring_revoked_holders()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.sync_pokes (user_id, poked_at, reason)
  select distinct n.audience, now(), 'revoke'
    from new_rows n
   where n.kind = 'revoke' and n.audience is not null
     and exists (select 1 from auth.users u where u.id = n.audience)
  on conflict (user_id) do update set poked_at = excluded.poked_at, reason = excluded.reason;
  return null;
end;
$$;

create trigger change_log_ring_revoked_holders
  after insert on sync.change_log
  referencing new table as new_rows
  for each statement execute function sync.ring_revoked_holders();

alter publication supabase_realtime add table public.sync_pokes;
