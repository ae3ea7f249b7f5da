-- Sync push (docs/sync-protocol.md): once-only application by (client, seq), stored answers,
-- gaps and foreign clients refused, one subtransaction per mutation, and each operation's
-- authorisation, refusals and conflicts.
-- Seed fixtures: lead 2 is tc2's (tc1 never held it). The file makes its own leads for tc1.
begin;
\ir _support/helpers.psql
\ir _support/sync-helpers.psql
select plan(78);

select tests.act_as('postgres');
create function tests.fixture(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('f0000000', n) $$;
create function tests.client(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('c0000000', n) $$;
create function tests.m(p_seq integer, p_op text, p_args jsonb) returns jsonb language sql immutable
  as $$ select tests.mutation(p_seq, p_op, p_args, '2026-11-25T10:00:00Z') $$;
create table tests.pushes (n bigint generated always as identity, answer jsonb);
-- Pushes as the current actor and keeps the answer for later assertions.
create function tests.push(p_client uuid, p_mutations jsonb) returns jsonb language plpgsql
  as $$ declare a jsonb; begin a := public.sync_push(p_client, p_mutations); insert into tests.pushes (answer) values (a); return a; end $$;
create function tests.last() returns jsonb language sql stable
  as $$ select answer from tests.pushes order by n desc limit 1 $$;
-- status, code and flag of result i, the parts a client acts on.
create function tests.brief(p_answer jsonb, i integer default 0) returns jsonb language sql immutable
  as $$ select jsonb_strip_nulls(jsonb_build_object('status', r -> 'status', 'code', r -> 'code', 'flag', r -> 'flag'))
          from (select p_answer -> 'results' -> i as r) x $$;
grant select, insert on tests.pushes to authenticated;
grant usage on all sequences in schema tests to authenticated;
grant execute on all functions in schema tests to anon, authenticated, service_role;

-- tc1's leads: 1 new, 2 new and on dnc_list since an hour ago, 3 reassigned to tc2 an hour ago... (below), 4 lost.
insert into leads (id, name, phone_e164, company, status, assigned_to) values
  (tests.fixture(1), 'Fixture One', '+99912345601', 'Fixture Co', 'new', tests.user_id('tc1')),
  (tests.fixture(2), 'Fixture Two', '+99912345602', 'Fixture Co', 'new', tests.user_id('tc1')),
  (tests.fixture(3), 'Fixture Three', '+99912345603', 'Fixture Co', 'new', tests.user_id('tc1')),
  (tests.fixture(4), 'Fixture Four', '+99912345604', 'Fixture Co', 'lost', tests.user_id('tc1'));
insert into dnc_list (phone_e164, reason, created_at) values ('+99912345602', 'Complaint', now() - interval '1 hour');
-- Lead 3 was tc1's from two hours ago until the manager moves it to tc2 (now).
update lead_assignments set assigned_at = now() - interval '2 hours' where lead_id = tests.fixture(3);
insert into callbacks (id, lead_id, owner_id, due_at) values (tests.fixture(20), tests.lead_id(2), tests.user_id('tc2'), now() + interval '1 day');
select tests.act_as('manager');
update leads set assigned_to = tests.user_id('tc2') where id = tests.fixture(3);

-- ---- The RPC itself ----
select tests.act_as('anon');
select is(tests.run(format($$ select sync_push(%L, '[]') $$, tests.client(1))), '42501', 'anon cannot push');
select tests.act_as('tc1');
select is(tests.run(format($$ select sync_push(%L, '{}') $$, tests.client(1))), '22023', 'mutations that are not an array are malformed input');
select is(tests.run(format($$ select sync_push(%L, '[{"id": "%s", "op": "add_note"}]') $$, tests.client(1), tests.fixture(99))), '22023',
  'a mutation without a seq is malformed input');

-- ---- Applied once; duplicates answer from the store ----
select is(tests.brief(tests.push(tests.client(1), jsonb_build_array(tests.m(1, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(101), 'lead_id', tests.fixture(1), 'disposition', 'INT', 'notes', 'Keen',
    'duration_seconds', 95, 'occurred_at', now() - interval '5 minutes', 'status_from', 'new', 'status_to', 'qualified'))))),
  '{"status": "applied"}', 'a logged call is applied');
select is(tests.last() -> 'last_seq', '1', 'the answer carries the last seq recorded for the client');
select tests.act_as('postgres');
select is((select count(*) from interactions where id = tests.fixture(101) and created_by = tests.user_id('tc1') and type = 'call' and duration_seconds = 95),
  1::bigint, 'the call is recorded once, attributed to the caller');
select is((select status || '/' || attempts from leads where id = tests.fixture(1)), 'qualified/1', 'the lead moved and counted the attempt');
select tests.act_as('tc1');
select is((tests.push(tests.client(1), jsonb_build_array(tests.m(1, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(101), 'lead_id', tests.fixture(1), 'disposition', 'INT', 'notes', 'Keen',
    'duration_seconds', 95, 'occurred_at', now() - interval '5 minutes', 'status_from', 'new', 'status_to', 'qualified')))) -> 'results' -> 0)
    - 'id' - 'seq',
  '{"status": "duplicate", "original_status": "applied"}', 'a resent seq is a duplicate carrying the stored answer');
