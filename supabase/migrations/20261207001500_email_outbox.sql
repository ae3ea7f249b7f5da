-- Email through Brevo with a smart queue (issue 15). Whatever should be mailed is a row of
-- email_outbox, enqueued in the same transaction as what caused it (a callback, an assignment), so a
-- rolled-back change mails nobody and a committed one is never forgotten. supabase/functions/email-sender
-- drains the outbox with the service key: claim_emails hands out due rows under a lease, settle_email
-- records what Brevo answered. Nobody writes the outbox directly; admins read it (the queue's screen).
--
-- One dedupe key is one email: enqueue_email inserts it once, claim_emails gives a row to one sender at a
-- time (FOR UPDATE SKIP LOCKED, and the row then says `sending` until its lease ends), and a sender that
-- dies mid-send leaves the row to come back after the lease. The send itself carries the row's id as
-- Brevo's idempotencyKey, so a send Brevo accepted whose settle was lost is refused by Brevo as a
-- duplicate when it is retried (within Brevo's 30-minute key lifetime), not mailed twice.
--
-- An unsubscribed recipient is recorded, not skipped: enqueue_email writes the row as dead with reason
-- 'unsubscribed', so the admin sees what was not sent and why, and the dedupe key stays spent.
-- claim_emails checks again, for addresses that unsubscribed while their email waited.

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  -- Which mail this is; the sender maps it to a Brevo template (see docs/integrations.md).
  template text not null,
  recipient text not null,
  variables jsonb not null default '{}'::jsonb,
  dedupe_key text not null,
  state text not null default 'queued',
  -- Claims so far, including the one in flight; a row dies when it reaches max_attempts.
  attempts integer not null default 0,
  max_attempts integer not null default 8,
  -- Queued: not before then. Sending: the lease's end, after which the row may be claimed again.
  next_attempt_at timestamptz not null default now(),
  -- The claim that holds a sending row; a settle from an older claim is ignored.
  claim_id uuid,
  last_error text,
  provider_message_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint email_outbox_dedupe_key_key unique (dedupe_key),
  constraint email_outbox_template_check check (template ~ '^[a-z][a-z0-9_]{0,63}$'),
  constraint email_outbox_recipient_check check (
    char_length(recipient) between 3 and 254 and recipient = lower(recipient)
    and recipient ~ '^[^@\s]+@[^@\s]+$'),
  constraint email_outbox_variables_check check (
    jsonb_typeof(variables) = 'object' and pg_column_size(variables) <= 16384),
  constraint email_outbox_dedupe_key_check check (char_length(dedupe_key) between 1 and 200),
  constraint email_outbox_state_check check (state in ('queued', 'sending', 'sent', 'dead')),
  constraint email_outbox_attempts_check check (attempts between 0 and max_attempts),
  constraint email_outbox_max_attempts_check check (max_attempts between 1 and 50),
  constraint email_outbox_last_error_check check (char_length(last_error) <= 2000),
  constraint email_outbox_claim_check check ((state = 'sending') = (claim_id is not null)),
  constraint email_outbox_sent_check check ((state = 'sent') = (sent_at is not null))
);
comment on table public.email_outbox is
  'Emails to send through Brevo, once per dedupe key: queued, sending (leased), sent or dead with its reason.';
-- What claim_emails scans: rows that are due or whose lease ran out.
create index email_outbox_due_idx on public.email_outbox (next_attempt_at)
  where state in ('queued', 'sending');
create index email_outbox_state_idx on public.email_outbox (state, updated_at);
-- A callback's waiting reminder, found when the callback moves or closes.
create index email_outbox_callback_idx on public.email_outbox ((variables ->> 'callback_id'))
  where state = 'queued' and template = 'callback_reminder';

create trigger email_outbox_set_updated_at
  before update on public.email_outbox
  for each row execute function private.set_updated_at();

alter table public.email_outbox enable row level security;
revoke all on table public.email_outbox from public, anon, authenticated;
grant select on table public.email_outbox to authenticated;
grant all on table public.email_outbox to service_role;

create policy email_outbox_select on public.email_outbox
  for select to authenticated
  using ((select private.is_admin()));

-- ---- Unsubscribes: addresses that are never mailed ----

create table public.email_unsubscribes (
  email text primary key,
  reason text not null default '',
  created_at timestamptz not null default now(),
  constraint email_unsubscribes_email_check check (
    char_length(email) between 3 and 254 and email = lower(email) and email ~ '^[^@\s]+@[^@\s]+$'),
  constraint email_unsubscribes_reason_check check (char_length(reason) <= 500)
);
comment on table public.email_unsubscribes is 'Addresses (lower case) the outbox never mails.';

alter table public.email_unsubscribes enable row level security;
revoke all on table public.email_unsubscribes from public, anon, authenticated;
grant select, insert, delete on table public.email_unsubscribes to authenticated;
grant all on table public.email_unsubscribes to service_role;

-- Admins keep the list (a person asks by phone to be left alone); Brevo's unsubscribe events come in
-- with the service key.
create policy email_unsubscribes_select on public.email_unsubscribes
  for select to authenticated using ((select private.is_admin()));
create policy email_unsubscribes_insert on public.email_unsubscribes
  for insert to authenticated with check ((select private.is_admin()));
create policy email_unsubscribes_delete on public.email_unsubscribes
  for delete to authenticated using ((select private.is_admin()));

-- ---- Enqueueing ----

-- The row's id for p_dedupe_key: a new row, or the one an earlier call made (its content wins; a
-- dedupe key names one email). Queued for p_send_at, or dead 'unsubscribed' for an unsubscribed address.
create function private.enqueue_email(
  p_template text,
  p_recipient text,
  p_variables jsonb,
  p_dedupe_key text,
  p_send_at timestamptz default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_recipient text := lower(btrim(p_recipient));
  v_unsubscribed boolean;
  v_id uuid;
begin
  v_unsubscribed := exists (select 1 from public.email_unsubscribes u where u.email = v_recipient);
  insert into public.email_outbox (template, recipient, variables, dedupe_key, next_attempt_at, state, last_error)
  values (p_template, v_recipient, coalesce(p_variables, '{}'::jsonb), p_dedupe_key,
          greatest(coalesce(p_send_at, now()), now()),
          case when v_unsubscribed then 'dead' else 'queued' end,
          case when v_unsubscribed then 'unsubscribed' end)
  on conflict (dedupe_key) do nothing
  returning id into v_id;
  if v_id is null then
    select o.id into v_id from public.email_outbox o where o.dedupe_key = p_dedupe_key;
  end if;
  return v_id;
end;
$$;

-- The app's way in (and SQL's, with the service key): managers, admins and the service role.
-- Telecallers and users cannot mail arbitrary addresses; their mail comes from the triggers below.
create function public.enqueue_email(
  p_template text,
  p_recipient text,
  p_variables jsonb default '{}'::jsonb,
  p_dedupe_key text default null,
  p_send_at timestamptz default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
begin
  if auth.role() is distinct from 'service_role' and not private.is_staff() then
    raise exception 'only managers, admins and the service role can enqueue email' using errcode = '42501';
  end if;
  if p_dedupe_key is null then
    raise exception 'a dedupe key is required: it is what keeps one email from going out twice'
      using errcode = '22023';
  end if;
  return private.enqueue_email(p_template, p_recipient, p_variables, p_dedupe_key, p_send_at);
end;
$$;

-- ---- The sender's side: claim and settle (service role only) ----

-- Up to p_limit due rows (queued and due, or sending with an ended lease), each moved to sending under a
-- new claim id with a lease of p_lease_seconds and one more attempt. Rows locked by another claim are
-- skipped, not waited for. A due row for an unsubscribed address, or whose lease ended on its last
-- attempt (the sender died every time), goes dead instead of out.
create function public.claim_emails(p_limit integer, p_lease_seconds integer)
returns table (
  id uuid, claim_id uuid, template text, recipient text, variables jsonb, attempts integer
)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.require_service_role('claim emails');
  if p_limit is null or p_limit not between 1 and 1000
    or p_lease_seconds is null or p_lease_seconds not between 1 and 3600 then
    raise exception 'a limit of 1 to 1000 rows and a lease of 1 to 3600 seconds' using errcode = '22023';
  end if;
  return query
  with due as (
    select o.id,
           exists (select 1 from public.email_unsubscribes u where u.email = o.recipient) as unsubscribed,
           (o.state = 'sending' and o.attempts >= o.max_attempts) as exhausted
      from public.email_outbox o
     where o.state in ('queued', 'sending') and o.next_attempt_at <= now()
     order by o.next_attempt_at
     limit p_limit
       for update of o skip locked
  ),
  moved as (
    update public.email_outbox o
       set state = case when d.unsubscribed or d.exhausted then 'dead' else 'sending' end,
           attempts = o.attempts + case when d.unsubscribed or d.exhausted then 0 else 1 end,
           claim_id = case when d.unsubscribed or d.exhausted then null else gen_random_uuid() end,
           next_attempt_at = case when d.unsubscribed or d.exhausted then o.next_attempt_at
                                  else now() + make_interval(secs => p_lease_seconds) end,
           last_error = case
             when d.unsubscribed then 'unsubscribed'
             when d.exhausted then format('gave up after %s attempts: the sender stopped before settling (lease ended)', o.attempts)
             else o.last_error end
      from due d
     where o.id = d.id
    returning o.id, o.claim_id, o.template, o.recipient, o.variables, o.attempts, o.state
  )
  select m.id, m.claim_id, m.template, m.recipient, m.variables, m.attempts
    from moved m where m.state = 'sending';
end;
$$;

-- Records what Brevo answered for a claimed row and returns the row's state after it:
--   'sent'  with Brevo's message id: always recorded, even from an older claim (the mail went out);
--   'retry' queued again after a back-off of p_backoff_base_seconds * 2^(attempts - 1), capped at an
--           hour, jittered to 50-100 % so retries of a burst spread out, and never sooner than
--           p_retry_after_seconds (Brevo's Retry-After); dead instead on the row's last attempt;
--   'dead'  at once, with p_error (a hard 4xx: the same request would fail again);
--   'release' queued again without spending the attempt, not before p_retry_after_seconds: the sender
--           gave the row back unsent (Brevo asked it to pause longer than the lease, or refused its key).
-- A settle of a sent row changes nothing; a 'retry' or 'dead' from a claim that no longer holds the
-- row (its lease ended and another sender took it) is ignored, so the holder's answer stands.
create function public.settle_email(
  p_id uuid,
  p_claim_id uuid,
  p_outcome text,
  p_provider_message_id text default null,
  p_error text default null,
  p_retry_after_seconds integer default null,
  p_backoff_base_seconds numeric default 30
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.email_outbox;
  v_delay numeric;
  v_error text := left(coalesce(p_error, 'no reason given'), 1900);
begin
  perform private.require_service_role('settle emails');
  if p_outcome is null or p_outcome not in ('sent', 'retry', 'dead', 'release') then
    raise exception 'the outcome is sent, retry, dead or release' using errcode = '22023';
  end if;
  if p_backoff_base_seconds is null or p_backoff_base_seconds not between 0.01 and 3600 then
    raise exception 'a back-off base of 0.01 to 3600 seconds' using errcode = '22023';
  end if;
  select * into v_row from public.email_outbox o where o.id = p_id for update;
  if not found then
    raise exception 'no email % in the outbox', p_id using errcode = 'P0002';
  end if;
  if v_row.state = 'sent' then
    return 'sent';
  end if;
  if p_outcome = 'sent' then
    update public.email_outbox o
       set state = 'sent', sent_at = now(), claim_id = null,
           provider_message_id = left(p_provider_message_id, 500)
     where o.id = p_id;
    return 'sent';
  end if;
  if v_row.state <> 'sending' or v_row.claim_id is distinct from p_claim_id then
    return v_row.state;
  end if;
  if p_outcome = 'release' then
    update public.email_outbox o
       set state = 'queued', claim_id = null, attempts = o.attempts - 1,
           last_error = coalesce(left(p_error, 1900), o.last_error),
           next_attempt_at = now() + make_interval(secs => coalesce(p_retry_after_seconds, 0))
     where o.id = p_id;
    return 'queued';
  end if;
  if p_outcome = 'dead' or v_row.attempts >= v_row.max_attempts then
    update public.email_outbox o
       set state = 'dead', claim_id = null,
           last_error = case when p_outcome = 'dead' then v_error
                             else format('gave up after %s attempts: %s', v_row.attempts, v_error) end
     where o.id = p_id;
    return 'dead';
  end if;
  v_delay := least(3600, p_backoff_base_seconds * power(2, v_row.attempts - 1)) * (0.5 + random() * 0.5);
  update public.email_outbox o
     set state = 'queued', claim_id = null, last_error = v_error,
         next_attempt_at = now() + make_interval(
           secs => greatest(v_delay, coalesce(p_retry_after_seconds, 0)::numeric)::double precision)
   where o.id = p_id;
  return 'queued';
end;
$$;

-- ---- What enqueues mail ----

-- A telecaller's pending callback reminds its owner ten minutes before it is due (at once when sooner).
-- The dedupe key names the due time, so a moved callback reminds once for its new time; the reminder
-- for the old time, or for a callback closed before it went out, is cancelled (dead with the reason).
create function private.enqueue_callback_reminder()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_key text;
  v_owner public.profiles;
  v_lead_name text;
begin
  if new.state = 'pending' and new.owner_id is not null and new.due_at > now() then
    v_key := format('callback-reminder:%s:%s', new.id, extract(epoch from new.due_at)::bigint);
  end if;
  if tg_op = 'UPDATE' then
    update public.email_outbox o
       set state = 'dead', last_error = 'cancelled: the callback was moved or closed before its reminder'
     where o.state = 'queued' and o.template = 'callback_reminder'
       and o.variables ->> 'callback_id' = new.id::text
       and o.dedupe_key is distinct from v_key;
  end if;
  if v_key is null then
    return null;
  end if;
  select * into v_owner from public.profiles p where p.id = new.owner_id;
  if v_owner.email is null or not v_owner.is_active then
    return null;
  end if;
  select l.name into v_lead_name from public.leads l where l.id = new.lead_id;
  perform private.enqueue_email(
    'callback_reminder', v_owner.email,
    jsonb_build_object('callback_id', new.id, 'lead_id', new.lead_id, 'lead_name', v_lead_name,
      'due_at', new.due_at, 'note', new.note, 'full_name', v_owner.full_name),
    v_key, new.due_at - interval '10 minutes');
  return null;
end;
$$;

create trigger callbacks_email_reminder
  after insert or update of due_at, state, owner_id on public.callbacks
  for each row execute function private.enqueue_callback_reminder();

-- An assignment invites its person to the assessment, once per assignment.
create function private.enqueue_assessment_invitation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_person public.profiles;
  v_title text;
begin
  select * into v_person from public.profiles p where p.id = new.user_id;
  if v_person.email is null or not v_person.is_active or new.status <> 'assigned' then
    return null;
  end if;
  select a.title into v_title from public.assessments a where a.id = new.assessment_id;
  perform private.enqueue_email(
    'assessment_invitation', v_person.email,
    jsonb_build_object('assignment_id', new.id, 'assessment_id', new.assessment_id,
      'assessment_title', v_title, 'due_at', new.due_at, 'full_name', v_person.full_name),
    format('assessment-invitation:%s', new.id));
  return null;
end;
$$;

create trigger assessment_assignments_email_invitation
  after insert on public.assessment_assignments
  for each row execute function private.enqueue_assessment_invitation();

-- The managers' daily digest: for each active manager with an email, the floor's day p_day (midnight to
-- midnight in p_time_zone): calls, new leads, callbacks done and missed. Once per manager and day, so a
-- schedule that runs twice (or is re-run by hand) mails nobody twice. Returns how many were enqueued
-- or already there. pg_cron calls it each morning (docs/integrations.md), as the service role's RPC or
-- as the database owner.
create function public.enqueue_manager_digests(p_day date default null, p_time_zone text default 'UTC')
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_day date := coalesce(p_day, (now() at time zone p_time_zone)::date - 1);
  v_from timestamptz := v_day::timestamp at time zone p_time_zone;
  v_to timestamptz := (v_day + 1)::timestamp at time zone p_time_zone;
  v_totals jsonb;
  v_count integer;
begin
  select jsonb_build_object(
      'calls', (select count(*) from public.interactions i
                 where i.type = 'call' and i.occurred_at >= v_from and i.occurred_at < v_to),
      'new_leads', (select count(*) from public.leads l where l.created_at >= v_from and l.created_at < v_to),
      'callbacks_done', (select count(*) from public.callbacks c
                          where c.state = 'done' and c.closed_at >= v_from and c.closed_at < v_to),
      'callbacks_missed', (select count(*) from public.callbacks c
                            where c.state = 'missed' and c.due_at >= v_from and c.due_at < v_to))
    into v_totals;
  select count(private.enqueue_email(
           'manager_digest', p.email,
           v_totals || jsonb_build_object('day', v_day, 'time_zone', p_time_zone, 'full_name', p.full_name),
           format('manager-digest:%s:%s', p.id, v_day)))::integer
    into v_count
    from public.profiles p
   where p.role = 'manager' and p.is_active and p.email is not null;
  return v_count;
end;
$$;

revoke all on function public.enqueue_manager_digests(date, text) from public, anon, authenticated;
grant execute on function public.enqueue_manager_digests(date, text) to service_role;

revoke all on function
  private.enqueue_email(text, text, jsonb, text, timestamptz),
  private.enqueue_callback_reminder(),
  private.enqueue_assessment_invitation()
  from public;
revoke all on function
  public.enqueue_email(text, text, jsonb, text, timestamptz),
  public.claim_emails(integer, integer),
  public.settle_email(uuid, uuid, text, text, text, integer, numeric)
  from public, anon, authenticated;
grant execute on function public.enqueue_email(text, text, jsonb, text, timestamptz)
  to authenticated, service_role;
grant execute on function
  public.claim_emails(integer, integer),
  public.settle_email(uuid, uuid, text, text, text, integer, numeric)
  to service_role;
