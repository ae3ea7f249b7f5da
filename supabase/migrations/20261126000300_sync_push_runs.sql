-- sync_push takes the one-pass path run by run instead of all or nothing. A real backlog mixes the
-- calls and notes the one-pass path may apply with the odd status move, callback or refusal; before,
-- one such mutation sent its whole batch (up to 1000) down the per-mutation path. Now the batch is cut
-- into maximal runs of mutations the one-pass path may take (judged on their own, as push_fast does),
-- each run goes through push_fast (which judges it again at that moment, seqs included), and the other
-- mutations, or a run push_fast declines, go one by one as before. Order is kept: a run is applied only
-- after everything before it, so every answer is the one the per-mutation path would give.

-- Transient failures (serialization, deadlock, resources, shutdown, system) fail the whole push, which
-- the client retries; anything else caught inside sync_push is an answer or a path not taken.
create function sync.is_transient(p_state text)
returns boolean
language sql
immutable
as $$
  select left(p_state, 2) in ('40', '53', '55', '57', '58')
$$;

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
               and m.value -> 'args' ->> 'status_from' is not null
               and m.value -> 'args' ->> 'status_from' is not distinct from m.value -> 'args' ->> 'status_to'
               and m.value -> 'args' ->> 'status_from' in ('new', 'contacted', 'qualified', 'converted', 'lost')
               and coalesce(m.value -> 'args' -> 'callback', 'null'::jsonb) = 'null'::jsonb
               and not exists (
                 select 1 from public.dnc_list d
                  where d.phone_e164 = l.phone_e164
                    and d.created_at <= (m.value -> 'args' ->> 'occurred_at')::timestamptz)))
    from jsonb_array_elements(p_mutations) with ordinality as m (value, n)
    left join public.leads l
      on l.id = case when m.value -> 'args' ->> 'lead_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                     then (m.value -> 'args' ->> 'lead_id')::uuid end
$$;

-- Same contract as before (20261125000300): null unless every mutation is a candidate with seqs
-- p_last_seq + 1, + 2, ...; now judged through sync.fast_candidates, as sync_push judges its runs.
create or replace function sync.push_fast(p_client_id uuid, p_uid uuid, p_staff boolean, p_mutations jsonb, p_last_seq bigint)
returns jsonb[]
language plpgsql
as $$
declare
  v_results jsonb[];
begin
  if jsonb_array_length(p_mutations) = 0 then
    return null;
  end if;
  -- The same row locks the per-mutation path takes, before anything is judged.
  perform 1 from public.leads l
   where l.id in (select (m.value -> 'args' ->> 'lead_id')::uuid from jsonb_array_elements(p_mutations) as m (value))
   order by l.id
     for update;
  if exists (
    select 1
      from jsonb_array_elements(p_mutations) with ordinality as m (value, n)
      join sync.fast_candidates(p_mutations, p_uid, p_staff) c on c.n = m.n
     where (m.value ->> 'seq')::bigint <> p_last_seq + m.n
        or not c.candidate
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
          v_client.last_seq);
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

revoke all on function sync.fast_candidates(jsonb, uuid, boolean), sync.is_transient(text) from public;