select tests.act_as('postgres');
select is((select attempts from leads where id = tests.fixture(1)), 1, 'the duplicate had no effect');

-- ---- Gaps, reused seqs and foreign clients ----
select tests.act_as('tc1');
select is(tests.push(tests.client(1), jsonb_build_array(tests.m(3, 'add_note', jsonb_build_object(
    'interaction_id', tests.fixture(102), 'lead_id', tests.fixture(1), 'content', 'Skipped ahead', 'occurred_at', now())))),
  '{"last_seq": 1, "results": [], "error": {"code": "SYNC_SEQ_GAP", "expected": 2}}', 'a gap is refused with the seq expected');
select is((select count(*) from interactions where id = tests.fixture(102)), 0::bigint, 'nothing after a gap is applied');
select is(tests.brief(tests.push(tests.client(1), jsonb_build_array(tests.m(1, 'add_note', jsonb_build_object(
    'interaction_id', tests.fixture(103), 'lead_id', tests.fixture(1), 'content', 'Other write', 'occurred_at', now()))))),
  '{"status": "rejected", "code": "SYNC_SEQ_REUSED"}', 'an applied seq sent with a different mutation is refused, not dropped');
select tests.act_as('tc2');
select is(tests.push(tests.client(1), jsonb_build_array(tests.m(2, 'add_note', jsonb_build_object(
    'interaction_id', tests.fixture(104), 'lead_id', tests.lead_id(2), 'content', 'Hijack', 'occurred_at', now())))),
  '{"last_seq": 0, "results": [], "error": {"code": "SYNC_CLIENT_MISMATCH"}}', 'a client id belongs to the first user who pushed with it');
select is((select count(*) from interactions where id = tests.fixture(104)), 0::bigint, 'another user''s push on it applies nothing');

-- ---- One subtransaction per mutation ----
select tests.act_as('tc1');
select is(
  (select array_agg(r ->> 'status' order by (r ->> 'seq')::integer)
     from jsonb_array_elements(tests.push(tests.client(1), jsonb_build_array(
       tests.m(2, 'add_note', jsonb_build_object('interaction_id', tests.fixture(105), 'lead_id', tests.fixture(1), 'content', 'Before', 'occurred_at', now())),
       tests.m(3, 'update_contact', jsonb_build_object('lead_id', tests.fixture(1), 'base', '{}'::jsonb,
                                                       'set', jsonb_build_object('name', 'Renamed', 'email', 'not-an-email'))),
       tests.m(4, 'schedule_callback', jsonb_build_object('callback_id', tests.fixture(201), 'lead_id', tests.fixture(1),
                                                          'due_at', now() + interval '1 day', 'note', 'After', 'scope', 'personal'))
     )) -> 'results') as r),
  array['applied', 'rejected', 'applied'], 'a refused mutation sits between two applied ones in one batch');
