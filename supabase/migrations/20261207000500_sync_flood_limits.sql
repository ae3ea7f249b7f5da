-- Flooding limits of the workstation sync (docs/sync-protocol.md, "Limits"): each push stores at most
-- 100 conflict rows (the rest are counted in one summary row and in the push's answer, which still
-- answers every mutation), and every sync RPC is rate limited per user, in the database, so the limits
-- hold behind hosted Supabase's PostgREST as they do on the embedded stack.
--
-- The rate check sits in front of each RPC: the function that did the work keeps its body (defined in
-- the migration that created it) under a name in schema sync, and public.sync_* is now a small wrapper
-- that spends one call from the caller's bucket, then calls it. That also makes sync_pull, sync_bootstrap
-- and sync_conflicts volatile: a stable function runs in a read-only transaction and could not count.

-- ---- Conflict rows: at most 100 per push ----

create table sync.conflict_overflow (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  user_id uuid not null,
  client_id uuid not null,
  -- Conflicts met by the push beyond the ones stored in sync.conflicts.
  not_logged integer not null,
  constraint conflict_overflow_not_logged_check check (not_logged > 0)
);
comment on table sync.conflict_overflow is
  'One row per push that met more conflicts than sync.conflicts keeps for a push: how many were not stored.';
create index conflict_overflow_user_id_idx on sync.conflict_overflow (user_id, id);
create index conflict_overflow_occurred_at_idx on sync.conflict_overflow (occurred_at);
alter table sync.conflict_overflow enable row level security;
revoke all on table sync.conflict_overflow from public, anon, authenticated;

-- The count lives in a transaction-local setting that public.sync_push resets: a mutation rolled back
-- with its subtransaction takes its count back with it, as it takes back its rows.
create or replace function sync.log_conflict(
  p_ref jsonb, p_lead_id uuid, p_op text, p_kind text, p_field text, p_base jsonb, p_attempted jsonb, p_server jsonb
)
returns void
language plpgsql
as $$
declare
  v_count integer := coalesce(nullif(current_setting('talentg.push_conflicts', true), ''), '0')::integer + 1;
begin
  perform set_config('talentg.push_conflicts', v_count::text, true);
  if v_count > 100 then
    return;
  end if;
  insert into sync.conflicts (user_id, lead_id, client_id, seq, mutation_id, op, kind, field, base, attempted, server)
  values ((p_ref ->> 'user_id')::uuid, p_lead_id, (p_ref ->> 'client_id')::uuid, (p_ref ->> 'seq')::bigint,
          (p_ref ->> 'mutation_id')::uuid, p_op, p_kind, p_field, p_base, p_attempted, p_server);
end;
$$;

-- ---- Rate limits: a token bucket per user and RPC ----

-- sync_push's bucket counts mutations, plus 20 a call: what a push costs the database grows with its
-- mutations (1000 stale contact edits take about 2 s), so a count of calls alone would bound nothing.
-- Generous for a workstation: it pushes batches of up to 500 (an offline day of 10,000 writes fits),
-- pulls on pokes and every 30 s, bootstraps in pages of 20,000 rows (a million rows is 50 pages, each
-- written locally for longer than the refill takes; a refused page restarts the bootstrap). A loop of
-- thousands meets them.
-- Tune a limit with an update here; no migration needed.
create table sync.rate_limit_rules (
  rpc text primary key,
  -- Calls allowed at once after a quiet spell.
  burst integer not null,
  -- Calls a second added back to the bucket, up to burst.
  per_second double precision not null,
  constraint rate_limit_rules_burst_check check (burst >= 1),
  constraint rate_limit_rules_per_second_check check (per_second > 0)
);
comment on table sync.rate_limit_rules is 'Per-user token buckets of the sync RPCs: burst size and refill rate.';
insert into sync.rate_limit_rules (rpc, burst, per_second) values
  ('sync_push', 20000, 100),
  ('sync_pull', 600, 10),
  ('sync_bootstrap', 1000, 5),
  ('sync_conflicts', 200, 2),
  ('sync_database', 60, 1);

create table sync.rate_limits (
  user_id uuid not null references auth.users (id) on delete cascade,
  rpc text not null references sync.rate_limit_rules (rpc) on delete cascade,
  tokens double precision not null,
  refilled_at timestamptz not null,
  primary key (user_id, rpc)
);
comment on table sync.rate_limits is 'Each user''s bucket per sync RPC: tokens left at refilled_at.';
create index rate_limits_rpc_idx on sync.rate_limits (rpc);

alter table sync.rate_limit_rules enable row level security;
alter table sync.rate_limits enable row level security;
revoke all on table sync.rate_limit_rules, sync.rate_limits from public, anon, authenticated;

-- Spends p_cost tokens of p_rpc for the signed-in user, or refuses with HTTP 429 and Retry-After. PostgREST
-- takes status and headers from a RAISE of SQLSTATE 'PGRST' (message: the JSON body, detail: status and
-- headers); a response.headers setting would be lost with the failed statement. The refused call is
-- rolled back with its request, so it costs its caller nothing from the bucket. clock_timestamp, not
-- now(): calls within one transaction (a test) still refill with time.
create function sync.spend_call(p_rpc text, p_cost integer default 1)
returns void
language plpgsql
as $$
declare
  v_uid uuid := auth.uid();
  v_now timestamptz := clock_timestamp();
  v_rule sync.rate_limit_rules%rowtype;
  v_tokens double precision;
  v_wait integer;
