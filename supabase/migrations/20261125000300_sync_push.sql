-- Push RPC of the workstation sync (docs/sync-protocol.md): a batch of intents from one client,
-- applied once each in seq order, every answer stored with the client's seq in the same transaction.

create table sync.clients (
  client_id uuid primary key,
  -- The first user who pushed with this id; nobody else may use it.
  user_id uuid not null references auth.users (id) on delete cascade,
  last_seq bigint not null default 0,
  created_at timestamptz not null default now(),
  last_push_at timestamptz,
  constraint clients_last_seq_check check (last_seq >= 0)
);
comment on table sync.clients is 'One row per workstation install: its user and the highest seq applied.';
create index clients_user_id_idx on sync.clients (user_id);

create table sync.mutations (
  client_id uuid not null references sync.clients (client_id) on delete cascade,
  seq bigint not null,
  mutation_id uuid not null,
  op text not null,
  user_id uuid not null,
  status text not null,
  -- The result object answered the first time (status, code, message, server_row, flag).
  answer jsonb not null,
  client_created_at text,
  received_at timestamptz not null default now(),
  primary key (client_id, seq),
  constraint mutations_status_check check (status in ('applied', 'rejected', 'conflict'))
);
comment on table sync.mutations is 'Every mutation a client pushed, with the answer it got; replays answer from here.';

create table sync.conflicts (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  -- Who pushed; no foreign keys, like audit_log, so the record outlives people and leads.
  user_id uuid not null,
  lead_id uuid,
  client_id uuid,
  seq bigint,
  mutation_id uuid,
  op text not null,
  kind text not null,
  field text,
  base jsonb,
  attempted jsonb,
  server jsonb,
  constraint conflicts_kind_check
    check (kind in ('status_conflict', 'status_move_not_allowed', 'field_conflict', 'lead_reassigned'))
);
comment on table sync.conflicts is 'Sync mutations that met a different server state; read through public.sync_conflicts().';
create index conflicts_user_id_idx on sync.conflicts (user_id, id);
create index conflicts_lead_id_idx on sync.conflicts (lead_id);

alter table sync.clients enable row level security;
alter table sync.mutations enable row level security;
alter table sync.conflicts enable row level security;
revoke all on all tables in schema sync from public, anon, authenticated;

-- A late call on a reassigned lead is recorded for the floor's managers.
alter table public.audit_log drop constraint audit_log_action_check;
alter table public.audit_log add constraint audit_log_action_check
  check (action in ('role_changed', 'lead_assigned', 'reassigned_lead_write'));

-- ---- Building blocks ----

-- src/domain/dispositions.ts STATUS_TRANSITIONS, row for row; staying in place is always allowed.
create function sync.status_move_allowed(p_from text, p_to text, p_staff boolean)
returns boolean
language sql
immutable
as $$
  select p_from = p_to or exists (
    select 1
      from (values
        ('new', 'contacted', false),
        ('new', 'qualified', false),
        ('new', 'converted', false),
        ('new', 'lost', false),
        ('contacted', 'qualified', false),
        ('contacted', 'converted', false),
        ('contacted', 'lost', false),
        ('qualified', 'converted', false),
        ('qualified', 'lost', false),
        ('lost', 'contacted', true)
      ) as t (from_status, to_status, needs_staff)
     where t.from_status = p_from and t.to_status = p_to and (p_staff or not t.needs_staff)
  )
$$;

-- The sync.* functions below run only inside sync_push, whose search_path is already ''; a SET clause
-- of their own would cost a configuration save and restore on each of the dozen calls per mutation.

-- A business refusal: sync_push turns the hint into the answer's code.
create function sync.refuse(p_code text, p_message text)
returns void
language plpgsql
as $$
begin
  raise exception using errcode = 'P0001', message = p_message, hint = 'sync:' || p_code;
end;
$$;

-- A required argument as text.
create function sync.arg(p_args jsonb, p_key text)
returns text
language plpgsql
as $$
declare
  v_value text := p_args ->> p_key;
begin
  if v_value is null then
    perform sync.refuse('INVALID_MUTATION', format('args.%s is required', p_key));
  end if;
  return v_value;
end;
$$;

create function sync.check_status(p_status text)
returns text
language plpgsql
as $$
begin
  if p_status not in ('new', 'contacted', 'qualified', 'converted', 'lost') then
    perform sync.refuse('INVALID_MUTATION', format('%s is not a lead status', p_status));
  end if;
  return p_status;
end;
$$;

