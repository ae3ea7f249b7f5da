-- Lead import and distribution (issue 12): what a manager's import screen and `talentg workstation
-- import-leads | distribute` call. Only managers and admins may call these; a telecaller's token is
-- refused with 42501 before anything is read.
--
-- Import: the client parses and normalises the CSV (src/domain/lead-import.ts), stages its rows in
-- chunks under an import id (each request stays small), then one call applies the whole import in one
-- transaction or, for a dry run, only counts it. The database decides duplicates (within the file and
-- against existing leads, by phone_e164) and do-not-call, and re-checks every staged field, so a
-- client that skipped its own checks gets line-numbered refusals, never a half import.
--
-- Distribution: one UPDATE of leads.assigned_to per call, so the existing triggers write the assignment
-- history and the audit log per lead, the sync change log's revoke and grant entries, and the
-- sync_pokes doorbell of each old holder, all in the one transaction.
--
-- Business refusals are raised as P0001 with hint 'talentg:<CODE>' (a code of src/domain/error-codes.ts).

-- ---- Import staging (private: reached only through the definer functions below) ----

create table private.lead_imports (
  id uuid primary key default gen_random_uuid(),
  -- An import in flight goes with the person who started it.
  created_by uuid not null references public.profiles (id) on delete cascade,
  file_name text,
  status text not null default 'staging',
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  -- The answer of the apply, kept so a retried apply (lost response) gets the same report.
  report jsonb,
  constraint lead_imports_status_check check (status in ('staging', 'applied', 'discarded')),
  constraint lead_imports_file_name_check check (file_name is null or char_length(file_name) <= 255)
);
comment on table private.lead_imports is 'One row per lead import: staging, then applied or discarded.';
create index lead_imports_created_by_idx on private.lead_imports (created_by, created_at);

create table private.lead_import_rows (
  import_id uuid not null references private.lead_imports (id) on delete cascade,
  -- The row's line in the file (the header is line 1).
  line integer not null,
  name text,
  phone text,
  phone_e164 text,
  email text,
  company text,
  source text,
  time_zone text,
  country text,
  primary key (import_id, line),
  constraint lead_import_rows_line_check check (line >= 2)
);
comment on table private.lead_import_rows is 'Rows of an import in staging, keyed by import id and line.';

alter table private.lead_imports enable row level security;
alter table private.lead_import_rows enable row level security;
revoke all on table private.lead_imports, private.lead_import_rows from public, anon, authenticated;

create function private.refuse(p_code text, p_message text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = p_message, hint = 'talentg:' || p_code;
end;
$$;

create function private.require_staff(p_what text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not private.is_staff() then
    raise exception 'only managers and admins can %', p_what using errcode = '42501';
  end if;
end;
$$;

-- The caller's import in staging, locked; refused when unknown, someone else's, or closed.
create function private.open_lead_import(p_import_id uuid)
returns private.lead_imports
language plpgsql
set search_path = ''
as $$
declare
  v_import private.lead_imports;
begin
  select * into v_import from private.lead_imports i
   where i.id = p_import_id and i.created_by = auth.uid()
   for update;
  if not found then
    perform private.refuse('IMPORT_NOT_FOUND', 'There is no such import of yours.');
  end if;
  return v_import;
end;
$$;

create function public.lead_import_begin(p_file_name text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.require_staff('import leads');
  -- An import abandoned mid-way (a closed laptop) is not kept past a day.
  delete from private.lead_imports i
   where i.created_by = auth.uid() and i.created_at < now() - interval '1 day';
  insert into private.lead_imports (created_by, file_name)
  values (auth.uid(), left(p_file_name, 255))
  returning id into v_id;
  return v_id;
end;
$$;

-- Stages one chunk: [{line, name, phone, phone_e164, email, company, source, time_zone, country}].
-- A chunk sent again (a retry after a lost answer) changes nothing: rows are keyed by line.
create function public.lead_import_stage(p_import_id uuid, p_rows jsonb)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_import private.lead_imports;
  v_staged integer;
begin
  perform private.require_staff('import leads');
  v_import := private.open_lead_import(p_import_id);
  if v_import.status <> 'staging' then
    perform private.refuse('IMPORT_CLOSED', 'This import was already applied or discarded; start a new one.');
  end if;
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' or jsonb_array_length(p_rows) > 2000 then
    perform private.refuse('INVALID_REQUEST', 'Stage the rows as a JSON array of at most 2000 rows.');
  end if;
  if exists (
    select 1 from jsonb_array_elements(p_rows) e
     where jsonb_typeof(e) <> 'object' or jsonb_typeof(e -> 'line') <> 'number'
        or (e ->> 'line') !~ '^[0-9]{1,9}$' or (e ->> 'line')::integer < 2
  ) then
    perform private.refuse('INVALID_REQUEST', 'Every staged row needs its line number (2 or more).');
  end if;
  insert into private.lead_import_rows
    (import_id, line, name, phone, phone_e164, email, company, source, time_zone, country)
  select p_import_id, r.line, left(r.name, 1000), left(r.phone, 100), left(r.phone_e164, 40),
         left(r.email, 1000), left(r.company, 1000), left(r.source, 1000), left(r.time_zone, 100),
         left(r.country, 10)
    from jsonb_to_recordset(p_rows) as r(
      line integer, name text, phone text, phone_e164 text, email text, company text, source text,
      time_zone text, country text)
  on conflict (import_id, line) do nothing;
  get diagnostics v_staged = row_count;
  return v_staged;
end;
$$;

-- What applying the import would do to each staged row: 'invalid' (with the reason), 'duplicate_in_file'
-- (a later line with the phone of an earlier valid line), 'dnc', 'merged' (an existing lead with this
-- phone gets the fields it lacks), 'unchanged' (an existing lead that lacks nothing) or 'inserted'.
create function private.lead_import_outcomes(p_import_id uuid)
returns table (
  line integer, outcome text, reason text, lead_id uuid, name text, phone text, phone_e164 text,
  email text, company text, source text, time_zone text, country text
)
language sql
stable
set search_path = ''
as $$
  with checked as (
    select r.*,
      case
        when r.name is null or char_length(btrim(r.name)) not between 1 and 200
          then 'the name is missing or longer than 200 characters'
        when r.phone_e164 is null or r.phone_e164 !~ '^\+[1-9][0-9]{6,14}$'
          then 'the phone number is not a valid international (E.164) number'
        when r.phone is not null and char_length(r.phone) > 40
          then 'the phone as typed is longer than 40 characters'
        when r.email is not null and r.email !~* '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'
          then 'the email address is not valid'
        when r.company is not null and char_length(r.company) > 200
          then 'the company is longer than 200 characters'
        when r.source is not null and char_length(r.source) > 200
          then 'the source is longer than 200 characters'
        when r.country is not null and r.country !~ '^[A-Z]{2}$'
          then 'the country is not a two-letter ISO code'
        when r.time_zone is not null and not private.is_iana_time_zone(r.time_zone)
          then 'the time zone is not an IANA zone name (e.g. Asia/Kolkata)'
      end as invalid_reason
    from private.lead_import_rows r
    where r.import_id = p_import_id
  ),
  ranked as (
    select c.*, min(c.line) over (partition by c.phone_e164) as first_line
      from checked c where c.invalid_reason is null
  )
  select c.line, 'invalid', c.invalid_reason, null::uuid, c.name, c.phone, c.phone_e164, c.email,
         c.company, c.source, c.time_zone, c.country
    from checked c where c.invalid_reason is not null
  union all
  select r.line,
    case
      when r.line <> r.first_line then 'duplicate_in_file'
      when d.phone_e164 is not null then 'dnc'
      when l.id is null then 'inserted'
      when (l.email is null and r.email is not null) or (l.company is null and r.company is not null)
        or (l.source is null and r.source is not null) or (l.time_zone is null and r.time_zone is not null)
        or (l.country is null and r.country is not null) or (l.phone is null and r.phone is not null)
        then 'merged'
      else 'unchanged'
    end,
    case
      when r.line <> r.first_line then format('the same phone as line %s', r.first_line)
      when d.phone_e164 is not null then 'the number is on the do-not-call list'
    end,
    l.id, btrim(r.name), r.phone, r.phone_e164, r.email, r.company, r.source, r.time_zone, r.country
    from ranked r
    left join public.dnc_list d on d.phone_e164 = r.phone_e164
    left join public.leads l on l.phone_e164 = r.phone_e164
$$;

-- Applies the whole import in this one transaction (or, dry run, only counts it) and answers
-- {inserted, merged, unchanged, duplicate_in_file, dnc, invalid, refused: [{line, kind, reason}]}.
-- Merging fills only what the existing lead lacks, so nothing a telecaller wrote is overwritten and
-- applying the same file again changes nothing.
create function public.lead_import_apply(p_import_id uuid, p_dry_run boolean default false)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_import private.lead_imports;
  v_report jsonb;
begin
  perform private.require_staff('import leads');
  v_import := private.open_lead_import(p_import_id);
  if v_import.report is not null and (v_import.report ->> 'dry_run')::boolean = coalesce(p_dry_run, false) then
    return v_import.report;
  end if;
  if v_import.status <> 'staging' then
    perform private.refuse('IMPORT_CLOSED', 'This import was already applied or discarded; start a new one.');
  end if;
  -- Two imports at once would both see a phone as new; one waits for the other instead.
  perform pg_advisory_xact_lock(hashtext('talentg.lead_import'));

  with outcomes as materialized (
    select * from private.lead_import_outcomes(p_import_id)
  ),
  merged as (
    update public.leads l
       set email = coalesce(l.email, o.email),
           company = coalesce(l.company, o.company),
           source = coalesce(l.source, o.source),
           time_zone = coalesce(l.time_zone, o.time_zone),
           country = coalesce(l.country, o.country),
           phone = coalesce(l.phone, o.phone)
      from outcomes o
     where o.outcome = 'merged' and l.id = o.lead_id and not coalesce(p_dry_run, false)
    returning l.id
  ),
  inserted as (
    insert into public.leads
      (name, phone, phone_e164, email, company, source, time_zone, country, created_by)
    select o.name, o.phone, o.phone_e164, o.email, o.company, o.source, o.time_zone, o.country,
           (select p.id from public.profiles p where p.id = auth.uid())
      from outcomes o
     where o.outcome = 'inserted' and not coalesce(p_dry_run, false)
     order by o.line
    returning id
  )
  select jsonb_build_object(
    'inserted', count(*) filter (where o.outcome = 'inserted'),
    'merged', count(*) filter (where o.outcome = 'merged'),
    'unchanged', count(*) filter (where o.outcome = 'unchanged'),
    'duplicate_in_file', count(*) filter (where o.outcome = 'duplicate_in_file'),
    'dnc', count(*) filter (where o.outcome = 'dnc'),
    'invalid', count(*) filter (where o.outcome = 'invalid'),
    'refused', coalesce(
      jsonb_agg(jsonb_build_object('line', o.line, 'kind', o.outcome, 'reason', o.reason) order by o.line)
        filter (where o.outcome in ('invalid', 'duplicate_in_file', 'dnc')),
      '[]'::jsonb),
    'dry_run', coalesce(p_dry_run, false),
    -- Counted so the data-modifying parts above are part of this statement's answer.
    'written', (select count(*) from merged) + (select count(*) from inserted)
  ) into v_report
  from outcomes o;

  delete from private.lead_import_rows r where r.import_id = p_import_id;
  update private.lead_imports i
     set status = case when coalesce(p_dry_run, false) then 'discarded' else 'applied' end,
         closed_at = now(),
         report = v_report
   where i.id = p_import_id;
  return v_report;
end;
$$;

create function public.lead_import_discard(p_import_id uuid)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_import private.lead_imports;
begin
  perform private.require_staff('import leads');
  v_import := private.open_lead_import(p_import_id);
  if v_import.status <> 'staging' then
    return false;
  end if;
  delete from private.lead_import_rows r where r.import_id = p_import_id;
  update private.lead_imports i set status = 'discarded', closed_at = now() where i.id = p_import_id;
  return true;
end;
$$;

-- ---- Distribution and reassignment ----
-- Security definer like the import (request roles execute no private helper but the policies' own), so
-- each checks the caller first; the leads triggers still judge every move by the caller's claims.

-- An active telecaller by email, or the refusal that names what is wrong with the person.
create function private.distribution_recipient(p_email text)
returns public.profiles
language plpgsql
stable
set search_path = ''
as $$
declare
  v_person public.profiles;
begin
  select * into v_person from public.profiles p where lower(p.email) = lower(btrim(p_email));
  if not found then
    perform private.refuse('ASSIGNEE_NOT_FOUND', format('Nobody has the email %s.', p_email));
  end if;
  if not v_person.is_active then
    perform private.refuse('ASSIGNEE_INACTIVE', format('%s is deactivated and cannot be given leads.', p_email));
  end if;
  if v_person.role <> 'telecaller' then
    perform private.refuse('ASSIGNEE_NOT_TELECALLER',
      format('%s is a %s, not a telecaller; leads are distributed to telecallers.', p_email, v_person.role));
  end if;
  return v_person;
end;
$$;

-- Picks the open leads matching the filter (never do-not-call, never already held by a recipient),
-- highest priority and oldest first, up to p_limit, and shares them out:
--   round-robin  in turn, so counts differ by at most one;
--   weighted     in proportion to each recipient's weight (largest remainder), interleaved;
--   capped       in turn, but nobody ends holding more than p_cap open leads (their current ones count).
-- Answers {total, assignments: [{user_id, email, count}]} in the recipients' order.
create function public.distribute_leads(
  p_recipients jsonb,
  p_mode text default 'round-robin',
  p_cap integer default null,
  p_statuses text[] default null,
  p_sources text[] default null,
  p_unassigned boolean default false,
  p_created_before timestamptz default null,
  p_time_zones text[] default null,
  p_limit integer default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_statuses text[] := coalesce(p_statuses, array['new', 'contacted', 'qualified']);
  v_ids uuid[] := '{}'::uuid[];
  v_emails text[] := '{}'::text[];
  v_weights integer[] := '{}'::integer[];
  v_quota integer[] := '{}'::integer[];
  v_room integer[] := '{}'::integer[];
  v_person public.profiles;
  v_entry jsonb;
  v_n integer;
  v_total integer;
  v_weight_sum bigint;
  v_left integer;
  v_level integer;
  v_moved jsonb;
begin
  perform private.require_staff('distribute leads');
  if p_recipients is null or jsonb_typeof(p_recipients) <> 'array'
    or jsonb_array_length(p_recipients) not between 1 and 200 then
    perform private.refuse('DISTRIBUTION_INVALID', 'Name between 1 and 200 telecallers to distribute to.');
  end if;
  if p_mode is null or p_mode not in ('round-robin', 'weighted', 'capped') then
    perform private.refuse('DISTRIBUTION_INVALID', 'The mode is round-robin, weighted or capped.');
  end if;
  if p_mode = 'capped' and (p_cap is null or p_cap < 0) then
    perform private.refuse('DISTRIBUTION_INVALID', 'A capped distribution needs a cap of 0 or more.');
  end if;
  if p_limit is not null and p_limit < 1 then
    perform private.refuse('DISTRIBUTION_INVALID', 'The limit is 1 or more.');
  end if;
  if exists (select 1 from unnest(v_statuses) s where s not in ('new', 'contacted', 'qualified', 'converted', 'lost')) then
    perform private.refuse('DISTRIBUTION_INVALID', 'A status is one of new, contacted, qualified, converted, lost.');
  end if;

  for v_entry in select e from jsonb_array_elements(p_recipients) e loop
    if jsonb_typeof(v_entry -> 'email') is distinct from 'string' then
      perform private.refuse('DISTRIBUTION_INVALID', 'Each recipient needs an email.');
    end if;
    v_person := private.distribution_recipient(v_entry ->> 'email');
    if v_person.id = any(v_ids) then
      perform private.refuse('DISTRIBUTION_INVALID', format('%s is named twice.', v_entry ->> 'email'));
    end if;
    if p_mode = 'weighted' and (jsonb_typeof(v_entry -> 'weight') is distinct from 'number'
      or (v_entry ->> 'weight') !~ '^[0-9]{1,4}$' or (v_entry ->> 'weight')::integer not between 1 and 1000) then
      perform private.refuse('DISTRIBUTION_INVALID',
        format('%s needs a whole weight between 1 and 1000.', v_entry ->> 'email'));
    end if;
    v_ids := v_ids || v_person.id;
    v_emails := v_emails || v_person.email;
    v_weights := v_weights || coalesce((v_entry ->> 'weight')::integer, 1);
  end loop;
  v_n := cardinality(v_ids);

  select count(*)::integer into v_total from (
    select 1 from public.leads l
     where not l.do_not_call and l.status = any(v_statuses)
       and (p_sources is null or l.source = any(p_sources))
       and (not coalesce(p_unassigned, false) or l.assigned_to is null)
       and (l.assigned_to is null or l.assigned_to <> all(v_ids))
       and (p_created_before is null or l.created_at <= p_created_before)
       and (p_time_zones is null or l.time_zone = any(p_time_zones))
     limit p_limit
  ) candidates;

  if p_mode = 'round-robin' then
    for i in 1 .. v_n loop
      v_quota := v_quota || (v_total / v_n + case when i <= v_total % v_n then 1 else 0 end);
    end loop;
  elsif p_mode = 'weighted' then
    select sum(w) into v_weight_sum from unnest(v_weights) w;
    select array_agg(q order by i) into v_quota from (
      select s.i, s.base + case when s.rank <= v_total - sum(s.base) over () then 1 else 0 end as q
        from (
          select u.i, (v_total::bigint * u.w / v_weight_sum)::integer as base,
                 row_number() over (order by (v_total::bigint * u.w) % v_weight_sum desc, u.i) as rank
            from unnest(v_weights) with ordinality as u(w, i)
        ) s
    ) shares;
  else
    -- Room left under the cap, then water-filling: the lowest level L at which the rooms hold the total.
    select array_agg(greatest(p_cap - coalesce(h.held, 0), 0) order by u.i) into v_room
      from unnest(v_ids) with ordinality as u(id, i)
      left join lateral (
        select count(*)::integer as held from public.leads l
         where l.assigned_to = u.id and l.status in ('new', 'contacted', 'qualified')
      ) h on true;
    v_level := 0;
    while v_level < p_cap
      and (select sum(least(r, v_level)) from unnest(v_room) r) < v_total loop
      v_level := v_level + 1;
    end loop;
    select array_agg(least(r, greatest(v_level - 1, 0)) order by i) into v_quota
      from unnest(v_room) with ordinality as u(r, i);
    v_left := least(v_total, (select sum(least(r, v_level)) from unnest(v_room) r))
            - (select sum(q) from unnest(v_quota) q);
    for i in 1 .. v_n loop
      exit when v_left <= 0;
      if v_room[i] >= v_level and v_level > 0 then
        v_quota[i] := v_quota[i] + 1;
        v_left := v_left - 1;
      end if;
    end loop;
  end if;

  -- Slot k of a recipient with quota q sits at (k - 0.5) / q: sorting the slots interleaves them.
  with slots as (
    select u.id, row_number() over (order by (s.k - 0.5) / u.q, u.i) as rn
      from unnest(v_ids, v_quota) with ordinality as u(id, q, i)
      cross join lateral generate_series(1, u.q) as s(k)
  ),
  candidates as (
    select l.id, row_number() over (order by l.priority desc, l.created_at, l.id) as rn
      from public.leads l
     where not l.do_not_call and l.status = any(v_statuses)
       and (p_sources is null or l.source = any(p_sources))
       and (not coalesce(p_unassigned, false) or l.assigned_to is null)
       and (l.assigned_to is null or l.assigned_to <> all(v_ids))
       and (p_created_before is null or l.created_at <= p_created_before)
       and (p_time_zones is null or l.time_zone = any(p_time_zones))
     order by l.priority desc, l.created_at, l.id
     limit (select count(*) from slots)
  ),
  moved as (
    update public.leads l
       set assigned_to = s.id
      from candidates c join slots s on s.rn = c.rn
     where l.id = c.id
       -- Re-checked on the row as it is now, if another manager took it meanwhile.
       and (not coalesce(p_unassigned, false) or l.assigned_to is null)
       and (l.assigned_to is null or l.assigned_to <> all(v_ids))
    returning l.assigned_to
  )
  select coalesce(jsonb_agg(jsonb_build_object('user_id', u.id, 'email', u.email, 'count',
           (select count(*) from moved m where m.assigned_to = u.id)) order by u.i), '[]'::jsonb)
    into v_moved
    from unnest(v_ids, v_emails) with ordinality as u(id, email, i);

  return jsonb_build_object(
    'total', (select coalesce(sum((a ->> 'count')::integer), 0) from jsonb_array_elements(v_moved) a),
    'assignments', v_moved);
end;
$$;

-- Moves the given leads to one telecaller (or back to the unassigned pool with p_to_email null).
-- Answers {moved, unchanged, missing: [ids not found]}.
create function public.reassign_leads(p_lead_ids uuid[], p_to_email text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_to uuid;
  v_moved integer;
  v_missing jsonb;
begin
  perform private.require_staff('reassign leads');
  if p_lead_ids is null or cardinality(p_lead_ids) not between 1 and 5000 then
    perform private.refuse('DISTRIBUTION_INVALID', 'Reassign between 1 and 5000 leads at once.');
  end if;
  if p_to_email is not null then
    v_to := (private.distribution_recipient(p_to_email)).id;
  end if;
  update public.leads l set assigned_to = v_to
   where l.id = any(p_lead_ids) and l.assigned_to is distinct from v_to;
  get diagnostics v_moved = row_count;
  select coalesce(jsonb_agg(x.id), '[]'::jsonb) into v_missing
    from (select distinct i.id from unnest(p_lead_ids) as i(id)
           where not exists (select 1 from public.leads l where l.id = i.id)) x;
  return jsonb_build_object(
    'moved', v_moved,
    'unchanged', (select count(distinct i) from unnest(p_lead_ids) i) - v_moved - jsonb_array_length(v_missing),
    'missing', v_missing);
end;
$$;

revoke all on all functions in schema private from public;
revoke all on function public.lead_import_begin(text), public.lead_import_stage(uuid, jsonb),
  public.lead_import_apply(uuid, boolean), public.lead_import_discard(uuid),
  public.distribute_leads(jsonb, text, integer, text[], text[], boolean, timestamptz, text[], integer),
  public.reassign_leads(uuid[], text)
  from public, anon;
grant execute on function public.lead_import_begin(text), public.lead_import_stage(uuid, jsonb),
  public.lead_import_apply(uuid, boolean), public.lead_import_discard(uuid),
  public.distribute_leads(jsonb, text, integer, text[], text[], boolean, timestamptz, text[], integer),
  public.reassign_leads(uuid[], text)
  to authenticated, service_role;
