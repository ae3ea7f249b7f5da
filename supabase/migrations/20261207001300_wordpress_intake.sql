-- WordPress lead intake (issue 15): what supabase/functions/wordpress-lead-intake calls, after it has
-- checked the sender's signature and the body, with the service key. Both functions here are callable
-- only by service_role: the webhook's sender holds no Supabase token, and nobody else may create leads
-- in bulk past the managers' import.
--
-- wordpress_lead_intake is one transaction per form submission: the submission id is claimed first, so
-- the same webhook delivered again (or ten times at once) waits for the first and gets its answer; the
-- lead is merged by phone_e164 like the CSV import merges (filling only what the lead lacks); a number
-- on dnc_list is kept but flagged by the leads trigger (nothing a person typed into the form is lost, and
-- nobody is given it to call); an open unflagged lead without a holder goes to the active telecaller with
-- the fewest open leads, ties taken in turn, which shares a stream of leads round-robin.
--
-- edge_rate_limit_hit counts requests per bucket (an address or a user) in fixed windows in a table,
-- so every worker of a function, on every host, shares one count.
--
-- Neither takes a lock that concurrent requests queue on (measured: one sender's webhooks at 200/s
-- waited on an advisory lock for assignment and on the bucket's counter row, about 10/s got through):
-- turns come from a sequence, and a bucket's count is spread over 16 rows.

-- ---- Submissions: one row per form submission id, with what it did ----

create table public.wordpress_submissions (
  submission_id text primary key,
  -- Filled in the same transaction that claims the id, so no other transaction sees them empty.
  lead_id uuid references public.leads (id) on delete set null,
  outcome text,
  do_not_call boolean not null default false,
  assigned_to uuid references public.profiles (id) on delete set null,
  received_at timestamptz not null default now(),
  constraint wordpress_submissions_id_check check (char_length(submission_id) between 1 and 200),
  constraint wordpress_submissions_outcome_check check (outcome in ('inserted', 'merged', 'unchanged'))
);
comment on table public.wordpress_submissions is
  'Each WordPress form submission once, by its id, with the lead it made or merged into.';
create index wordpress_submissions_lead_id_idx on public.wordpress_submissions (lead_id);
create index wordpress_submissions_assigned_to_idx on public.wordpress_submissions (assigned_to);
create index wordpress_submissions_received_at_idx on public.wordpress_submissions (received_at);

alter table public.wordpress_submissions enable row level security;
revoke all on table public.wordpress_submissions from public, anon, authenticated;
grant select on table public.wordpress_submissions to authenticated;
grant all on table public.wordpress_submissions to service_role;

-- Managers and admins see where their leads come from; only the intake function writes.
create policy wordpress_submissions_select on public.wordpress_submissions
  for select to authenticated
  using ((select private.is_staff()));

create function private.require_service_role(p_what text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if auth.role() is distinct from 'service_role' then
    raise exception 'only the service role can %', p_what using errcode = '42501';
  end if;
end;
$$;

-- The answer of a submission, the first time and on every replay.
create function private.wordpress_submission_answer(p_row public.wordpress_submissions, p_replayed boolean)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'submission_id', p_row.submission_id,
    'lead_id', p_row.lead_id,
    'outcome', p_row.outcome,
    'do_not_call', p_row.do_not_call,
    'assigned_to', p_row.assigned_to,
    'replayed', p_replayed)
$$;

-- Whose turn it is among telecallers with equally few open leads; a sequence, so concurrent intakes
-- take different turns without waiting for each other.
create sequence private.intake_turn;

-- The active telecaller with the fewest open leads, ties in turn; null when the floor has none.
create function private.next_intake_telecaller()
returns uuid
language sql
volatile
set search_path = ''
as $$
  with turn as (select nextval('private.intake_turn') as n),
  floor as (
    select p.id,
           (select count(*) from public.leads l
             where l.assigned_to = p.id and not l.do_not_call
               and l.status in ('new', 'contacted', 'qualified')) as open_leads,
           row_number() over (order by p.id) as position,
           count(*) over () as size
      from public.profiles p
     where p.role = 'telecaller' and p.is_active
  )
  select f.id from floor f, turn t
   order by f.open_leads, ((f.position - t.n) % f.size + f.size) % f.size
   limit 1
$$;

-- The body's fields as the function checked them; phone_e164 is the function's libphonenumber result.
-- The leads table's constraints check them again.
create function public.wordpress_lead_intake(
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
  v_inserted boolean;
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
  -- Merge by number: fill only what the lead lacks, so nothing a telecaller wrote is overwritten.
  insert into public.leads as l (name, phone, phone_e164, email, company, source, country, assigned_to)
  values (btrim(p_name), p_phone, p_phone_e164, p_email, p_company, p_source, p_country, v_assignee)
  on conflict (phone_e164) do update
     set email = coalesce(l.email, excluded.email),
         company = coalesce(l.company, excluded.company),
         source = coalesce(l.source, excluded.source),
         country = coalesce(l.country, excluded.country),
         phone = coalesce(l.phone, excluded.phone)
   where (l.email is null and excluded.email is not null)
      or (l.company is null and excluded.company is not null)
      or (l.source is null and excluded.source is not null)
      or (l.country is null and excluded.country is not null)
      or (l.phone is null and excluded.phone is not null)
  returning (l.xmax = 0) into v_inserted;
  -- No row back: the lead exists and lacks nothing this submission has.
  v_outcome := case when v_inserted is null then 'unchanged' when v_inserted then 'inserted' else 'merged' end;
  select * into v_lead from public.leads l where l.phone_e164 = p_phone_e164;

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

-- ---- Rate limiting for Edge Functions ----

create table private.edge_rate_limits (
  -- 'wordpress-lead-intake:address:203.0.113.7', '<function>:user:<uuid>', ...
  bucket text not null,
  -- One of 16 rows per bucket, picked at random per hit, so concurrent hits rarely wait on one row.
  shard smallint not null,
  -- The window this row counts: now() rounded down to a multiple of the window length.
  window_start timestamptz not null,
  hits integer not null,
  primary key (bucket, shard),
  constraint edge_rate_limits_shard_check check (shard between 0 and 15),
  constraint edge_rate_limits_hits_check check (hits >= 1)
);
comment on table private.edge_rate_limits is 'Requests per bucket in its current fixed window (Edge Functions'' rate limits), over 16 rows.';
alter table private.edge_rate_limits enable row level security;
revoke all on table private.edge_rate_limits from public, anon, authenticated;

-- Counts one request in p_bucket and answers {allowed, remaining, retry_after (seconds, when refused)}.
-- Exact for requests one after another; requests in flight at the same moment may each miss the others'
-- uncommitted hits, so a burst can pass the limit by at most the requests in flight.
create function private.rate_limit_hit(p_bucket text, p_limit integer, p_window_seconds integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_start timestamptz;
  v_hits bigint;
begin
  if p_bucket is null or char_length(p_bucket) not between 1 and 200
    or p_limit is null or p_limit < 1
    or p_window_seconds is null or p_window_seconds not between 1 and 86400 then
    raise exception 'a bucket of 1 to 200 characters, a limit of 1 or more and a window of 1 to 86400 seconds'
      using errcode = '22023';
  end if;
  v_start := to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds);
  insert into private.edge_rate_limits as r (bucket, shard, window_start, hits)
  values (p_bucket, floor(random() * 16)::smallint, v_start, 1)
  on conflict (bucket, shard) do update
     set hits = case when r.window_start = excluded.window_start then r.hits + 1 else 1 end,
         window_start = excluded.window_start;
  select sum(r.hits) into v_hits from private.edge_rate_limits r
   where r.bucket = p_bucket and r.window_start = v_start;
  -- Windows end within a day: about one call in a thousand clears the rows nobody has hit since.
  if random() < 0.001 then
    delete from private.edge_rate_limits r where r.window_start < now() - interval '1 day';
  end if;
  return jsonb_build_object(
    'allowed', v_hits <= p_limit,
    'remaining', greatest(p_limit - v_hits, 0),
    'retry_after', case when v_hits > p_limit
      then greatest(1, ceil(extract(epoch from (v_start + make_interval(secs => p_window_seconds) - now()))))::integer end);
end;
$$;

-- The limiter for functions whose work is not one RPC that can count it (wordpress_lead_intake does).
create function public.edge_rate_limit_hit(p_bucket text, p_limit integer, p_window_seconds integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_service_role('count Edge Function requests');
  return private.rate_limit_hit(p_bucket, p_limit, p_window_seconds);
end;
$$;

revoke all on function private.require_service_role(text),
  private.wordpress_submission_answer(public.wordpress_submissions, boolean),
  private.next_intake_telecaller(), private.rate_limit_hit(text, integer, integer)
  from public;
revoke all on sequence private.intake_turn from public, anon, authenticated;
revoke all on function
  public.wordpress_lead_intake(text, text, text, text, text, text, text, text, text, integer, integer),
  public.edge_rate_limit_hit(text, integer, integer)
  from public, anon, authenticated;
grant execute on function
  public.wordpress_lead_intake(text, text, text, text, text, text, text, text, text, integer, integer),
  public.edge_rate_limit_hit(text, integer, integer)
  to service_role;
