-- Assignment history: who held a lead when, written by a trigger on leads (telecallers and
-- managers never write it directly), plus an audit_log entry for each change.

create table public.lead_assignments (
  id uuid primary key default gen_random_uuid(),
  -- History of a lead goes with the lead it describes.
  lead_id uuid not null references public.leads (id) on delete cascade,
  -- People may leave; the history row stays with a null in their place.
  from_user uuid references public.profiles (id) on delete set null,
  to_user uuid references public.profiles (id) on delete set null,
  assigned_by uuid references public.profiles (id) on delete set null,
  assigned_at timestamptz not null default now()
);
comment on table public.lead_assignments is 'Append-only history of lead assignment, written by trigger.';
create index lead_assignments_lead_id_idx on public.lead_assignments (lead_id, assigned_at);
create index lead_assignments_from_user_idx on public.lead_assignments (from_user);
create index lead_assignments_to_user_idx on public.lead_assignments (to_user);
create index lead_assignments_assigned_by_idx on public.lead_assignments (assigned_by);

create function private.record_lead_assignment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  previous uuid := case when tg_op = 'UPDATE' then old.assigned_to end;
begin
  if new.assigned_to is not distinct from previous then
    return null;
  end if;
  -- The previous holder may be the profile being deleted right now (its leads are set null):
  -- store null for people who no longer exist, as the foreign keys do for older rows.
  insert into public.lead_assignments (lead_id, from_user, to_user, assigned_by)
  select new.id,
         (select p.id from public.profiles p where p.id = previous),
         new.assigned_to,
         (select p.id from public.profiles p where p.id = auth.uid());
  perform private.write_audit(
    'lead_assigned', 'leads', new.id,
    case when tg_op = 'UPDATE' then jsonb_build_object('assigned_to', previous) end,
    jsonb_build_object('assigned_to', new.assigned_to)
  );
  return null;
end;
$$;

create trigger leads_record_assignment
  after insert or update of assigned_to on public.leads
  for each row execute function private.record_lead_assignment();

alter table public.lead_assignments enable row level security;

-- Staff see all history; a telecaller sees the history of the leads they hold now.
create policy lead_assignments_select on public.lead_assignments
  for select to authenticated
  using (
    (select private.is_staff())
    or lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid()))
  );

revoke all on table public.lead_assignments from anon;
revoke insert, update, delete, truncate on table public.lead_assignments from authenticated;

revoke all on all functions in schema private from public;
