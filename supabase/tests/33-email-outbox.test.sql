-- The email outbox (migration email_outbox): admins read it and nobody writes it directly; enqueueing is
-- idempotent by dedupe key and records an unsubscribed address as dead; claim_emails leases due rows to
-- one sender and gives them back after the lease; settle_email records sent, retries with back-off or
-- dies, and ignores a stale claim; callbacks and assessment assignments enqueue their mail.
begin;
\ir _support/helpers.psql
select plan(51);

-- The seed's assignments and callbacks queued their own mail; this file counts only its own.
delete from public.email_outbox;

-- ---- Tables: row-level security; admins read; request roles never write the outbox ----
select ok((select relrowsecurity from pg_class where oid = 'public.email_outbox'::regclass),
  'email_outbox has row-level security');
select ok((select relrowsecurity from pg_class where oid = 'public.email_unsubscribes'::regclass),
  'email_unsubscribes has row-level security');
select policies_are('public', 'email_outbox', array['email_outbox_select'],
  'email_outbox has only its read policy');
select ok(not has_table_privilege('authenticated', 'public.email_outbox', 'insert')
  and not has_table_privilege('authenticated', 'public.email_outbox', 'update')
  and not has_table_privilege('authenticated', 'public.email_outbox', 'delete'),
  'signed-in people cannot write the outbox');
select ok(not has_table_privilege('anon', 'public.email_outbox', 'select')
  and not has_table_privilege('anon', 'public.email_unsubscribes', 'select'),
  'anon reads neither table');

-- ---- Functions: claim and settle for the service role only; enqueue for staff and the service role ----
select ok(not has_function_privilege('authenticated', 'public.claim_emails(integer, integer)', 'execute')
  and not has_function_privilege('anon', 'public.claim_emails(integer, integer)', 'execute'),
  'request roles cannot claim emails');
select ok(not has_function_privilege('authenticated',
    'public.settle_email(uuid, uuid, text, text, text, integer, numeric)', 'execute'),
  'signed-in people cannot settle emails');
select ok(has_function_privilege('service_role', 'public.claim_emails(integer, integer)', 'execute'),
  'the service role claims emails');
select ok(not has_function_privilege('anon', 'public.enqueue_email(text, text, jsonb, text, timestamptz)', 'execute'),
  'anon cannot enqueue email');

select tests.act_as('tc1');
select throws_ok($$ select public.enqueue_email('callback_reminder', 'someone@example.com', '{}', 'tc1-own') $$,
  '42501', null, 'a telecaller cannot mail an address of their choosing');
select tests.act_as('manager');
select throws_ok($$ select public.enqueue_email('manager_note', 'someone@example.com', '{}', null) $$,
  '22023', null, 'an email without a dedupe key is refused');
select lives_ok($$ select public.enqueue_email('manager_note', 'Someone@Example.com ', '{"n": 1}', 'note-1') $$,
  'a manager enqueues an email');
select is((select count(*)::integer from public.email_outbox), 0, 'a manager reads no outbox rows');
select throws_ok($$ insert into public.email_outbox (template, recipient, dedupe_key) values ('x', 'a@b.c', 'direct') $$,
  '42501', null, 'a manager cannot insert into the outbox directly');
select tests.act_as('admin');
select is((select recipient from public.email_outbox where dedupe_key = 'note-1'), 'someone@example.com',
  'an admin reads the outbox; the recipient is stored trimmed and lower case');
select is((select count(*)::integer from public.email_outbox
            where dedupe_key = 'note-1' and state = 'queued' and attempts = 0), 1, 'it waits queued');

-- ---- Enqueue: idempotent by dedupe key; an unsubscribed address is recorded dead ----
select tests.act_as('service_role');
select is(public.enqueue_email('manager_note', 'other@example.com', '{"n": 2}', 'note-1'),
  (select id from public.email_outbox where dedupe_key = 'note-1'), 'the same dedupe key answers the first row''s id');
select is((select count(*)::integer from public.email_outbox where dedupe_key = 'note-1'), 1,
  'and makes no second row');
select is((select variables ->> 'n' from public.email_outbox where dedupe_key = 'note-1'), '1',
  'the first content stands');
insert into public.email_unsubscribes (email, reason) values ('gone@example.com', 'asked by phone');
select public.enqueue_email('manager_note', 'GONE@example.com', '{}', 'note-gone');
select results_eq($$ select state, last_error from public.email_outbox where dedupe_key = 'note-gone' $$,
  $$ values ('dead'::text, 'unsubscribed'::text) $$, 'an unsubscribed address is recorded dead, reason unsubscribed');
select tests.act_as('tc1');
select throws_ok($$ insert into public.email_unsubscribes (email) values ('x@example.com') $$, '42501', null,
  'a telecaller cannot change the unsubscribe list');