-- Who may act on the lead, with the lead row locked for the rest of the mutation: 'staff',
-- 'holder' (assigned now) or, when p_late_ok, 'reassigned' (assigned to the caller at p_at).
create function sync.lead_access(p_lead_id uuid, p_uid uuid, p_staff boolean, p_at timestamptz, p_late_ok boolean)
returns text
language plpgsql
as $$
declare
  v_assigned_to uuid;
begin
  select l.assigned_to into v_assigned_to from public.leads l where l.id = p_lead_id for update;
  if not found then
    perform sync.refuse('LEAD_NOT_FOUND', format('There is no lead %s.', p_lead_id));
  end if;
  if p_staff then
    return 'staff';
  end if;
  if v_assigned_to = p_uid then
    return 'holder';
  end if;
  if p_late_ok and p_uid = (
    select la.to_user from public.lead_assignments la
     where la.lead_id = p_lead_id and la.assigned_at <= p_at
     order by la.assigned_at desc limit 1
  ) then
    return 'reassigned';
  end if;
  perform sync.refuse('FORBIDDEN', 'This lead is not assigned to you.');
  return null;
end;
$$;

create function sync.log_conflict(
  p_ref jsonb, p_lead_id uuid, p_op text, p_kind text, p_field text, p_base jsonb, p_attempted jsonb, p_server jsonb
)
returns void
language sql
as $$
  insert into sync.conflicts (user_id, lead_id, client_id, seq, mutation_id, op, kind, field, base, attempted, server)
  values ((p_ref ->> 'user_id')::uuid, p_lead_id, (p_ref ->> 'client_id')::uuid, (p_ref ->> 'seq')::bigint,
          (p_ref ->> 'mutation_id')::uuid, p_op, p_kind, p_field, p_base, p_attempted, p_server)
$$;