begin
  select r.* into v_rule from sync.rate_limit_rules r where r.rpc = p_rpc;
  if v_uid is null or not found then
    return;
  end if;
  insert into sync.rate_limits as b (user_id, rpc, tokens, refilled_at)
  values (v_uid, p_rpc, v_rule.burst - p_cost, v_now)
  on conflict (user_id, rpc) do update
     set tokens = least(v_rule.burst::double precision,
                        b.tokens + greatest(0, extract(epoch from v_now - b.refilled_at)) * v_rule.per_second) - p_cost,
         refilled_at = greatest(b.refilled_at, v_now)
  returning b.tokens into v_tokens;
  if v_tokens >= 0 then
    return;
  end if;
  -- Enough tokens back in the bucket for this call.
  v_wait := greatest(1, ceil(-v_tokens / v_rule.per_second))::integer;
  raise sqlstate 'PGRST' using
    message = jsonb_build_object(
      'code', 'PT429',
      'message', format('Too many %s calls: wait %s s before the next one.', p_rpc, v_wait),
      'details', format('Retry-After: %s', v_wait),
      'hint', format('%s allows %s at once and %s a second after that, per user (a call costs %s).',
                     p_rpc, v_rule.burst, v_rule.per_second, p_cost))::text,
    detail = jsonb_build_object(
      'status', 429,
      'status_text', 'Too Many Requests',
      'headers', jsonb_build_object('Retry-After', v_wait::text))::text;
end;
$$;

-- ---- The RPCs behind their limits ----

alter function public.sync_push(uuid, jsonb) set schema sync;
alter function sync.sync_push(uuid, jsonb) rename to push_batch;
alter function public.sync_pull(text, integer) set schema sync;
alter function sync.sync_pull(text, integer) rename to pull_page;
alter function public.sync_bootstrap(text, text, integer) set schema sync;
alter function sync.sync_bootstrap(text, text, integer) rename to bootstrap_page;
alter function public.sync_conflicts(bigint, integer) set schema sync;
alter function sync.sync_conflicts(bigint, integer) rename to conflicts_page;
alter function public.sync_database() set schema sync;
alter function sync.sync_database() rename to database_id;
revoke all on function sync.push_batch(uuid, jsonb), sync.pull_page(text, integer),
  sync.bootstrap_page(text, text, integer), sync.conflicts_page(bigint, integer), sync.database_id()
  from public, anon, authenticated;

-- The answer carries conflicts_not_logged when the push met more conflicts than it stored. Each wrapper
-- spends first; the body it calls refuses a request without a user (42501), as it always did.
create function public.sync_push(p_client_id uuid, p_mutations jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_answer jsonb;
  v_not_logged integer;
begin
  perform sync.spend_call('sync_push', 20 + case when jsonb_typeof(p_mutations) = 'array'
                                                  then jsonb_array_length(p_mutations) else 0 end);
  perform set_config('talentg.push_conflicts', '0', true);
  v_answer := sync.push_batch(p_client_id, p_mutations);
  v_not_logged := current_setting('talentg.push_conflicts')::integer - 100;
  if v_not_logged > 0 then
    insert into sync.conflict_overflow (user_id, client_id, not_logged) values (auth.uid(), p_client_id, v_not_logged);
    v_answer := v_answer || jsonb_build_object('conflicts_not_logged', v_not_logged);
  end if;
  return v_answer;
end;
$$;

create function public.sync_pull(p_cursor text default null, p_limit integer default 1000)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform sync.spend_call('sync_pull');
  return sync.pull_page(p_cursor, p_limit);
end;
$$;

create function public.sync_bootstrap(p_entity text, p_after text default null, p_limit integer default 5000)
returns json
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform sync.spend_call('sync_bootstrap');
  return sync.bootstrap_page(p_entity, p_after, p_limit);
end;
$$;

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
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform sync.spend_call('sync_conflicts');
  return query select * from sync.conflicts_page(p_after, p_limit);
end;
$$;

create function public.sync_database()
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform sync.spend_call('sync_database');
  return sync.database_id();
end;
$$;

revoke all on all functions in schema sync from public;
revoke execute on function public.sync_push(uuid, jsonb), public.sync_pull(text, integer),
  public.sync_bootstrap(text, text, integer), public.sync_conflicts(bigint, integer), public.sync_database()
  from public, anon;
grant execute on function public.sync_push(uuid, jsonb), public.sync_pull(text, integer),
  public.sync_bootstrap(text, text, integer), public.sync_conflicts(bigint, integer), public.sync_database()
  to authenticated;

-- ---- Retention: the overflow rows go with the conflicts they stand for (180 days) ----

create or replace function sync.run_retention()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_change_log bigint;
  v_mutations bigint;
  v_conflicts bigint;
begin
  v_change_log := sync.prune_change_log(interval '30 days');

  with gone as (
    delete from sync.mutations m
     using sync.clients c
     where c.client_id = m.client_id
       and m.received_at < now() - interval '90 days'
       and m.seq <= c.last_seq - 1000
    returning 1
  )
  select count(*) into v_mutations from gone;

  with gone as (
    delete from sync.conflicts c where c.occurred_at < now() - interval '180 days' returning 1
  )
  select count(*) into v_conflicts from gone;
  delete from sync.conflict_overflow o where o.occurred_at < now() - interval '180 days';

  return jsonb_build_object('change_log', v_change_log, 'mutations', v_mutations, 'conflicts', v_conflicts);
end;
$$;
comment on function sync.run_retention() is
  'Prunes sync.change_log (30 days), sync.mutations (90 days, each client''s last 1000 seqs kept) and sync.conflicts with sync.conflict_overflow (180 days); returns the counts removed.';
revoke all on function sync.run_retention() from public, anon, authenticated;
grant execute on function sync.run_retention() to service_role;
