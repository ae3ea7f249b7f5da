-- Audit log of role and assignment changes: written only by triggers, read only by admins,
-- never updated or deleted by anyone (grants, RLS and a trigger that also stops the owner).

create table public.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  -- No foreign keys: the record must outlive the people and rows it names.
  actor_id uuid,
  -- The actor's app role, or the database role for requests without a user ('service_role', 'system').
  actor_role text not null,
  action text not null,
  entity text not null,
  entity_id uuid not null,
  old_value jsonb,
  new_value jsonb,
  constraint audit_log_action_check check (action in ('role_changed', 'lead_assigned')),
  constraint audit_log_entity_check check (entity in ('profiles', 'leads'))
);
comment on table public.audit_log is 'Append-only record of role and lead assignment changes; admins read it.';
create index audit_log_occurred_at_idx on public.audit_log (occurred_at);
create index audit_log_entity_idx on public.audit_log (entity, entity_id);
create index audit_log_actor_id_idx on public.audit_log (actor_id);

create function private.refuse_audit_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', lower(tg_op)
    using errcode = '42501';
end;
$$;

create trigger audit_log_append_only
  before update or delete on public.audit_log
  for each row execute function private.refuse_audit_change();

create trigger audit_log_no_truncate
  before truncate on public.audit_log
  for each statement execute function private.refuse_audit_change();

-- The one writer; called from security definer triggers, so no role needs execute on it.
create function private.write_audit(
  p_action text,
  p_entity text,
  p_entity_id uuid,
  p_old jsonb,
  p_new jsonb
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.audit_log (actor_id, actor_role, action, entity, entity_id, old_value, new_value)
  values (
    auth.uid(),
    coalesce(private.current_app_role(), nullif(auth.role(), ''), 'system'),
    p_action,
    p_entity,
    p_entity_id,
    p_old,
    p_new
  );
end;
$$;

create function private.audit_role_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.write_audit('role_changed', 'profiles', new.id, null, jsonb_build_object('role', new.role));
  elsif new.role is distinct from old.role then
    perform private.write_audit(
      'role_changed', 'profiles', new.id,
      jsonb_build_object('role', old.role), jsonb_build_object('role', new.role)
    );
  end if;
  return null;
end;
$$;

create trigger profiles_audit_role
  after insert or update of role on public.profiles
  for each row execute function private.audit_role_change();

alter table public.audit_log enable row level security;

create policy audit_log_select on public.audit_log
  for select to authenticated
  using ((select private.is_admin()));

-- Only triggers write; nobody (not even the service key) updates, deletes or truncates.
revoke all on table public.audit_log from anon, authenticated, service_role;
grant select on table public.audit_log to authenticated, service_role;

revoke all on all functions in schema private from public;