select tests.act_as('admin');
select lives_ok($$ insert into public.email_unsubscribes (email) values ('late@example.com') $$,
  'an admin adds an address to the unsubscribe list');

-- ---- Claim: due rows, leased to one sender ----
select tests.act_as('service_role');
select public.enqueue_email('manager_note', 'later@example.com', '{}', 'note-later', now() + interval '1 hour');
select public.enqueue_email('manager_note', 'late@example.com', '{}', 'note-late');
create temp table claims as select * from public.claim_emails(10, 60);
select is((select array_agg(o.dedupe_key order by o.dedupe_key) from claims c join public.email_outbox o using (id)),
  array['note-1'], 'claim hands out the due row only (not the later one, not the unsubscribed one)');
select results_eq($$ select state, last_error from public.email_outbox where dedupe_key = 'note-late' $$,
  $$ values ('dead'::text, 'unsubscribed'::text) $$, 'an address unsubscribed after enqueueing dies at the claim');
select results_eq(
  $$ select state, attempts, next_attempt_at > now(), claim_id = (select claim_id from claims)
       from public.email_outbox where dedupe_key = 'note-1' $$,
  $$ values ('sending'::text, 1, true, true) $$, 'the claimed row is sending, attempt 1, under a lease');
select is((select count(*)::integer from public.claim_emails(10, 60)), 0, 'a leased row is not claimed again');
select throws_ok($$ select * from public.claim_emails(0, 60) $$, '22023', null, 'a limit below 1 is refused');

-- The sender died: its lease ends and another claim takes the row.
select tests.act_as('postgres');
update public.email_outbox set next_attempt_at = now() - interval '1 second' where dedupe_key = 'note-1';
select tests.act_as('service_role');
create temp table reclaims as select * from public.claim_emails(10, 60);
select results_eq($$ select r.attempts, r.claim_id <> c.claim_id from reclaims r, claims c $$,
  $$ values (2, true) $$, 'after the lease the row is claimed again, attempt 2, under a new claim');

-- ---- Settle ----
select is(public.settle_email((select id from claims), (select claim_id from claims), 'retry', null, 'HTTP 500'),
  'sending', 'a retry from the older claim is ignored');
select is(public.settle_email((select id from reclaims), (select claim_id from reclaims), 'retry', null,
  'HTTP 429', 120, 1), 'queued', 'a retry from the holding claim queues the row again');
select results_eq(
  $$ select state, last_error, next_attempt_at >= now() + interval '120 seconds', claim_id is null
       from public.email_outbox where dedupe_key = 'note-1' $$,
  $$ values ('queued'::text, 'HTTP 429'::text, true, true) $$, 'not before Retry-After, with the error kept');

select tests.act_as('postgres');
update public.email_outbox set next_attempt_at = now() where dedupe_key = 'note-1';
select tests.act_as('service_role');
create temp table released as select * from public.claim_emails(10, 60);
select is(public.settle_email((select id from released), (select claim_id from released), 'release', null,
  'Brevo paused sending', 0), 'queued', 'a released row is queued again');
select results_eq($$ select attempts, last_error from public.email_outbox where dedupe_key = 'note-1' $$,
  $$ values (2, 'Brevo paused sending'::text) $$, 'without spending the attempt');
create temp table third as select * from public.claim_emails(10, 60);
select public.settle_email((select id from third), (select claim_id from third), 'retry', null, 'HTTP 503', null, 10);
select ok((select next_attempt_at between now() + interval '20 seconds' and now() + interval '40 seconds'
             from public.email_outbox where dedupe_key = 'note-1'),
  'the back-off doubles per attempt (10 s base, attempt 3: 40 s), jittered down by up to half');

select is(public.settle_email((select id from claims), (select claim_id from claims), 'sent', 'brevo-msg-1'),
  'sent', 'a sent answer is recorded even from an older claim: the mail went out');
select results_eq($$ select state, provider_message_id, sent_at is not null from public.email_outbox where dedupe_key = 'note-1' $$,
  $$ values ('sent'::text, 'brevo-msg-1'::text, true) $$, 'the row is sent with Brevo''s message id');
select is(public.settle_email((select id from claims), (select claim_id from claims), 'retry', null, 'late'),
  'sent', 'settling a sent row changes nothing');
select is((select count(*)::integer from public.claim_emails(10, 60) c
            join public.email_outbox o using (id) where o.dedupe_key = 'note-1'), 0, 'a sent row is never claimed');

