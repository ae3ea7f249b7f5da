-- The admin's email queue (migration email_outbox_admin): email_outbox_counts gives every state's count
-- to admins only; email_requeue sends a dead email again for an active admin at aal2, refuses anything
-- that is not dead, and records who did it in the audit log.
begin;
\ir _support/helpers.psql
select plan(16);

delete from public.email_outbox;
select tests.act_as('service_role');
insert into public.email_outbox (template, recipient, dedupe_key, state, attempts, last_error)
values ('manager_note', 'a@example.com', 'admin-q-1', 'queued', 0, null),
       ('manager_note', 'b@example.com', 'admin-q-2', 'queued', 1, 'Brevo 503'),
       ('manager_note', 'c@example.com', 'admin-dead', 'dead', 8, 'gave up after 8 attempts: Brevo 500');
insert into public.email_outbox (template, recipient, dedupe_key, state, sent_at)
values ('manager_note', 'd@example.com', 'admin-sent', 'sent', now());

-- ---- Counts: every state, even an empty one, for admins only ----
select tests.act_as('admin');
select results_eq(
  $$ select state, emails::integer from public.email_outbox_counts() $$,
  $$ values ('queued', 2), ('sending', 0), ('sent', 1), ('dead', 1) $$,
  'an admin gets the count of every state, in queue order, an empty one as 0');
select is((select oldest_at is not null from public.email_outbox_counts() where state = 'queued'), true,
  'with when the oldest of them was queued');
select tests.act_as('manager');
select is(tests.refusal('select * from public.email_outbox_counts()'), 'FORBIDDEN',
  'a manager does not see the email queue''s counts');
select tests.act_as('tc1');
select is(tests.refusal('select * from public.email_outbox_counts()'), 'FORBIDDEN',
  'nor does a telecaller');
select ok(not has_function_privilege('anon', 'public.email_outbox_counts()', 'execute')
  and not has_function_privilege('anon', 'public.email_requeue(uuid)', 'execute'),
  'anon may call neither function');

-- ---- Requeue: a dead email, by an active admin at aal2 ----
select tests.act_as('tc1');
select is(tests.refusal(format('select public.email_requeue(%L)',
  (select id from public.email_outbox where dedupe_key = 'admin-dead'))), 'FORBIDDEN',
  'a telecaller cannot send a dead email again');
select tests.act_as('manager', 'aal2');
select is(tests.refusal(format('select public.email_requeue(%L)',
  (select id from public.email_outbox where dedupe_key = 'admin-dead'))), 'FORBIDDEN',
  'nor can a manager, even at aal2');
select tests.act_as('admin');
select is(tests.refusal(format('select public.email_requeue(%L)',
  (select id from public.email_outbox where dedupe_key = 'admin-dead'))), 'AAL2_REQUIRED',
  'an admin at aal1 is asked for a second factor first');
select tests.act_as('admin', 'aal2');
select is(tests.refusal(format('select public.email_requeue(%L)',
  (select id from public.email_outbox where dedupe_key = 'admin-q-2'))), 'EMAIL_NOT_DEAD',
  'a queued email is not sent again: it is still on its way');
select is(tests.refusal(format('select public.email_requeue(%L)',
  (select id from public.email_outbox where dedupe_key = 'admin-sent'))), 'EMAIL_NOT_DEAD',
  'a sent email is never sent twice');
select is(tests.refusal($$ select public.email_requeue('00000000-0000-4000-8000-00000000feed') $$),
  'EMAIL_NOT_FOUND', 'an id nobody has is EMAIL_NOT_FOUND');
select is(
  (select (r).state || '/' || (r).attempts from (select public.email_requeue(
    (select id from public.email_outbox where dedupe_key = 'admin-dead')) as r) x),
  'queued/0', 'an admin at aal2 queues the dead email again with a fresh set of attempts');
select is((select next_attempt_at <= now() from public.email_outbox where dedupe_key = 'admin-dead'), true,
  'due at once');
select is((select count(*)::integer from public.audit_log
            where action = 'email_requeued' and entity = 'email_outbox'
              and actor_id = tests.user_id('admin')
              and old_value ->> 'last_error' = 'gave up after 8 attempts: Brevo 500'), 1,
  'the audit log records who sent it again and why it had died');
select is(tests.refusal(format('select public.email_requeue(%L)',
  (select id from public.email_outbox where dedupe_key = 'admin-dead'))), 'EMAIL_NOT_DEAD',
  'sending it again twice is refused: it is queued now');

-- ---- The sender then claims it as any other due email ----
select tests.act_as('service_role');
select is((select count(*)::integer from public.claim_emails(10, 60) c
            where c.recipient = 'c@example.com'), 1,
  'the sender claims the requeued email');

select * from finish();
rollback;