select ok((select r ->> 'code' = 'INVALID_MUTATION' and r ->> 'message' like 'leads_email_check:%' from (select tests.last() -> 'results' -> 1 as r) x),
  'a check violation is INVALID_MUTATION naming the constraint');
select tests.act_as('postgres');
select is((select count(*) from interactions where id = tests.fixture(105)) + (select count(*) from callbacks where id = tests.fixture(201)),
  2::bigint, 'the mutations around the refused one are applied');
select is((select name from leads where id = tests.fixture(1)), 'Fixture One', 'the refused mutation left nothing behind (not even its valid field)');
select is((select array_agg(seq || ':' || status order by seq) from sync.mutations where client_id = tests.client(1)),
  array['1:applied', '2:applied', '3:rejected', '4:applied'], 'every answer is stored by seq');
select is((select last_seq from sync.clients where client_id = tests.client(1)), 4::bigint, 'the client''s last seq moved with them');

-- ---- log_call refusals and conflicts ----
select tests.act_as('tc1');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(1, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(110), 'lead_id', tests.fixture(999), 'disposition', 'NA',
    'occurred_at', now(), 'status_from', 'new', 'status_to', 'new'))))),
  '{"status": "rejected", "code": "LEAD_NOT_FOUND"}', 'a call on an unknown lead is LEAD_NOT_FOUND');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(2, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(111), 'lead_id', tests.lead_id(2), 'disposition', 'NA',
    'occurred_at', now(), 'status_from', 'new', 'status_to', 'new'))))),
  '{"status": "rejected", "code": "FORBIDDEN"}', 'a call on a lead the caller never held is FORBIDDEN');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(3, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(112), 'lead_id', tests.fixture(2), 'disposition', 'NA',
    'occurred_at', now() - interval '30 minutes', 'status_from', 'new', 'status_to', 'new'))))),
  '{"status": "rejected", "code": "DNC_LEAD"}', 'a call made after the number went on dnc_list is DNC_LEAD');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(4, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(113), 'lead_id', tests.fixture(2), 'disposition', 'NA',
    'occurred_at', now() - interval '2 hours', 'status_from', 'new', 'status_to', 'new'))))),
  '{"status": "applied"}', 'a call made before the listing is still recorded');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(5, 'log_call', jsonb_build_object(
    'lead_id', tests.fixture(1), 'disposition', 'NA', 'occurred_at', now(), 'status_from', 'new', 'status_to', 'new'))))),
  '{"status": "rejected", "code": "INVALID_MUTATION"}', 'a call without interaction_id is INVALID_MUTATION');
select is(tests.push(tests.client(2), jsonb_build_array(tests.m(6, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(114), 'lead_id', tests.fixture(1), 'disposition', 'NOPE',
    'occurred_at', now(), 'status_from', 'qualified', 'status_to', 'qualified')))) -> 'results' -> 0 ->> 'message'
    like 'interactions_disposition_fkey:%', true, 'an unknown disposition is INVALID_MUTATION naming the foreign key');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(7, 'log_call', jsonb_build_object(
    'interaction_id', 'not-a-uuid', 'lead_id', tests.fixture(1), 'disposition', 'NA',
    'occurred_at', now(), 'status_from', 'new', 'status_to', 'new'))))),
  '{"status": "rejected", "code": "INVALID_MUTATION"}', 'a malformed id in args is INVALID_MUTATION, not an RPC error');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(8, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(115), 'lead_id', tests.fixture(1), 'disposition', 'NI',
    'occurred_at', now(), 'status_from', 'new', 'status_to', 'lost'))))),
  '{"status": "conflict", "code": "SYNC_CONFLICT"}', 'a call whose status_from is stale is a conflict');
select ok((select r -> 'server_row' ->> 'status' = 'qualified' and (r -> 'server_row' ->> 'id')::uuid = tests.fixture(1)
             from (select tests.last() -> 'results' -> 0 as r) x),
  'the conflict carries the server row');
select tests.act_as('postgres');
select is((select status || '/' || (select count(*) from interactions where id = tests.fixture(115)) from leads where id = tests.fixture(1)),
  'qualified/1', 'the conflicting call is recorded and the status left alone');