-- A late write by the lead's previous holder: accepted, and shown to managers twice over.
create function sync.note_reassigned_write(p_ref jsonb, p_lead_id uuid, p_op text, p_args jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_holder uuid := (select l.assigned_to from public.leads l where l.id = p_lead_id);
begin
  perform sync.log_conflict(p_ref, p_lead_id, p_op, 'lead_reassigned', null, null, p_args,
                            jsonb_build_object('assigned_to', v_holder));
  perform private.write_audit('reassigned_lead_write', 'leads', p_lead_id,
                              jsonb_build_object('assigned_to', v_holder),
                              jsonb_build_object('op', p_op, 'args', p_args, 'by', p_ref ->> 'user_id'));
  return jsonb_build_object('status', 'applied', 'flag', 'lead_reassigned',
                            'message', 'The lead was reassigned; your entry was recorded and your manager told.');
end;
$$;

create function sync.lead_row(p_lead_id uuid)
returns jsonb
language sql
stable
as $$
  select to_jsonb(l) from public.leads l where l.id = p_lead_id
$$;

-- ---- Operations: each returns its answer or raises; sync_push runs each in a subtransaction ----

create function sync.op_log_call(p_uid uuid, p_staff boolean, p_args jsonb, p_ref jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_lead_id uuid := sync.arg(p_args, 'lead_id')::uuid;
  v_interaction_id uuid := sync.arg(p_args, 'interaction_id')::uuid;
  v_disposition text := sync.arg(p_args, 'disposition');
  v_occurred_at timestamptz := sync.arg(p_args, 'occurred_at')::timestamptz;
  v_from text := sync.check_status(sync.arg(p_args, 'status_from'));
  v_to text := sync.check_status(sync.arg(p_args, 'status_to'));
  v_callback jsonb := nullif(p_args -> 'callback', 'null'::jsonb);
  v_access text;
  v_status text;
  v_scope text;
begin
  if v_callback is not null and jsonb_typeof(v_callback) <> 'object' then
    perform sync.refuse('INVALID_MUTATION', 'args.callback must be an object');
  end if;
  v_access := sync.lead_access(v_lead_id, p_uid, p_staff, v_occurred_at, true);
  if exists (
    select 1 from public.dnc_list d join public.leads l on l.phone_e164 = d.phone_e164
     where l.id = v_lead_id and d.created_at <= v_occurred_at
  ) then
    perform sync.refuse('DNC_LEAD', 'This number was on the do-not-call list when the call was made.');
  end if;

  insert into public.interactions (id, lead_id, type, content, disposition, duration_seconds, occurred_at, created_by)
  values (v_interaction_id, v_lead_id, 'call', coalesce(p_args ->> 'notes', ''), v_disposition,
          (p_args ->> 'duration_seconds')::integer, v_occurred_at, p_uid)
  on conflict (id) do nothing;

  if v_callback is not null then
    -- The previous holder's promise goes to whoever holds the lead now.
    v_scope := case when v_access = 'reassigned' then 'anyone' else coalesce(v_callback ->> 'scope', 'personal') end;
    insert into public.callbacks (id, lead_id, owner_id, scope, due_at, note, created_by)
    values (sync.arg(v_callback, 'callback_id')::uuid, v_lead_id,
            case when v_scope = 'personal' then p_uid end, v_scope,
            sync.arg(v_callback, 'due_at')::timestamptz, coalesce(v_callback ->> 'note', ''), p_uid)
    on conflict (id) do nothing;
  end if;

  if v_access = 'reassigned' then
    -- The status of a lead someone else now works is theirs to move; the manager sees the request.
    return sync.note_reassigned_write(p_ref, v_lead_id, 'log_call', p_args);
  end if;
  if v_from = v_to then
    return jsonb_build_object('status', 'applied');
  end if;
  select l.status into v_status from public.leads l where l.id = v_lead_id;
  if v_status <> v_from then
    perform sync.log_conflict(p_ref, v_lead_id, 'log_call', 'status_conflict', 'status',
                              to_jsonb(v_from), to_jsonb(v_to), to_jsonb(v_status));
    return jsonb_build_object('status', 'conflict', 'code', 'SYNC_CONFLICT',
      'message', format('The call was recorded, but the lead is %s on the server, not %s.', v_status, v_from),
      'server_row', sync.lead_row(v_lead_id));
  end if;
  if not sync.status_move_allowed(v_from, v_to, p_staff) then
    perform sync.log_conflict(p_ref, v_lead_id, 'log_call', 'status_move_not_allowed', 'status',
                              to_jsonb(v_from), to_jsonb(v_to), to_jsonb(v_status));
    return jsonb_build_object('status', 'conflict', 'code', 'STATUS_MOVE_NOT_ALLOWED',
      'message', format('The call was recorded, but a %s lead cannot become %s.', v_from, v_to),
      'server_row', sync.lead_row(v_lead_id));
  end if;
  update public.leads set status = v_to where id = v_lead_id;
  return jsonb_build_object('status', 'applied');
end;
$$;

create function sync.op_add_note(p_uid uuid, p_staff boolean, p_args jsonb, p_ref jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_lead_id uuid := sync.arg(p_args, 'lead_id')::uuid;
  v_interaction_id uuid := sync.arg(p_args, 'interaction_id')::uuid;
  v_content text := sync.arg(p_args, 'content');
  v_occurred_at timestamptz := sync.arg(p_args, 'occurred_at')::timestamptz;
  v_access text := sync.lead_access(v_lead_id, p_uid, p_staff, v_occurred_at, true);
begin
  insert into public.interactions (id, lead_id, type, content, occurred_at, created_by)
  values (v_interaction_id, v_lead_id, 'note', v_content, v_occurred_at, p_uid)
  on conflict (id) do nothing;
  if v_access = 'reassigned' then
    return sync.note_reassigned_write(p_ref, v_lead_id, 'add_note', p_args);
  end if;
  return jsonb_build_object('status', 'applied');
end;
$$;

create function sync.op_set_status(p_uid uuid, p_staff boolean, p_args jsonb, p_ref jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_lead_id uuid := sync.arg(p_args, 'lead_id')::uuid;
  v_from text := sync.check_status(sync.arg(p_args, 'from'));
  v_to text := sync.check_status(sync.arg(p_args, 'to'));
  v_status text;
begin
  perform sync.lead_access(v_lead_id, p_uid, p_staff, null, false);
  select l.status into v_status from public.leads l where l.id = v_lead_id;
  if v_status <> v_from then
    perform sync.log_conflict(p_ref, v_lead_id, 'set_status', 'status_conflict', 'status',
                              to_jsonb(v_from), to_jsonb(v_to),
                              jsonb_build_object('status', v_status, 'base_version', p_args -> 'base_version'));
    return jsonb_build_object('status', 'conflict', 'code', 'SYNC_CONFLICT',
      'message', format('The lead is %s on the server, not %s.', v_status, v_from),
      'server_row', sync.lead_row(v_lead_id));
  end if;
  if not sync.status_move_allowed(v_from, v_to, p_staff) then
    perform sync.log_conflict(p_ref, v_lead_id, 'set_status', 'status_move_not_allowed', 'status',
                              to_jsonb(v_from), to_jsonb(v_to), to_jsonb(v_status));
    return jsonb_build_object('status', 'rejected', 'code', 'STATUS_MOVE_NOT_ALLOWED',
      'message', format('A %s lead cannot become %s; ask a manager.', v_from, v_to));
  end if;
  if v_from <> v_to then
    update public.leads set status = v_to where id = v_lead_id;
  end if;
  return jsonb_build_object('status', 'applied');
end;
$$;

create function sync.op_schedule_callback(p_uid uuid, p_staff boolean, p_args jsonb, p_ref jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_lead_id uuid := sync.arg(p_args, 'lead_id')::uuid;
  v_callback_id uuid := sync.arg(p_args, 'callback_id')::uuid;
  v_due_at timestamptz := sync.arg(p_args, 'due_at')::timestamptz;
  v_scope text := coalesce(p_args ->> 'scope', 'personal');
begin
  perform sync.lead_access(v_lead_id, p_uid, p_staff, null, false);
  insert into public.callbacks (id, lead_id, owner_id, scope, due_at, note, created_by)
  values (v_callback_id, v_lead_id, case when v_scope = 'personal' then p_uid end, v_scope, v_due_at,
          coalesce(p_args ->> 'note', ''), p_uid)
  on conflict (id) do nothing;
  return jsonb_build_object('status', 'applied');
end;
$$;

create function sync.op_complete_callback(p_uid uuid, p_staff boolean, p_args jsonb, p_ref jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_callback_id uuid := sync.arg(p_args, 'callback_id')::uuid;
  v_state text := sync.arg(p_args, 'state');
  v_callback public.callbacks%rowtype;
  v_assigned_to uuid;
begin
  if v_state not in ('done', 'cancelled') then
    perform sync.refuse('INVALID_MUTATION', 'args.state must be done or cancelled');
  end if;
  select cb.* into v_callback from public.callbacks cb where cb.id = v_callback_id for update;
  if not found then
    perform sync.refuse('CALLBACK_NOT_FOUND', format('There is no callback %s.', v_callback_id));
  end if;
  select l.assigned_to into v_assigned_to from public.leads l where l.id = v_callback.lead_id;
  -- As callbacks_update: the holder closes their own and anyone callbacks on their leads.
  if not p_staff and (v_assigned_to is distinct from p_uid
                      or (v_callback.owner_id is not null and v_callback.owner_id <> p_uid)) then
    perform sync.refuse('FORBIDDEN', 'This callback is not yours to close.');
  end if;
  if v_callback.state <> 'pending' then
    return jsonb_build_object('status', 'applied', 'message', format('The callback was already %s.', v_callback.state));
  end if;
  update public.callbacks set state = v_state where id = v_callback_id;
  return jsonb_build_object('status', 'applied');
end;
$$;

create function sync.op_update_contact(p_uid uuid, p_staff boolean, p_args jsonb, p_ref jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_lead_id uuid := sync.arg(p_args, 'lead_id')::uuid;
  v_base jsonb := coalesce(nullif(p_args -> 'base', 'null'::jsonb), '{}'::jsonb);
  v_set jsonb := coalesce(nullif(p_args -> 'set', 'null'::jsonb), '{}'::jsonb);
  v_before jsonb;
  v_field text;
  v_conflicts integer := 0;
begin
  if jsonb_typeof(v_base) <> 'object' or jsonb_typeof(v_set) <> 'object' then
    perform sync.refuse('INVALID_MUTATION', 'args.base and args.set must be objects');
  end if;
  select v_field_name into v_field
    from jsonb_object_keys(v_set) as k (v_field_name)
   where v_field_name not in ('name', 'email', 'phone', 'phone_e164', 'company', 'time_zone')
   limit 1;
  if v_field is not null then
    perform sync.refuse('INVALID_MUTATION', format('%s is not a contact field', v_field));
  end if;
  perform sync.lead_access(v_lead_id, p_uid, p_staff, null, false);
  v_before := sync.lead_row(v_lead_id);

  -- Per field: a base that differs from the server is a conflict, logged; the write still wins.
  for v_field in select k from jsonb_object_keys(v_set) as t (k) where v_base ? k loop
    if (v_before -> v_field) is distinct from (v_base -> v_field) then
      v_conflicts := v_conflicts + 1;
      perform sync.log_conflict(p_ref, v_lead_id, 'update_contact', 'field_conflict', v_field,
                                v_base -> v_field, v_set -> v_field, v_before -> v_field);
    end if;
  end loop;

  update public.leads l
     set name = case when v_set ? 'name' then v_set ->> 'name' else l.name end,
         email = case when v_set ? 'email' then v_set ->> 'email' else l.email end,
         phone = case when v_set ? 'phone' then v_set ->> 'phone' else l.phone end,
         phone_e164 = case when v_set ? 'phone_e164' then v_set ->> 'phone_e164' else l.phone_e164 end,
         company = case when v_set ? 'company' then v_set ->> 'company' else l.company end,
         time_zone = case when v_set ? 'time_zone' then v_set ->> 'time_zone' else l.time_zone end
   where l.id = v_lead_id;

  if v_conflicts > 0 then
    return jsonb_build_object('status', 'applied', 'flag', 'field_conflict',
      'message', format('%s field(s) had changed on the server; your values were written.', v_conflicts));
  end if;
  return jsonb_build_object('status', 'applied');
end;
$$;

create function sync.apply_mutation(p_uid uuid, p_staff boolean, p_mutation jsonb, p_ref jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_op text := p_mutation ->> 'op';
  v_args jsonb := coalesce(nullif(p_mutation -> 'args', 'null'::jsonb), '{}'::jsonb);
begin
  if jsonb_typeof(v_args) <> 'object' then
    perform sync.refuse('INVALID_MUTATION', 'args must be an object');
  end if;
  case v_op
    when 'log_call' then return sync.op_log_call(p_uid, p_staff, v_args, p_ref);
    when 'add_note' then return sync.op_add_note(p_uid, p_staff, v_args, p_ref);
    when 'set_status' then return sync.op_set_status(p_uid, p_staff, v_args, p_ref);
    when 'schedule_callback' then return sync.op_schedule_callback(p_uid, p_staff, v_args, p_ref);
    when 'complete_callback' then return sync.op_complete_callback(p_uid, p_staff, v_args, p_ref);
    when 'update_contact' then return sync.op_update_contact(p_uid, p_staff, v_args, p_ref);
    else
      perform sync.refuse('INVALID_MUTATION', format('unknown op %s', coalesce(v_op, '(none)')));
      return null;
  end case;
end;
$$;

-- The answer for a mutation that raised: refusals keep their code, privilege and data errors map
-- to FORBIDDEN and INVALID_MUTATION (with the constraint), anything else is INTERNAL_ERROR.
create function sync.error_answer(p_state text, p_message text, p_hint text, p_constraint text)
returns jsonb
language sql
immutable
as $$
  select jsonb_build_object(
    'status', 'rejected',
    'code', case
      when p_state = 'P0001' and p_hint like 'sync:%' then substr(p_hint, 6)
      when p_state = '42501' then 'FORBIDDEN'
      when left(p_state, 2) in ('22', '23') then 'INVALID_MUTATION'
      else 'INTERNAL_ERROR'
    end,
    'message', case
      when left(p_state, 2) = '23' and coalesce(p_constraint, '') <> '' then p_constraint || ': ' || p_message
      else p_message
    end)
$$;

-- Transient failures (serialization, deadlock, resources, shutdown, system) fail the whole push, which
-- the client retries; anything else caught inside sync_push is an answer or a path not taken.
create function sync.is_transient(p_state text)
returns boolean
language sql
immutable
as $$
  select left(p_state, 2) in ('40', '53', '55', '57', '58')
$$;

-- ---- The one-pass path ----
-- A real backlog is mostly calls and notes, with the odd callback, refusal or status move a telecaller
-- may not make. sync_push cuts a batch into maximal runs of mutations the one-pass path may take (judged
-- on their own by sync.fast_candidates), and each run goes through sync.push_fast, which applies it in a
-- few statements; the other mutations, or a run push_fast declines, go one by one through
-- sync.apply_mutation. Order is kept: a run is applied only after everything before it, so every answer
-- is the one the per-mutation path would give.
--
-- A call in a run may move its lead's status (the first call on a new lead moves it to contacted): a run
-- is taken only when every status move in it starts from the status the lead has at its turn (the
-- lead's own, or what the move before it on that lead left) and is a move the caller may make; anything
-- else is declined and answered one by one, with its conflict. A call with a do-not-call outcome still
-- goes one by one: it adds to dnc_list, which later calls are judged against.

-- Whether each mutation (by its position n) is one the one-pass path may take, judged on its own;
-- push_fast also needs fresh contiguous seqs. One query over the whole batch, as a join, not a call per
-- mutation.
create function sync.fast_candidates(p_mutations jsonb, p_uid uuid, p_staff boolean)
returns table (n bigint, candidate boolean)
language sql
stable
set search_path = ''
as $$
  select m.n,
         coalesce(m.value ->> 'op', '') in ('add_note', 'log_call')
         and jsonb_typeof(m.value -> 'args') is not distinct from 'object'
         and m.value -> 'args' ->> 'interaction_id' is not null
         and m.value -> 'args' ->> 'occurred_at' is not null
         and l.id is not null
         and (p_staff or l.assigned_to is not distinct from p_uid)
         and (m.value ->> 'op' <> 'add_note' or m.value -> 'args' ->> 'content' is not null)
         and (m.value ->> 'op' <> 'log_call' or (
               m.value -> 'args' ->> 'disposition' is not null
               and m.value -> 'args' ->> 'status_from' in ('new', 'contacted', 'qualified', 'converted', 'lost')
               and m.value -> 'args' ->> 'status_to' in ('new', 'contacted', 'qualified', 'converted', 'lost')
               and case when m.value -> 'args' ->> 'status_from' = m.value -> 'args' ->> 'status_to' then true
                        else sync.status_move_allowed(m.value -> 'args' ->> 'status_from',
                                                      m.value -> 'args' ->> 'status_to', p_staff) end
               and coalesce(m.value -> 'args' -> 'callback', 'null'::jsonb) = 'null'::jsonb
               and not exists (
                 select 1 from public.dispositions o
                  where o.code = m.value -> 'args' ->> 'disposition' and o.dnc)
               and not exists (
                 select 1 from public.dnc_list d
                  where d.phone_e164 = l.phone_e164
                    and d.created_at <= (m.value -> 'args' ->> 'occurred_at')::timestamptz)))
    from jsonb_array_elements(p_mutations) with ordinality as m (value, n)
    left join public.leads l
      on l.id = case when m.value -> 'args' ->> 'lead_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                     then (m.value -> 'args' ->> 'lead_id')::uuid end
$$;

-- The calls of a batch that move their lead's status, by position.
create function sync.status_moves(p_mutations jsonb)
returns table (n bigint, lead_id uuid, status_from text, status_to text)
language sql
immutable
as $$
  select m.n, (m.value -> 'args' ->> 'lead_id')::uuid, m.value -> 'args' ->> 'status_from', m.value -> 'args' ->> 'status_to'
    from jsonb_array_elements(p_mutations) with ordinality as m (value, n)
   where m.value ->> 'op' = 'log_call'
     and m.value -> 'args' ->> 'status_from' <> m.value -> 'args' ->> 'status_to'
$$;

-- Null unless every mutation is a candidate (judged here unless p_judged), the seqs are p_last_seq + 1,
-- + 2, ... and every status move starts where its lead stands at its turn. Then it applies them all:
-- the interactions in one insert (its statement trigger keeps the counters), each moved lead's last
-- status, and the answers. The caller holds the row locks of the leads (sync_push takes them for the
-- whole batch before judging it).
create function sync.push_fast(p_client_id uuid, p_uid uuid, p_staff boolean, p_mutations jsonb, p_last_seq bigint,
                               p_judged boolean)
returns jsonb[]
language plpgsql
as $$
declare
  v_results jsonb[];
begin
  if jsonb_array_length(p_mutations) = 0 then
    return null;
  end if;
  if exists (
    select 1 from jsonb_array_elements(p_mutations) with ordinality as m (value, n)
     where (m.value ->> 'seq')::bigint <> p_last_seq + m.n
  ) then
    return null;
  end if;
  if not p_judged and exists (
    select 1 from sync.fast_candidates(p_mutations, p_uid, p_staff) c where not c.candidate
  ) then
    return null;
  end if;

  -- Every status move starts where its lead stands at its turn: its own status, or the one the move
  -- before it on that lead left.
  if exists (
    select 1
      from (select v.lead_id, v.status_from,
                   lag(v.status_to) over (partition by v.lead_id order by v.n) as left_by_previous
              from sync.status_moves(p_mutations) as v) as mv
      join public.leads l on l.id = mv.lead_id
     where mv.status_from <> coalesce(mv.left_by_previous, l.status)
  ) then
    return null;
  end if;

  insert into public.interactions (id, lead_id, type, content, disposition, duration_seconds, occurred_at, created_by)
  select (x.args ->> 'interaction_id')::uuid,
         (x.args ->> 'lead_id')::uuid,
         case when x.op = 'log_call' then 'call' else 'note' end,
         case when x.op = 'log_call' then coalesce(x.args ->> 'notes', '') else x.args ->> 'content' end,
         case when x.op = 'log_call' then x.args ->> 'disposition' end,
         case when x.op = 'log_call' then (x.args ->> 'duration_seconds')::integer end,
         (x.args ->> 'occurred_at')::timestamptz,
         p_uid
    from (select m.value ->> 'op' as op, m.value -> 'args' as args, m.n
            from jsonb_array_elements(p_mutations) with ordinality as m (value, n)) as x
   order by x.n
  on conflict (id) do nothing;

  update public.leads l
     set status = f.status_to
    from (select distinct on (v.lead_id) v.lead_id, v.status_to from sync.status_moves(p_mutations) as v
           order by v.lead_id, v.n desc) as f
   where l.id = f.lead_id;

  select array_agg(jsonb_build_object('seq', (m.value ->> 'seq')::bigint, 'id', (m.value ->> 'id')::uuid,
                                      'status', 'applied') order by m.n)
    into v_results
    from jsonb_array_elements(p_mutations) with ordinality as m (value, n);
  insert into sync.mutations (client_id, seq, mutation_id, op, user_id, status, answer, client_created_at)
  select p_client_id, (m.value ->> 'seq')::bigint, (m.value ->> 'id')::uuid, m.value ->> 'op', p_uid,
         'applied', v_results[m.n], m.value ->> 'created_at'
    from jsonb_array_elements(p_mutations) with ordinality as m (value, n);
  return v_results;
end;
$$;

-- ---- The RPCs ----

-- sync_push locks the batch's leads before judging it, so push_fast takes that judgement as it stands
-- (p_judged) until a mutation has been applied one by one; after one, push_fast judges its run again.
create function public.sync_push(p_client_id uuid, p_mutations jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_staff boolean;
  v_client sync.clients%rowtype;
  v_stored sync.mutations%rowtype;
  v_mutation jsonb;
  v_seq bigint;
  v_id uuid;
  v_answer jsonb;
  -- A plpgsql array grows in place; jsonb || would re-encode the whole answer list per mutation.
  v_results jsonb[] := '{}';
  v_fast jsonb[];
  v_candidate boolean[];
  v_total integer;
  v_from integer := 1;
  v_to integer;
  v_error jsonb;
  v_state text;
  v_message text;
  v_hint text;
  v_constraint text;
  v_applied_one_by_one boolean := false;
begin
  if v_uid is null then
    raise exception 'sync_push needs a signed-in user' using errcode = '42501';
  end if;
  if p_client_id is null then
    raise exception 'p_client_id is required' using errcode = '22023';
  end if;
  if p_mutations is null or jsonb_typeof(p_mutations) <> 'array' or jsonb_array_length(p_mutations) > 1000 then
    raise exception 'p_mutations must be an array of at most 1000 mutations' using errcode = '22023';
  end if;
  if exists (
    select 1 from jsonb_array_elements(p_mutations) as m (value)
     where jsonb_typeof(m.value) <> 'object'
        or coalesce(m.value ->> 'seq', '') !~ '^[1-9][0-9]{0,17}$'
        or jsonb_typeof(m.value -> 'seq') <> 'number'
        or coalesce(m.value ->> 'id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  ) then
    raise exception 'every mutation needs an integer seq >= 1 and a uuid id' using errcode = '22023';
  end if;
  v_staff := private.is_staff();

  insert into sync.clients (client_id, user_id) values (p_client_id, v_uid) on conflict (client_id) do nothing;
  -- The row lock serialises concurrent pushes of one client.
  select c.* into v_client from sync.clients c where c.client_id = p_client_id for update;
  if v_client.user_id <> v_uid then
    return jsonb_build_object('last_seq', 0, 'results', '[]'::jsonb,
                              'error', jsonb_build_object('code', 'SYNC_CLIENT_MISMATCH'));
  end if;

  -- The batch's leads, locked in one order before anything is judged, so the judgement below holds
  -- for every run until a mutation applied one by one may have changed what it read.
  perform 1 from public.leads l
   where l.id in (
     select case when m.value -> 'args' ->> 'lead_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                 then (m.value -> 'args' ->> 'lead_id')::uuid end
       from jsonb_array_elements(p_mutations) as m (value))
   order by l.id
     for update;

  v_total := jsonb_array_length(p_mutations);
  begin
    -- A seq already recorded is answered from the store, so it is no candidate.
    select array_agg((m.value ->> 'seq')::bigint > v_client.last_seq and c.candidate order by m.n)
      into v_candidate
      from jsonb_array_elements(p_mutations) with ordinality as m (value, n)
      join sync.fast_candidates(p_mutations, v_uid, v_staff) c on c.n = m.n;
  exception
    when others then
      -- A value that does not even cast (a malformed date, say): the batch goes one by one, where that
      -- mutation gets its own refusal.
      get stacked diagnostics v_state = returned_sqlstate;
      if sync.is_transient(v_state) then
        raise;
      end if;
      v_candidate := null;
  end;

  while v_from <= v_total and v_error is null loop
    -- The run of candidates starting here (empty when this mutation is not one).
    v_to := v_from;
    while v_to <= v_total and coalesce(v_candidate[v_to], false) loop
      v_to := v_to + 1;
    end loop;

    if v_to > v_from then
      -- The run in one pass; null (or an error, rolled back with its subtransaction) means one by one.
      begin
        v_fast := sync.push_fast(p_client_id, v_uid, v_staff,
          (select jsonb_agg(m.value order by m.n)
             from jsonb_array_elements(p_mutations) with ordinality as m (value, n)
            where m.n >= v_from and m.n < v_to),
          v_client.last_seq, not v_applied_one_by_one);
      exception
        when others then
          get stacked diagnostics v_state = returned_sqlstate;
          if sync.is_transient(v_state) then
            raise;
          end if;
          v_fast := null;
      end;
      if v_fast is not null then
        v_results := v_results || v_fast;
        v_client.last_seq := v_client.last_seq + cardinality(v_fast);
        v_from := v_to;
        continue;
      end if;
    else
      v_to := v_from + 1;
    end if;

    -- One by one: the mutation that is no candidate, or the run the one-pass path declined.
    for v_i in v_from .. v_to - 1 loop
      v_mutation := p_mutations -> (v_i - 1);
      v_seq := (v_mutation ->> 'seq')::bigint;
      v_id := (v_mutation ->> 'id')::uuid;
      if v_seq <= v_client.last_seq then
        select s.* into v_stored from sync.mutations s where s.client_id = p_client_id and s.seq = v_seq;
        if found and v_stored.mutation_id <> v_id then
          -- Answering "duplicate" here would silently drop a different write.
          v_answer := jsonb_build_object('status', 'rejected', 'code', 'SYNC_SEQ_REUSED',
            'message', format('seq %s was already used by mutation %s', v_seq, v_stored.mutation_id));
        else
          v_answer := coalesce(v_stored.answer, '{}'::jsonb) - 'seq' - 'id' - 'status'
            || jsonb_build_object('status', 'duplicate')
            || case when found then jsonb_build_object('original_status', v_stored.status) else '{}'::jsonb end;
        end if;
        v_results := array_append(v_results, jsonb_build_object('seq', v_seq, 'id', v_id) || v_answer);
        continue;
      end if;
      if v_seq > v_client.last_seq + 1 then
        v_error := jsonb_build_object('code', 'SYNC_SEQ_GAP', 'expected', v_client.last_seq + 1);
        exit;
      end if;

      -- Its own subtransaction: a refusal undoes this mutation only.
      begin
        v_answer := sync.apply_mutation(v_uid, v_staff, v_mutation,
          jsonb_build_object('user_id', v_uid, 'client_id', p_client_id, 'seq', v_seq, 'mutation_id', v_id));
        v_applied_one_by_one := true;
      exception
        when others then
          get stacked diagnostics v_state = returned_sqlstate, v_message = message_text,
                                  v_hint = pg_exception_hint, v_constraint = constraint_name;
          if sync.is_transient(v_state) then
            raise;
          end if;
          v_answer := sync.error_answer(v_state, v_message, v_hint, v_constraint);
      end;
      v_answer := jsonb_build_object('seq', v_seq, 'id', v_id) || v_answer;
      insert into sync.mutations (client_id, seq, mutation_id, op, user_id, status, answer, client_created_at)
      values (p_client_id, v_seq, v_id, coalesce(v_mutation ->> 'op', ''), v_uid, v_answer ->> 'status', v_answer,
              v_mutation ->> 'created_at');
      v_client.last_seq := v_seq;
      v_results := array_append(v_results, v_answer);
    end loop;
    v_from := v_to;
  end loop;

  update sync.clients set last_seq = v_client.last_seq, last_push_at = now() where client_id = p_client_id;
  return jsonb_build_object('last_seq', v_client.last_seq, 'results', to_jsonb(v_results))
    || case when v_error is null then '{}'::jsonb else jsonb_build_object('error', v_error) end;
end;
$$;

-- Conflicts for the floor: staff read all, everyone else those of their own pushes.
create function public.sync_conflicts(p_after bigint default null, p_limit integer default 200)
returns table (
  id bigint,
  occurred_at timestamptz,
  user_id uuid,
  lead_id uuid,
  op text,
  kind text,
  field text,
  base jsonb,
  attempted jsonb,
  server jsonb,
  client_id uuid,
  seq bigint,
  mutation_id uuid
)
language sql
stable
security definer
set search_path = ''
as $$
  select c.id, c.occurred_at, c.user_id, c.lead_id, c.op, c.kind, c.field, c.base, c.attempted, c.server,
         c.client_id, c.seq, c.mutation_id
    from sync.conflicts c
   where ((select private.is_staff()) or c.user_id = (select auth.uid()))
     and c.id > coalesce(p_after, 0)
   order by c.id
   limit least(greatest(coalesce(p_limit, 200), 1), 1000)
$$;

revoke all on all functions in schema sync from public;
revoke execute on function public.sync_push(uuid, jsonb), public.sync_conflicts(bigint, integer) from public, anon;
grant execute on function public.sync_push(uuid, jsonb), public.sync_conflicts(bigint, integer) to authenticated;
