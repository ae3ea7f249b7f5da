-- Callbacks: promises to call a lead again at a time. 'personal' ones belong to their owner,
-- 'anyone' ones to whoever holds the lead when they fall due.

create table public.callbacks (
  id uuid primary key default gen_random_uuid(),
  -- A callback means nothing without its lead.
  lead_id uuid not null references public.leads (id) on delete cascade,
  -- A departed owner's callback falls to whoever holds the lead.
  owner_id uuid references public.profiles (id) on delete set null,
  scope text not null default 'personal',
  due_at timestamptz not null,
  state text not null default 'pending',
  note text not null default '',
  -- Kept when its author's account is removed.
  created_by uuid default auth.uid() references public.profiles (id) on delete set null,
  -- When it left 'pending' (set by trigger).
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint callbacks_scope_check check (scope in ('personal', 'anyone')),
  constraint callbacks_state_check check (state in ('pending', 'done', 'cancelled', 'missed')),
  constraint callbacks_note_check check (char_length(note) <= 2000),
  constraint callbacks_closed_at_check check ((state = 'pending') = (closed_at is null))
);
comment on table public.callbacks is 'Scheduled callbacks on leads: personal or anyone, pending/done/cancelled/missed.';
create index callbacks_lead_id_idx on public.callbacks (lead_id);
create index callbacks_owner_due_idx on public.callbacks (owner_id, due_at) where state = 'pending';
create index callbacks_due_at_idx on public.callbacks (due_at) where state = 'pending';
create index callbacks_created_by_idx on public.callbacks (created_by);

create trigger callbacks_set_updated_at
  before update on public.callbacks
  for each row execute function private.set_updated_at();

create function private.stamp_callback_closed()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.state = 'pending' then
    new.closed_at := null;
  elsif tg_op = 'INSERT' or old.state = 'pending' then
    new.closed_at := coalesce(new.closed_at, now());
  end if;
  return new;
end;
$$;

create trigger callbacks_stamp_closed
  before insert or update of state on public.callbacks
  for each row execute function private.stamp_callback_closed();

-- leads.callback_due_at is the earliest pending callback, so the queue needs no join.
create function private.refresh_callback_due(p_lead_id uuid)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.leads l
     set callback_due_at = c.due_at
    from (
      select min(cb.due_at) as due_at from public.callbacks cb
       where cb.lead_id = p_lead_id and cb.state = 'pending'
    ) c
   where l.id = p_lead_id and l.callback_due_at is distinct from c.due_at
$$;

create function private.sync_lead_callback_due()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.refresh_callback_due(old.lead_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.lead_id <> old.lead_id) then
    perform private.refresh_callback_due(new.lead_id);
  end if;
  return null;
end;
$$;

create trigger callbacks_sync_lead
  after insert or update of due_at, state, lead_id or delete on public.callbacks
  for each row execute function private.sync_lead_callback_due();

alter table public.callbacks enable row level security;

create policy callbacks_select on public.callbacks
  for select to authenticated
  using (
    (select private.is_staff())
    or lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid()))
  );

-- Telecallers schedule on leads they hold, for themselves or for anyone.
create policy callbacks_insert on public.callbacks
  for insert to authenticated
  with check (
    created_by = (select auth.uid())
    and (
      (select private.is_staff())
      or (
        lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid()))
        and (owner_id is null or owner_id = (select auth.uid()))
      )
    )
  );

create policy callbacks_update on public.callbacks
  for update to authenticated
  using (
    (select private.is_staff())
    or lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid()))
  )
  with check (
    (select private.is_staff())
    or (
      lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid()))
      and (owner_id is null or owner_id = (select auth.uid()))
    )
  );

-- Telecallers cancel instead of deleting, so the record of the promise stays.
create policy callbacks_delete on public.callbacks
  for delete to authenticated
  using ((select private.is_staff()));

revoke all on table public.callbacks from anon;

revoke all on all functions in schema private from public;