select tests.act_as('tc1');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(9, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(116), 'lead_id', tests.fixture(4), 'disposition', 'INT',
    'occurred_at', now(), 'status_from', 'lost', 'status_to', 'contacted'))))),
  '{"status": "conflict", "code": "STATUS_MOVE_NOT_ALLOWED"}', 'a call that would reopen a lost lead is a conflict for a telecaller');
select is(tests.brief(tests.push(tests.client(2), jsonb_build_array(tests.m(10, 'reopen_everything', '{}'::jsonb)))),
  '{"status": "rejected", "code": "INVALID_MUTATION"}', 'an unknown op is INVALID_MUTATION');

-- ---- set_status ----
select is(tests.brief(tests.push(tests.client(3), jsonb_build_array(tests.m(1, 'set_status', jsonb_build_object(
    'lead_id', tests.fixture(1), 'from', 'new', 'to', 'contacted', 'base_version', 1))))),
  '{"status": "conflict", "code": "SYNC_CONFLICT"}', 'set_status from a stale status is a conflict');
select is(tests.last() -> 'results' -> 0 -> 'server_row' ->> 'status', 'qualified', 'with the server row');
select is(tests.brief(tests.push(tests.client(3), jsonb_build_array(tests.m(2, 'set_status', jsonb_build_object(
    'lead_id', tests.fixture(4), 'from', 'lost', 'to', 'contacted', 'base_version', 1))))),
  '{"status": "rejected", "code": "STATUS_MOVE_NOT_ALLOWED"}', 'a telecaller cannot reopen a lost lead');
select tests.act_as('postgres');
select is((select array_agg(seq || ':' || kind order by seq) from sync.conflicts where client_id = tests.client(3)),
  array['1:status_conflict', '2:status_move_not_allowed'], 'both are logged in sync.conflicts');
select tests.act_as('tc1');
select is(tests.brief(tests.push(tests.client(3), jsonb_build_array(tests.m(3, 'set_status', jsonb_build_object(
    'lead_id', tests.fixture(1), 'from', 'qualified', 'to', 'converted', 'base_version', 3))))),
  '{"status": "applied"}', 'an allowed move from the server status is applied');
select is(tests.brief(tests.push(tests.client(3), jsonb_build_array(tests.m(4, 'set_status', jsonb_build_object(
    'lead_id', tests.lead_id(2), 'from', 'new', 'to', 'lost', 'base_version', 1))))),
  '{"status": "rejected", "code": "FORBIDDEN"}', 'set_status on another''s lead is FORBIDDEN');
select tests.act_as('manager');
select is(tests.brief(tests.push(tests.client(4), jsonb_build_array(tests.m(1, 'set_status', jsonb_build_object(
    'lead_id', tests.fixture(4), 'from', 'lost', 'to', 'contacted', 'base_version', 1))))),
  '{"status": "applied"}', 'a manager reopens a lost lead (a by-manager move)');
select tests.act_as('postgres');
select is((select status from leads where id = tests.fixture(4)), 'contacted', 'the reopened lead is contacted');

-- ---- Callbacks ----
select tests.act_as('tc1');
select is(tests.brief(tests.push(tests.client(5), jsonb_build_array(tests.m(1, 'schedule_callback', jsonb_build_object(
    'callback_id', tests.fixture(202), 'lead_id', tests.lead_id(2), 'due_at', now() + interval '1 day', 'note', '', 'scope', 'personal'))))),
  '{"status": "rejected", "code": "FORBIDDEN"}', 'scheduling on another''s lead is FORBIDDEN');
select is(tests.brief(tests.push(tests.client(5), jsonb_build_array(tests.m(2, 'schedule_callback', jsonb_build_object(
    'callback_id', tests.fixture(203), 'lead_id', tests.fixture(1), 'due_at', now() + interval '2 days', 'note', 'Call back', 'scope', 'personal'))))),
  '{"status": "applied"}', 'a callback on an own lead is scheduled');
