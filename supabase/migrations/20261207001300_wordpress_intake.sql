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
-- the fewest open leads (ties by id), which shares a stream of leads round-robin.
--
-- edge_rate_limit_hit counts requests per bucket (an address or a user) in fixed windows in a table,
-- so every worker of a function, on every host, shares one count.

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

-- The active telecaller with the fewest open leads; null when the floor has none.
create function private.next_intake_telecaller()
returns uuid
language sql
stable
set search_path = ''
as $$
  select p.id
    from public.profiles p
   where p.role = 'telecaller' and p.is_active
   order by (select count(*) from public.leads l
              where l.assigned_to = p.id and not l.do_not_call
                and l.status in ('new', 'contacted', 'qualified')),
            p.id
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
  p_country text default null
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
begin
  perform private.require_service_role('take in WordPress leads');
  -- A delivery of an id another transaction holds waits here for it to commit, then replays its answer.
  insert into public.wordpress_submissions (submission_id) values (p_submission_id)
  on conflict (submission_id) do nothing;
  if not found then
    select * into v_row from public.wordpress_submissions s where s.submission_id = p_submission_id;
    return private.wordpress_submission_answer(v_row, true);
  end if;

  -- Merge by number: fill only what the lead lacks, so nothing a telecaller wrote is overwritten.
  insert into public.leads as l (name, phone, phone_e164, email, company, source, country)
  values (btrim(p_name), p_phone, p_phone_e164, p_email, p_company, p_source, p_country)
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

  if v_lead.assigned_to is null and not v_lead.do_not_call
    and v_lead.status in ('new', 'contacted', 'qualified') then
    -- One assignment at a time, so concurrent submissions see each other's and take turns.
    perform pg_advisory_xact_lock(hashtext('talentg.lead_intake_assign'));
    v_assignee := private.next_intake_telecaller();
    if v_assignee is not null then
      update public.leads l set assigned_to = v_assignee where l.id = v_lead.id
      returning * into v_lead;
    end if;
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
  bucket text primary key,
  window_start timestamptz not null,
  hits integer not null,
  constraint edge_rate_limits_hits_check check (hits >= 1)
);
comment on table private.edge_rate_limits is 'Requests per bucket in its current fixed window (Edge Functions'' rate limits).';
alter table private.edge_rate_limits enable row level security;
revoke all on table private.edge_rate_limits from public, anon, authenticated;

-- Counts one request in p_bucket and answers {allowed, remaining, retry_after (seconds, when refused)}.
-- A fixed window: one upsert per request, its row lock serialising the bucket's concurrent hits.
create function public.edge_rate_limit_hit(p_bucket text, p_limit integer, p_window_seconds integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window interval;
  v_start timestamptz;
  v_hits integer;
begin
  perform private.require_service_role('count Edge Function requests');
  if p_bucket is null or char_length(p_bucket) not between 1 and 200
    or p_limit is null or p_limit < 1
    or p_window_seconds is null or p_window_seconds not between 1 and 86400 then
    raise exception 'a bucket of 1 to 200 characters, a limit of 1 or more and a window of 1 to 86400 seconds'
      using errcode = '22023';
  end if;
  v_window := make_interval(secs => p_window_seconds);
  insert into private.edge_rate_limits as r (bucket, window_start, hits)
  values (p_bucket, now(), 1)
  on conflict (bucket) do update
     set window_start = case when r.window_start + v_window <= now() then now() else r.window_start end,
         hits = case when r.window_start + v_window <= now() then 1 else r.hits + 1 end
  returning r.window_start, r.hits into v_start, v_hits;
  -- Windows end within a day: about one call in a thousand clears the buckets nobody has hit since.
  if random() < 0.001 then
    delete from private.edge_rate_limits r where r.window_start < now() - interval '1 day';
  end if;
  return jsonb_build_object(
    'allowed', v_hits <= p_limit,
    'remaining', greatest(p_limit - v_hits, 0),
    'retry_after', case when v_hits > p_limit
      then greatest(1, ceil(extract(epoch from (v_start + v_window - now()))))::integer end);
end;
$$;

revoke all on function private.require_service_role(text),
  private.wordpress_submission_answer(public.wordpress_submissions, boolean),
  private.next_intake_telecaller()
  from public;
revoke all on function
  public.wordpress_lead_intake(text, text, text, text, text, text, text, text),
  public.edge_rate_limit_hit(text, integer, integer)
  from public, anon, authenticated;
grant execute on function
  public.wordpress_lead_intake(text, text, text, text, text, text, text, text),
  public.edge_rate_limit_hit(text, integer, integer)
  to service_role;
