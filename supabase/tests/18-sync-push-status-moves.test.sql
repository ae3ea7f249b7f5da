-- The one-pass path takes calls that move their lead's status when every move starts where its lead
-- stands at its turn (20261127000200); a move from a status the lead no longer has, a move only staff
-- may make and a do-not-call outcome go one by one, with the answers the per-mutation path gives.
begin;
\ir _support/helpers.psql
\ir _support/sync-helpers.psql
select plan(16);

select tests.act_as('postgres');
set local track_functions = 'all';
create function tests.fixture(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('f8000000', n) $$;
create function tests.m(p_seq integer, p_op text, p_args jsonb) returns jsonb language sql immutable
  as $$ select tests.mutation(p_seq, p_op, p_args, '2026-01-27T10:00:00Z') $$;
create function tests.note(p_seq integer, p_lead integer) returns jsonb language sql immutable
  as $$ select tests.m(p_seq, 'add_note', jsonb_build_object('interaction_id', tests.fixture(1000 + 100 * p_lead + p_seq),
         'lead_id', tests.fixture(p_lead), 'content', 'Note ' || p_seq, 'occurred_at', '2026-01-27T09:00:00Z')) $$;
create function tests.call(p_seq integer, p_lead integer, p_disposition text, p_from text, p_to text) returns jsonb language sql immutable
  as $$ select tests.m(p_seq, 'log_call', jsonb_build_object('interaction_id', tests.fixture(1000 + 100 * p_lead + p_seq),
         'lead_id', tests.fixture(p_lead), 'disposition', p_disposition, 'notes', 'Call ' || p_seq,
         'occurred_at', '2026-01-27T09:00:00Z', 'status_from', p_from, 'status_to', p_to)) $$;
create function tests.push(p_client integer, p_batch jsonb) returns jsonb language sql
  as $$ select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('seq', r -> 'seq', 'status', r -> 'status', 'code', r -> 'code')))
          from jsonb_array_elements(public.sync_push(tests.uuid_of('c8000000', p_client), p_batch) -> 'results') as r $$;
-- The paths, for tests.since() as one-pass/judged/call: runs through push_fast, judgements of a batch
-- or run, and calls applied one by one.
create function tests.mark() returns void language sql
  as $$ select tests.mark_calls(array['sync.push_fast(uuid,uuid,boolean,jsonb,bigint,boolean)',
                                      'sync.fast_candidates(jsonb,uuid,boolean)',
                                      'sync.op_log_call(uuid,boolean,jsonb,jsonb)']) $$;
grant execute on all functions in schema tests to authenticated;

insert into leads (id, name, phone_e164, status, assigned_to) values
  (tests.fixture(1), 'Moves One', '+99955510001', 'new', tests.user_id('tc1')),
  (tests.fixture(2), 'Moves Two', '+99955510002', 'contacted', tests.user_id('tc1')),
  (tests.fixture(3), 'Moves Three', '+99955510003', 'contacted', tests.user_id('tc1')),
  (tests.fixture(4), 'Moves Four', '+99955510004', 'lost', tests.user_id('tc1')),
  (tests.fixture(5), 'Moves Five', '+99955510005', 'new', tests.user_id('tc1'));

-- ---- A chain of moves in one pass ----
select tests.act_as('tc1');
select tests.mark();
select is(tests.push(1, jsonb_build_array(
    tests.call(1, 1, 'NA', 'new', 'contacted'), tests.note(2, 1), tests.call(3, 1, 'B', 'contacted', 'contacted'),
    tests.call(4, 2, 'INT', 'contacted', 'qualified'), tests.call(5, 1, 'INT', 'contacted', 'qualified'),
    tests.call(6, 2, 'NI', 'qualified', 'lost'))),
  '[{"seq": 1, "status": "applied"}, {"seq": 2, "status": "applied"}, {"seq": 3, "status": "applied"},
    {"seq": 4, "status": "applied"}, {"seq": 5, "status": "applied"}, {"seq": 6, "status": "applied"}]'::jsonb,
  'a batch whose moves chain from each lead''s status is applied');
select is(tests.since(), '1/1/0', 'in one pass, judged once (sync_push locked the leads first), no call one by one');
select tests.act_as('postgres');
select is((select status || '/' || attempts from leads where id = tests.fixture(1)), 'qualified/3',
  'lead 1 ends at its last move, with its three calls counted');
select is((select status || '/' || attempts from leads where id = tests.fixture(2)), 'lost/2',
  'lead 2 ends at its last move');
select is((select count(*) from sync.mutations where client_id = 'c8000000-0000-4000-8000-000000000001' and status = 'applied'),
  6::bigint, 'every answer is stored');

-- ---- A move from a status the lead no longer has: the run is declined, the conflict answered one by one ----
select tests.act_as('tc1');
select tests.mark();
select is(tests.push(2, jsonb_build_array(
    tests.note(1, 3), tests.call(2, 3, 'NA', 'new', 'contacted'), tests.call(3, 3, 'B', 'contacted', 'contacted'))),
  '[{"seq": 1, "status": "applied"}, {"seq": 2, "status": "conflict", "code": "SYNC_CONFLICT"},
    {"seq": 3, "status": "applied"}]'::jsonb,
  'a call that saw the lead as new when it is contacted is recorded and answered as a conflict');
select is(tests.since(), '1/1/2', 'push_fast declined the run (its null is counted) and both calls went one by one');
select tests.act_as('postgres');
select is((select status || '/' || attempts from leads where id = tests.fixture(3)), 'contacted/2',
  'the lead keeps its status and counts both calls');
select is((select count(*) from sync.conflicts where lead_id = tests.fixture(3) and kind = 'status_conflict'), 1::bigint,
  'the conflict is logged for a manager');

-- ---- A move only staff may make ----
select tests.act_as('tc1');
select tests.mark();
select is(tests.push(3, jsonb_build_array(tests.note(1, 4), tests.call(2, 4, 'INT', 'lost', 'contacted'), tests.note(3, 4))),
  '[{"seq": 1, "status": "applied"}, {"seq": 2, "status": "conflict", "code": "STATUS_MOVE_NOT_ALLOWED"},
    {"seq": 3, "status": "applied"}]'::jsonb,
  'a telecaller''s lost -> contacted is recorded as a call and answered STATUS_MOVE_NOT_ALLOWED');
select is(tests.since(), '2/2/1', 'the notes around it went in one pass each; the one after the call was judged again, since the call (recorded) changed the lead');
select tests.act_as('postgres');
select is((select status from leads where id = tests.fixture(4)), 'lost', 'the lead stays lost');

-- ---- A do-not-call outcome goes one by one, and what follows it is judged again ----
select tests.act_as('tc1');
select tests.mark();
select is(tests.push(4, jsonb_build_array(
    tests.call(1, 5, 'DNC', 'new', 'lost'), tests.note(2, 5), tests.call(3, 5, 'NA', 'lost', 'lost'))),
  '[{"seq": 1, "status": "applied"}, {"seq": 2, "status": "applied"}, {"seq": 3, "status": "applied"}]'::jsonb,
  'a DNC call and the writes after it are applied');
select is(tests.since(), '1/2/1', 'the DNC call went one by one, and the run after it was judged again inside push_fast');
select tests.act_as('postgres');
select is((select do_not_call from leads where id = tests.fixture(5)), true, 'the DNC outcome listed the number');
select is((select status || '/' || attempts from leads where id = tests.fixture(5)), 'lost/2', 'the lead is lost with both calls counted');

select * from finish();
rollback;
