-- A WordPress webhook made cheaper in the database (issue 15's 200/s with a p95 under 50 ms), with the
-- same effects. Measured per call with track_functions at 200/s (docs/benchmarks.md, the intake section):
--
-- 1. next_intake_telecaller counted every active telecaller's open leads on every webhook: a read that
--    grows with the floor's open leads (two telecallers holding 8,600 leads: 0.9 ms a call, half of the
--    intake's database time, and 40 telecallers with 1,000 each would read 40,000 index entries and their
--    heap rows). It now sums private.open_lead_counts, kept by statement-level triggers on leads like
--    private.kpi_slots: +1 for a lead as it is now and -1 as it was, when it is open (assigned, not
--    do-not-call, new/contacted/qualified), so inserts, updates, deletes and a profile's set null keep
--    it exact. A person's count is spread over 16 rows, one per backend (pg_backend_pid() % 16), so a long
--    transaction that moves many leads (a sync push, a distribution) locks only its own backend's row
--    and a webhook on another connection does not wait for it.
-- 2. wordpress_lead_intake inserted with ON CONFLICT DO UPDATE, which fires the leads' statement-level
--    UPDATE triggers (change log, realtime capture, and now the counts) on every insert, changed or not.
--    It inserts with DO NOTHING, and a known number is merged by an UPDATE of what the lead lacks, so a
--    new lead fires only the INSERT triggers. The inserted row comes back from the insert, not a lookup.
-- 3. sync.ring_revoked_holders ran its sync_pokes upsert for every change-log insert, revoke or not, and
--    a statement on sync_pokes fires its realtime capture twice (insert and update) even for no rows. It
--    returns first when the statement logged no revoke.
-- 4. Three SQL functions on the webhook's path were planned again on every call (a SQL function that
--    cannot be inlined, having a SET clause or being called from PL/pgSQL, keeps its plan only for the
--    statement that calls it): next_intake_telecaller 0.23 ms a call, private.current_app_role (each
--    audit row's actor) 0.09 ms, wordpress_submission_answer 0.06 ms. As PL/pgSQL their plans are kept
--    for the session: 0.10, 0.02 and 0.02 ms. Same statements, same answers.

-- ---- Open leads per person, kept by triggers ----

create table private.open_lead_counts (
  -- No foreign key: a deleted profile's leads are set null, and their -1s land here through the triggers.
  user_id uuid not null,
  -- pg_backend_pid() % 16 of the transaction that wrote it; a person's count is the sum of their rows.
  shard smallint not null,
  -- May be negative in one shard (a lead counted in on one backend, out on another); the sum is not.
  open_leads integer not null,
  primary key (user_id, shard),
  constraint open_lead_counts_shard_check check (shard between 0 and 15)
);
comment on table private.open_lead_counts is
  'Open leads (assigned, not do-not-call, new/contacted/qualified) per person, summed over 16 rows; kept by triggers on leads.';

-- Read only by next_intake_telecaller (a definer); no client role reads or writes it.
alter table private.open_lead_counts enable row level security;
revoke all on table private.open_lead_counts from public, anon, authenticated, service_role;

-- Adds each statement's change of open leads per holder: +1 for a row as it is now, -1 as it was.
create function private.open_lead_counts_follow()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into private.open_lead_counts as c (user_id, shard, open_leads)
    select n.assigned_to, pg_backend_pid() % 16, count(*)
      from changed_new n
     where n.assigned_to is not null and not n.do_not_call and n.status in ('new', 'contacted', 'qualified')
     group by n.assigned_to
     order by n.assigned_to
    on conflict (user_id, shard) do update set open_leads = c.open_leads + excluded.open_leads;
  elsif tg_op = 'UPDATE' then
    insert into private.open_lead_counts as c (user_id, shard, open_leads)
    select d.user_id, pg_backend_pid() % 16, sum(d.sign)
      from (select n.assigned_to as user_id, 1 as sign from changed_new n
             where n.assigned_to is not null and not n.do_not_call
               and n.status in ('new', 'contacted', 'qualified')
            union all
            select o.assigned_to, -1 from changed_old o
             where o.assigned_to is not null and not o.do_not_call
               and o.status in ('new', 'contacted', 'qualified')) d
     group by d.user_id
    having sum(d.sign) <> 0
     order by d.user_id
    on conflict (user_id, shard) do update set open_leads = c.open_leads + excluded.open_leads;
  elsif tg_op = 'DELETE' then
    insert into private.open_lead_counts as c (user_id, shard, open_leads)
    select o.assigned_to, pg_backend_pid() % 16, -count(*)
      from changed_old o
     where o.assigned_to is not null and not o.do_not_call and o.status in ('new', 'contacted', 'qualified')
     group by o.assigned_to
     order by o.assigned_to
    on conflict (user_id, shard) do update set open_leads = c.open_leads + excluded.open_leads;
  else
    -- TRUNCATE: nobody holds anything.
    delete from private.open_lead_counts;
  end if;
  return null;
end;
$$;

create trigger leads_open_lead_counts_insert after insert on public.leads
  referencing new table as changed_new
  for each statement execute function private.open_lead_counts_follow();
create trigger leads_open_lead_counts_update after update on public.leads
  referencing old table as changed_old new table as changed_new
  for each statement execute function private.open_lead_counts_follow();
create trigger leads_open_lead_counts_delete after delete on public.leads
  referencing old table as changed_old
  for each statement execute function private.open_lead_counts_follow();
create trigger leads_open_lead_counts_truncate after truncate on public.leads
  for each statement execute function private.open_lead_counts_follow();

-- Counts again from the leads: the backfill below, and a repair after leads were written with triggers
-- off (session_replication_role = replica, as some benches load theirs).
create function private.open_lead_counts_rebuild()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Not truncate: it would need the table's owner and block every reader until commit.
  delete from private.open_lead_counts;
  insert into private.open_lead_counts (user_id, shard, open_leads)
  select l.assigned_to, 0, count(*)
    from public.leads l
   where l.assigned_to is not null and not l.do_not_call and l.status in ('new', 'contacted', 'qualified')
   group by l.assigned_to;
end;
$$;

select private.open_lead_counts_rebuild();

revoke all on function private.open_lead_counts_follow(), private.open_lead_counts_rebuild() from public;

-- The active telecaller with the fewest open leads, ties in turn; null when the floor has none.
create or replace function private.next_intake_telecaller()
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
begin
  return (
    with turn as (select nextval('private.intake_turn') as n),
    floor as (
      select p.id,
             coalesce((select sum(c.open_leads) from private.open_lead_counts c where c.user_id = p.id), 0)
               as open_leads,
             row_number() over (order by p.id) as position,
             count(*) over () as size
        from public.profiles p
       where p.role = 'telecaller' and p.is_active
    )
    select f.id from floor f, turn t
     order by f.open_leads, ((f.position - t.n) % f.size + f.size) % f.size
     limit 1);
end;
$$;

-- The answer of a submission, the first time and on every replay.
create or replace function private.wordpress_submission_answer(p_row public.wordpress_submissions, p_replayed boolean)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  return jsonb_build_object(
    'submission_id', p_row.submission_id,
    'lead_id', p_row.lead_id,
    'outcome', p_row.outcome,
    'do_not_call', p_row.do_not_call,
    'assigned_to', p_row.assigned_to,
    'replayed', p_replayed);
end;
$$;

-- The caller's role while their profile is active (as in inactive_people_lose_roles), null otherwise.
create or replace function private.current_app_role()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (select p.role from public.profiles p where p.id = (select auth.uid()) and p.is_active);
end;
$$;

-- ---- The intake: a new lead fires only the INSERT triggers ----

create or replace function public.wordpress_lead_intake(
  p_submission_id text,
  p_name text,
  p_phone_e164 text,
  p_phone text default null,
  p_email text default null,
  p_company text default null,
  p_source text default null,
  p_country text default null,
  -- The caller's rate limit, counted here so a webhook costs one round trip (see edge_rate_limit_hit).
  p_rate_bucket text default null,
  p_rate_limit integer default null,
  p_rate_window_seconds integer default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.wordpress_submissions;
  v_lead public.leads;
  v_outcome text;
  v_assignee uuid;
  v_rate jsonb;
begin
  perform private.require_service_role('take in WordPress leads');
  if p_rate_bucket is not null then
    v_rate := private.rate_limit_hit(p_rate_bucket, p_rate_limit, p_rate_window_seconds);
    if not (v_rate ->> 'allowed')::boolean then
      return v_rate;
    end if;
  end if;
  -- A delivery of an id another transaction holds waits here for it to commit, then replays its answer.
  insert into public.wordpress_submissions (submission_id) values (p_submission_id)
  on conflict (submission_id) do nothing;
  if not found then
    select * into v_row from public.wordpress_submissions s where s.submission_id = p_submission_id;
    return private.wordpress_submission_answer(v_row, true);
  end if;

  -- A new number goes straight to its telecaller; a listed one to nobody.
  if not exists (select 1 from public.dnc_list d where d.phone_e164 = p_phone_e164) then
    v_assignee := private.next_intake_telecaller();
  end if;
  -- A number being taken in by another transaction waits here for it, as the conflict does.
  insert into public.leads (name, phone, phone_e164, email, company, source, country, assigned_to)
  values (btrim(p_name), p_phone, p_phone_e164, p_email, p_company, p_source, p_country, v_assignee)
  on conflict (phone_e164) do nothing
  returning * into v_lead;
  if found then
    v_outcome := 'inserted';
  else
    -- Merge by number: fill only what the lead lacks, so nothing a telecaller wrote is overwritten.
    update public.leads l
       set email = coalesce(l.email, p_email),
           company = coalesce(l.company, p_company),
           source = coalesce(l.source, p_source),
           country = coalesce(l.country, p_country),
           phone = coalesce(l.phone, p_phone)
     where l.phone_e164 = p_phone_e164
       and ((l.email is null and p_email is not null)
         or (l.company is null and p_company is not null)
         or (l.source is null and p_source is not null)
         or (l.country is null and p_country is not null)
         or (l.phone is null and p_phone is not null))
    returning * into v_lead;
    if found then
      v_outcome := 'merged';
    else
      -- The lead exists and lacks nothing this submission has.
      v_outcome := 'unchanged';
      select * into v_lead from public.leads l where l.phone_e164 = p_phone_e164;
    end if;
  end if;

  -- A known lead in the pool is given out too; one someone holds stays theirs.
  if v_outcome <> 'inserted' and v_assignee is not null and v_lead.assigned_to is null
    and not v_lead.do_not_call and v_lead.status in ('new', 'contacted', 'qualified') then
    update public.leads l set assigned_to = v_assignee where l.id = v_lead.id
    returning * into v_lead;
  end if;

  update public.wordpress_submissions s
     set lead_id = v_lead.id, outcome = v_outcome, do_not_call = v_lead.do_not_call,
         assigned_to = v_lead.assigned_to
   where s.submission_id = p_submission_id
  returning * into v_row;
  return private.wordpress_submission_answer(v_row, false);
end;
$$;

-- ---- Revokes ring their holders; other change-log inserts skip the sync_pokes statement ----

create or replace function sync.ring_revoked_holders()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from new_rows n where n.kind = 'revoke' and n.audience is not null) then
    return null;
  end if;
  insert into public.sync_pokes (user_id, poked_at, reason)
  select distinct n.audience, now(), 'revoke'
    from new_rows n
   where n.kind = 'revoke' and n.audience is not null
     and exists (select 1 from auth.users u where u.id = n.audience)
  on conflict (user_id) do update set poked_at = excluded.poked_at, reason = excluded.reason;
  return null;
end;
$$;