select is(tests.brief(tests.push(tests.client(5), jsonb_build_array(tests.m(3, 'schedule_callback', jsonb_build_object(
    'callback_id', tests.fixture(203), 'lead_id', tests.fixture(1), 'due_at', now() + interval '3 days', 'note', 'Again', 'scope', 'personal'))))),
  '{"status": "applied"}', 'the same callback id again is applied (insert on conflict do nothing)');
select tests.act_as('postgres');
select is((select count(*) || '/' || min(owner_id::text) || '/' || min(note) from callbacks where id = tests.fixture(203)),
  '1/' || tests.user_id('tc1') || '/Call back', 'one personal callback, owned by the caller, as first sent');
select tests.act_as('tc1');
select is(tests.brief(tests.push(tests.client(5), jsonb_build_array(tests.m(4, 'complete_callback', jsonb_build_object(
    'callback_id', tests.fixture(299), 'state', 'done'))))),
  '{"status": "rejected", "code": "CALLBACK_NOT_FOUND"}', 'completing an unknown callback is CALLBACK_NOT_FOUND');
select is(tests.brief(tests.push(tests.client(5), jsonb_build_array(tests.m(5, 'complete_callback', jsonb_build_object(
    'callback_id', tests.fixture(203), 'state', 'done'))))),
  '{"status": "applied"}', 'a pending callback is closed');
select is(tests.brief(tests.push(tests.client(5), jsonb_build_array(tests.m(6, 'complete_callback', jsonb_build_object(
    'callback_id', tests.fixture(203), 'state', 'cancelled'))))),
  '{"status": "applied"}', 'closing a closed callback is applied (idempotent)');
select tests.act_as('postgres');
select is((select state from callbacks where id = tests.fixture(203)), 'done', 'and keeps its first outcome');
select tests.act_as('tc1');
select is(tests.brief(tests.push(tests.client(5), jsonb_build_array(tests.m(7, 'complete_callback', jsonb_build_object(
    'callback_id', tests.fixture(20), 'state', 'done'))))),
  '{"status": "rejected", "code": "FORBIDDEN"}', 'closing tc2''s callback is FORBIDDEN');
select is(tests.brief(tests.push(tests.client(5), jsonb_build_array(tests.m(8, 'complete_callback', jsonb_build_object(
    'callback_id', tests.fixture(201), 'state', 'missed'))))),
  '{"status": "rejected", "code": "INVALID_MUTATION"}', 'only done and cancelled are states a client sets');

-- ---- update_contact ----
select is(tests.brief(tests.push(tests.client(6), jsonb_build_array(tests.m(1, 'update_contact', jsonb_build_object(
    'lead_id', tests.fixture(1), 'base', jsonb_build_object('company', 'Old Co'), 'set', jsonb_build_object('company', 'New Co')))))),
  '{"status": "applied", "flag": "field_conflict"}', 'a field changed on the server since the base is written and flagged');