-- A hard failure dies at once; the last attempt's failure dies too; so does a last lease that ended.
select public.enqueue_email('manager_note', 'bad@example.com', '{}', 'note-bad');
select public.enqueue_email('manager_note', 'once@example.com', '{}', 'note-once');
select public.enqueue_email('manager_note', 'killed@example.com', '{}', 'note-killed');
select tests.act_as('postgres');
update public.email_outbox set max_attempts = 1 where dedupe_key in ('note-once', 'note-killed');
select tests.act_as('service_role');
create temp table batch as select * from public.claim_emails(10, 60);
select is((select count(*)::integer from batch), 3, 'the three new rows are claimed');
select is(public.settle_email((select id from batch where recipient = 'bad@example.com'),
  (select claim_id from batch where recipient = 'bad@example.com'), 'dead', null, 'HTTP 400: invalid_parameter'),
  'dead', 'a hard failure is dead at once');
select is(public.settle_email((select id from batch where recipient = 'once@example.com'),
  (select claim_id from batch where recipient = 'once@example.com'), 'retry', null, 'HTTP 500'),
  'dead', 'a failure on the last attempt is dead');
select is((select last_error from public.email_outbox where dedupe_key = 'note-once'),
  'gave up after 1 attempts: HTTP 500', 'with the attempts and the last error');
select tests.act_as('postgres');
update public.email_outbox set next_attempt_at = now() - interval '1 second' where dedupe_key = 'note-killed';
select tests.act_as('service_role');
select is((select count(*)::integer from public.claim_emails(10, 60)), 0, 'a last lease that ended is not handed out');
select alike((select state || ': ' || last_error from public.email_outbox where dedupe_key = 'note-killed'),
  'dead: gave up after 1 attempts: the sender stopped%', 'it is dead, saying the sender stopped');

-- ---- Triggers: assessment invitations and callback reminders ----
select tests.act_as('postgres');
insert into public.assessments (id, title) values ('00000000-0000-4000-8000-0000000000e1', 'Email test assessment');
insert into public.assessment_assignments (assessment_id, user_id)
values ('00000000-0000-4000-8000-0000000000e1', tests.user_id('user'));
select results_eq(
  $$ select o.template, o.recipient, o.variables ->> 'assessment_title', o.state from public.email_outbox o
      where o.dedupe_key = 'assessment-invitation:' || (select a.id from public.assessment_assignments a
        where a.assessment_id = '00000000-0000-4000-8000-0000000000e1') $$,
  $$ select 'assessment_invitation'::text, (select email from public.profiles where id = tests.user_id('user')),
       'Email test assessment'::text, 'queued'::text $$,
  'an assignment queues one invitation to its person');

insert into public.callbacks (id, lead_id, owner_id, due_at)
values ('00000000-0000-4000-8000-0000000000c1', tests.lead_id(5), tests.user_id('tc1'), now() + interval '1 hour');
select results_eq(
  $$ select recipient, state, next_attempt_at from public.email_outbox
      where template = 'callback_reminder' and variables ->> 'callback_id' = '00000000-0000-4000-8000-0000000000c1' $$,
  $$ select (select email from public.profiles where id = tests.user_id('tc1')), 'queued'::text,
       now() + interval '50 minutes' $$,
  'a pending callback queues a reminder to its owner ten minutes before it is due');
update public.callbacks set due_at = now() + interval '2 hours' where id = '00000000-0000-4000-8000-0000000000c1';
select results_eq(
  $$ select state, next_attempt_at from public.email_outbox
      where template = 'callback_reminder' and variables ->> 'callback_id' = '00000000-0000-4000-8000-0000000000c1'
      order by next_attempt_at $$,
  $$ values ('dead'::text, now() + interval '50 minutes'), ('queued'::text, now() + interval '110 minutes') $$,
  'a moved callback cancels the old reminder and queues one for its new time');
update public.callbacks set state = 'done' where id = '00000000-0000-4000-8000-0000000000c1';
select is((select count(*)::integer from public.email_outbox
            where template = 'callback_reminder' and state = 'queued'
              and variables ->> 'callback_id' = '00000000-0000-4000-8000-0000000000c1'), 0,
  'a closed callback reminds nobody');

-- ---- The managers' daily digest: once per manager and day ----
select ok(not has_function_privilege('authenticated', 'public.enqueue_manager_digests(date, text)', 'execute'),
  'signed-in people cannot enqueue digests');
select tests.act_as('service_role');
select is(public.enqueue_manager_digests('2026-12-01'),
  (select count(*)::integer from public.profiles where role = 'manager' and is_active and email is not null),
  'a digest for each active manager');
select public.enqueue_manager_digests('2026-12-01');
select results_eq(
  $$ select recipient, variables ->> 'day', (variables ? 'calls') and (variables ? 'callbacks_missed')
       from public.email_outbox where template = 'manager_digest' $$,
  $$ select (select email from public.profiles where id = tests.user_id('manager')), '2026-12-01'::text, true $$,
  'run twice, the manager still gets one digest for the day, with the floor''s counts');

select * from finish();
rollback;
