-- Do-not-call list: numbers that must never be dialled, whoever's lead they are.
-- leads.do_not_call mirrors membership both ways, kept in step by the triggers below.

create table public.dnc_list (
  id uuid primary key default gen_random_uuid(),
  phone_e164 text not null,
  reason text not null default '',
  -- The entry stays when the person who added it leaves.
  added_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint dnc_list_phone_e164_check check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  constraint dnc_list_phone_e164_key unique (phone_e164),
  constraint dnc_list_reason_check check (char_length(reason) <= 500)
);
comment on table public.dnc_list is 'Numbers that must not be called (E.164); entries are added or removed, never edited.';
create index dnc_list_added_by_idx on public.dnc_list (added_by);

-- leads.do_not_call is exactly "the number is on dnc_list". Flagging a lead lists its number;
-- a listed number cannot be unflagged on the lead (an admin removes it from dnc_list); a flagged
-- lead that gets a new number stays flagged and lists the new number, so editing the number is no
-- way around a do-not-call request.
create function private.derive_lead_do_not_call()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  listed boolean := exists (select 1 from public.dnc_list d where d.phone_e164 = new.phone_e164);
begin
  if listed then
    if tg_op = 'UPDATE' and old.do_not_call and not new.do_not_call then
      raise exception 'this number is on the do-not-call list; an admin must remove it from dnc_list'
        using errcode = '23514', constraint = 'leads_do_not_call_listed_check', table = 'leads';
    end if;
    new.do_not_call := true;
  end if;
  return new;
end;
$$;

-- Named to sort after leads_authorize_update (privilege first) and leads_derive_phone_e164.
create trigger leads_sync_do_not_call
  before insert or update of phone, phone_e164, do_not_call on public.leads
  for each row execute function private.derive_lead_do_not_call();

create function private.list_flagged_lead()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.do_not_call then
    insert into public.dnc_list (phone_e164, reason, added_by)
    values (
      new.phone_e164,
      'Flagged on the lead',
      (select p.id from public.profiles p where p.id = auth.uid())
    )
    on conflict (phone_e164) do nothing;
  end if;
  return null;
end;
$$;

create trigger leads_list_flagged
  after insert or update of phone, phone_e164, do_not_call on public.leads
  for each row execute function private.list_flagged_lead();

create function private.sync_leads_with_dnc_list()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update public.leads set do_not_call = true where phone_e164 = new.phone_e164 and not do_not_call;
  else
    update public.leads set do_not_call = false where phone_e164 = old.phone_e164 and do_not_call;
  end if;
  return null;
end;
$$;

create trigger dnc_list_sync_leads
  after insert or delete on public.dnc_list
  for each row execute function private.sync_leads_with_dnc_list();

alter table public.dnc_list enable row level security;

-- Everyone on the floor may check and add numbers; only admins take a number off the list.
create policy dnc_list_select on public.dnc_list
  for select to authenticated
  using ((select private.current_app_role()) in ('telecaller', 'manager', 'admin'));

create policy dnc_list_insert on public.dnc_list
  for insert to authenticated
  with check (
    (select private.current_app_role()) in ('telecaller', 'manager', 'admin')
    and added_by = (select auth.uid())
  );

create policy dnc_list_delete on public.dnc_list
  for delete to authenticated
  using ((select private.is_admin()));

revoke all on table public.dnc_list from anon;
revoke update on table public.dnc_list from authenticated;

revoke all on all functions in schema private from public;