select tests.act_as('postgres');
select is((select company from leads where id = tests.fixture(1)), 'New Co', 'the last writer by server order wins');
select is((select array[field, base #>> '{}', attempted #>> '{}', server #>> '{}'] from sync.conflicts where client_id = tests.client(6)),
  array['company', 'Old Co', 'New Co', 'Fixture Co'], 'the field conflict is logged with base, attempt and server value');
select tests.act_as('tc1');
select is(tests.brief(tests.push(tests.client(6), jsonb_build_array(tests.m(2, 'update_contact', jsonb_build_object(
    'lead_id', tests.fixture(1), 'base', jsonb_build_object('company', 'New Co'), 'set', jsonb_build_object('company', 'Newer Co', 'time_zone', 'Asia/Kolkata')))))),
  '{"status": "applied"}', 'a matching base is applied without a flag');
select is(tests.brief(tests.push(tests.client(6), jsonb_build_array(tests.m(3, 'update_contact', jsonb_build_object(
    'lead_id', tests.fixture(1), 'base', '{}'::jsonb, 'set', jsonb_build_object('priority', 9)))))),
  '{"status": "rejected", "code": "INVALID_MUTATION"}', 'only contact fields can be set');
select is(tests.brief(tests.push(tests.client(6), jsonb_build_array(tests.m(4, 'update_contact', jsonb_build_object(
    'lead_id', tests.lead_id(2), 'base', '{}'::jsonb, 'set', jsonb_build_object('company', 'Mine now')))))),
  '{"status": "rejected", "code": "FORBIDDEN"}', 'update_contact on another''s lead is FORBIDDEN');

-- ---- A late call on a lead reassigned since ----
select is(tests.brief(tests.push(tests.client(7), jsonb_build_array(tests.m(1, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(120), 'lead_id', tests.fixture(3), 'disposition', 'CB', 'notes', 'Offline call',
    'occurred_at', now() - interval '1 hour', 'status_from', 'new', 'status_to', 'contacted',
    'callback', jsonb_build_object('callback_id', tests.fixture(204), 'due_at', now() + interval '1 day', 'scope', 'personal')))))),
  '{"status": "applied", "flag": "lead_reassigned"}', 'a call made while the caller held the lead is accepted and flagged');
select tests.act_as('postgres');
select is((select created_by from interactions where id = tests.fixture(120) and lead_id = tests.fixture(3)), tests.user_id('tc1'),
  'the late call is attributed to its caller');
select is((select status from leads where id = tests.fixture(3)), 'new', 'the new holder''s lead keeps its status');
select is((select scope || '/' || coalesce(owner_id::text, 'nobody') from callbacks where id = tests.fixture(204)), 'anyone/nobody',
  'the promised callback goes to whoever holds the lead');
select is((select actor_id from audit_log where action = 'reassigned_lead_write' and entity_id = tests.fixture(3)), tests.user_id('tc1'),
  'an audit_log entry names the caller');
select is((select count(*) from sync.conflicts where kind = 'lead_reassigned' and lead_id = tests.fixture(3) and user_id = tests.user_id('tc1')), 1::bigint,
  'and sync.conflicts shows it to managers');
select tests.act_as('tc1');
select is(tests.brief(tests.push(tests.client(7), jsonb_build_array(tests.m(2, 'log_call', jsonb_build_object(
    'interaction_id', tests.fixture(121), 'lead_id', tests.fixture(3), 'disposition', 'NA',
    'occurred_at', now() + interval '1 minute', 'status_from', 'new', 'status_to', 'new'))))),
  '{"status": "rejected", "code": "FORBIDDEN"}', 'a call made after the reassignment is FORBIDDEN');
select is(tests.brief(tests.push(tests.client(7), jsonb_build_array(tests.m(3, 'add_note', jsonb_build_object(
    'interaction_id', tests.fixture(122), 'lead_id', tests.fixture(3), 'content', 'Late note', 'occurred_at', now() - interval '1 hour'))))),
  '{"status": "applied", "flag": "lead_reassigned"}', 'a late note is accepted and flagged too');
select is(tests.brief(tests.push(tests.client(7), jsonb_build_array(tests.m(4, 'set_status', jsonb_build_object(
    'lead_id', tests.fixture(3), 'from', 'new', 'to', 'lost', 'base_version', 1))))),
  '{"status": "rejected", "code": "FORBIDDEN"}', 'other operations on a reassigned lead are FORBIDDEN');

-- ---- Reading conflicts ----
select is((select count(*) from sync_conflicts() where user_id <> tests.user_id('tc1')), 0::bigint, 'tc1 reads only their own conflicts');
select ok((select count(*) from sync_conflicts()) >= 6, 'tc1 reads their conflicts through sync_conflicts()');
select tests.act_as('tc2');
select is((select count(*) from sync_conflicts()), 0::bigint, 'tc2 reads none of tc1''s conflicts');
select tests.act_as('manager');
select is((select count(*) from sync_conflicts() where user_id = tests.user_id('tc1') and kind = 'lead_reassigned'), 2::bigint,
  'a manager reads every conflict, including the late writes');

-- ---- The one-pass path takes exactly the batches it may, and leaves the rest to the per-mutation path ----
select tests.act_as('postgres');
insert into sync.clients (client_id, user_id) values (tests.client(90), tests.user_id('tc1'));
create function tests.fast(p_mutations jsonb) returns jsonb[] language sql
  as $$ select sync.push_fast(tests.client(90), tests.user_id('tc1'), false, p_mutations, 0, false) $$;
create function tests.keeping_call(p_lead uuid, p_interaction uuid) returns jsonb language sql
  as $$ select jsonb_build_object('interaction_id', p_interaction, 'lead_id', p_lead, 'disposition', 'B', 'notes', 'busy',
                                  'occurred_at', now(), 'status_from', l.status, 'status_to', l.status)
          from public.leads l where l.id = p_lead $$;
select is(tests.fast(jsonb_build_array(
    tests.m(1, 'add_note', jsonb_build_object('interaction_id', tests.fixture(901), 'lead_id', tests.fixture(1), 'content', 'one pass', 'occurred_at', now())),
    tests.m(2, 'log_call', tests.keeping_call(tests.fixture(1), tests.fixture(902))))),
  array[jsonb_build_object('seq', 1, 'id', tests.m(1, 'add_note', jsonb_build_object('interaction_id', tests.fixture(901), 'lead_id', tests.fixture(1), 'content', 'one pass', 'occurred_at', now())) ->> 'id', 'status', 'applied'),
        jsonb_build_object('seq', 2, 'id', tests.m(2, 'log_call', tests.keeping_call(tests.fixture(1), tests.fixture(902))) ->> 'id', 'status', 'applied')],
  'notes and status-keeping calls on a held lead are applied in one pass, each answered applied');
select is(tests.fast(jsonb_build_array(
    tests.m(1, 'set_status', jsonb_build_object('lead_id', tests.fixture(1), 'from', 'new', 'to', 'contacted', 'base_version', 1)))),
  null, 'a status move is left to the per-mutation path');
select is(tests.fast(jsonb_build_array(tests.m(1, 'log_call', tests.keeping_call(tests.fixture(2), tests.fixture(903))))),
  null, 'a call on a number listed before it is left to the per-mutation path (which refuses it)');
select is(tests.fast(jsonb_build_array(tests.m(1, 'log_call', tests.keeping_call(tests.fixture(3), tests.fixture(904))))),
  null, 'a call on a lead held by someone else now is left to the per-mutation path');
select is(tests.fast(jsonb_build_array(
    tests.m(2, 'add_note', jsonb_build_object('interaction_id', tests.fixture(905), 'lead_id', tests.fixture(1), 'content', 'gap', 'occurred_at', now())))),
  null, 'a batch that does not start right after the last seq is left to the per-mutation path');

-- ---- Error mapping and the status machine ----
select tests.act_as('postgres');
select is(sync.error_answer('42501', 'no', null, null), '{"status": "rejected", "code": "FORBIDDEN", "message": "no"}',
  'insufficient privilege maps to FORBIDDEN');
select is(sync.error_answer('XX000', 'boom', null, null) ->> 'code', 'INTERNAL_ERROR', 'an unexpected error maps to INTERNAL_ERROR');
select is(
  (select array_agg(f || '>' || t order by f, t)
     from unnest(array['new', 'contacted', 'qualified', 'converted', 'lost']) f,
          unnest(array['new', 'contacted', 'qualified', 'converted', 'lost']) t
    where f <> t and sync.status_move_allowed(f, t, false)),
  array['contacted>converted', 'contacted>lost', 'contacted>qualified', 'new>contacted', 'new>converted', 'new>lost',
        'new>qualified', 'qualified>converted', 'qualified>lost'],
  'telecallers make the by-telecaller moves of STATUS_TRANSITIONS');
select is(
  (select array_agg(f || '>' || t order by f, t)
     from unnest(array['new', 'contacted', 'qualified', 'converted', 'lost']) f,
          unnest(array['new', 'contacted', 'qualified', 'converted', 'lost']) t
    where f <> t and sync.status_move_allowed(f, t, true) and not sync.status_move_allowed(f, t, false)),
  array['lost>contacted'], 'staff also make the by-manager move');

select * from finish();
rollback;
