-- Leads: the people a telecalling floor calls. The original columns (name, email, phone, company,
-- status, source, assigned_to) keep their names and meaning: phone is the number as typed; the
-- dialable, deduplicated form is phone_e164. Column names follow src/domain/lead.ts.

create table public.leads (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  email text,
  -- As typed or imported ('098765 43210'); the original column.
  phone text,
  -- Normalised by the client (libphonenumber); what is dialled, deduplicated and checked against dnc_list.
  phone_e164 text not null,
  company text,
  status text not null default 'new',
  source text,
  -- A departed telecaller's leads fall back to the unassigned pool.
  assigned_to uuid references public.profiles (id) on delete set null,
  -- IANA zone for calling windows; null means unknown, and the workstation will not dial until it is set.
  time_zone text,
  country text,
  -- 0 is normal, 9 most urgent; higher is called first. Manager/admin only.
  priority smallint not null default 0,
  -- Calls made; with last_contact_at and recycle_at maintained by a trigger on interactions.
  attempts integer not null default 0,
  last_contact_at timestamptz,
  -- Earliest re-dial after a no-answer style outcome (dispositions.recycle_after_minutes).
  recycle_at timestamptz,
  -- Earliest pending callback, maintained by a trigger on callbacks.
  callback_due_at timestamptz,
  -- True exactly when the phone is on dnc_list (triggers in ..._dnc_list.sql keep them in step).
  do_not_call boolean not null default false,
  consent text not null default 'unknown',
  consent_at timestamptz,
  -- A lead outlives whoever imported it.
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint not null default 1,
  constraint leads_name_check check (char_length(btrim(name)) between 1 and 200),
  constraint leads_email_check check (email is null or email ~* '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  constraint leads_phone_check check (phone is null or char_length(phone) <= 40),
  constraint leads_phone_e164_check check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  constraint leads_phone_e164_key unique (phone_e164),
  constraint leads_status_check check (status in ('new', 'contacted', 'qualified', 'converted', 'lost')),
  constraint leads_time_zone_check check (time_zone is null or private.is_iana_time_zone(time_zone)),
  constraint leads_country_check check (country is null or country ~ '^[A-Z]{2}$'),
  constraint leads_priority_check check (priority between 0 and 9),
  constraint leads_attempts_check check (attempts >= 0),
  constraint leads_consent_check check (consent in ('unknown', 'granted', 'withdrawn')),
  constraint leads_version_check check (version >= 1)
);
comment on table public.leads is 'Call targets; a telecaller sees only the leads assigned to them.';

-- Policies filter on assigned_to; the queue on assigned_to, status, do_not_call, callback_due_at,
-- recycle_at and priority.
create index leads_assigned_to_status_idx on public.leads (assigned_to, status);
create index leads_queue_idx on public.leads (assigned_to, callback_due_at, priority desc, recycle_at)
  where not do_not_call and status in ('new', 'contacted', 'qualified');
create index leads_callback_due_at_idx on public.leads (callback_due_at) where callback_due_at is not null;
create index leads_status_idx on public.leads (status);
create index leads_created_by_idx on public.leads (created_by);

create trigger leads_set_updated_at
  before update on public.leads
  for each row execute function private.set_updated_at();

create trigger leads_bump_version
  before update on public.leads
  for each row execute function private.bump_version();

-- Clients of the original design write only phone: accept it when it is already international
-- ('+91 98765 43210', '0091 ...'). National numbers need the client's libphonenumber.
create function private.derive_phone_e164()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  compact text := regexp_replace(coalesce(new.phone, ''), '[[:space:]().-]', '', 'g');
begin
  if tg_op = 'INSERT' and new.phone_e164 is not null then
    return new;
  end if;
  if tg_op = 'UPDATE'
    and (new.phone is not distinct from old.phone or new.phone_e164 is distinct from old.phone_e164) then
    return new;
  end if;
  if compact like '00%' then
    compact := '+' || substr(compact, 3);
  end if;
  if compact ~ '^\+[1-9][0-9]{6,14}$' then
    new.phone_e164 := compact;
  end if;
  return new;
end;
$$;

create trigger leads_derive_phone_e164
  before insert or update of phone, phone_e164 on public.leads
  for each row execute function private.derive_phone_e164();

-- Assignment, priority and clearing do-not-call are manager/admin decisions. Column grants cannot
-- tell a telecaller from a manager (both are `authenticated`), so the database checks it here.
-- Most lead updates (a call's counters, a status move, a contact edit) touch none of the guarded
-- fields: see that first, before asking who the caller is, which costs a profiles lookup per row.
create function private.guard_lead_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.assigned_to is not distinct from old.assigned_to
    and new.priority is not distinct from old.priority
    and not (old.do_not_call and not new.do_not_call)
    and new.id is not distinct from old.id
    and new.created_at is not distinct from old.created_at
    and new.created_by is not distinct from old.created_by then
    return new;
  end if;
  if auth.uid() is null or private.is_staff() then
    return new;
  end if;
  if new.assigned_to is distinct from old.assigned_to then
    raise exception 'only managers and admins can change who a lead is assigned to' using errcode = '42501';
  end if;
  if new.priority is distinct from old.priority then
    raise exception 'only managers and admins can change a lead''s priority' using errcode = '42501';
  end if;
  if old.do_not_call and not new.do_not_call then
    raise exception 'only managers and admins can clear do-not-call' using errcode = '42501';
  end if;
  if new.id is distinct from old.id or new.created_at is distinct from old.created_at
    or new.created_by is distinct from old.created_by then
    raise exception 'a lead''s identity and origin cannot change' using errcode = '42501';
  end if;
  return new;
end;
$$;

-- Before-triggers fire in name order: this one sorts first so privilege is checked before data rules.
create trigger leads_authorize_update
  before update on public.leads
  for each row execute function private.guard_lead_update();

-- Leads go only to active floor people, never to assessment-only users.
create function private.check_lead_assignee()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.assigned_to is not null and not exists (
    select 1 from public.profiles p
    where p.id = new.assigned_to and p.is_active and p.role in ('telecaller', 'manager', 'admin')
  ) then
    raise exception 'leads can be assigned only to active telecallers, managers or admins'
      using errcode = '23514', constraint = 'leads_assignee_role_check', table = 'leads';
  end if;
  return new;
end;
$$;

create trigger leads_check_assignee
  before insert or update of assigned_to on public.leads
  for each row execute function private.check_lead_assignee();

alter table public.leads enable row level security;

create policy leads_select on public.leads
  for select to authenticated
  using ((select private.is_staff()) or assigned_to = (select auth.uid()));

-- Leads enter through managers (CSV import, manual entry); telecallers work what they are given.
create policy leads_insert on public.leads
  for insert to authenticated
  with check ((select private.is_staff()));

create policy leads_update on public.leads
  for update to authenticated
  using ((select private.is_staff()) or assigned_to = (select auth.uid()))
  with check ((select private.is_staff()) or assigned_to = (select auth.uid()));

-- Erasing a lead erases its history; that is an admin decision.
create policy leads_delete on public.leads
  for delete to authenticated
  using ((select private.is_admin()));

revoke all on table public.leads from anon;

revoke all on all functions in schema private from public;
