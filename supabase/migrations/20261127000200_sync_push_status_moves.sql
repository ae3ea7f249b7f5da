-- The one-pass path of sync_push now takes a call that moves its lead's status (the first call on a
-- new lead moves it to contacted, so most batches of a real backlog held one, and each cut the batch:
-- 92 runs and 72 calls one by one in a 10k push). A run is taken only when every status move in it
-- starts from the status the lead has at its turn (the lead's own, or what the move before it on that
-- lead left) and is a move the telecaller may make; anything else is declined and answered one by
-- one, with its conflict, as before. A call with a do-not-call outcome still goes one by one: it adds
-- to dnc_list, which later calls are judged against.
--
-- sync_push locks the batch's leads before judging it, so push_fast takes that judgement as it stands
-- (p_judged) until a mutation has been applied one by one; after one, push_fast judges its run again.
--
-- interactions_stamp fires only for a created_at other than the transaction's time: a default
-- created_at (every sync insert) needs no correcting.

drop trigger interactions_stamp on public.interactions;
create trigger interactions_stamp
  before insert on public.interactions
  for each row
  when (new.created_at is distinct from now())
  execute function private.stamp_interaction();

create or replace function sync.fast_candidates(p_mutations jsonb, p_uid uuid, p_staff boolean)
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

drop function sync.push_fast(uuid, uuid, boolean, jsonb, bigint);

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


create or replace function public.sync_push(p_client_id uuid, p_mutations jsonb)
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


revoke all on function sync.push_fast(uuid, uuid, boolean, jsonb, bigint, boolean), sync.status_moves(jsonb) from public;
