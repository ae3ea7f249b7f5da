-- Most lead updates (a call's counters, a status move, a contact edit) touch none of the guarded
-- fields: see that first, before asking who the caller is, which costs a profiles lookup per row.
-- The rules themselves are unchanged from 20261124000400_leads.sql.
create or replace function private.guard_lead_update()
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

revoke all on function private.guard_lead_update() from public;
