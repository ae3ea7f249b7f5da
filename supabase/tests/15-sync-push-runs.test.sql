-- sync_push cuts a batch into runs (20261126000300): the mutations the one-pass path may take go
-- through sync.push_fast run by run, the others one by one, in order, with the answers and effects the
-- per-mutation path gives. Which path ran is read from this transaction's function call counts.
begin;
\ir _support/helpers.psql
\ir _support/sync-helpers.psql
select plan(14);

select tests.act_as('postgres');
set local track_functions = 'all';
create function tests.fixture(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('f5000000', n) $$;
create function tests.m(p_seq integer, p_op text, p_args jsonb) returns jsonb language sql immutable
  as $$ select tests.mutation(p_seq, p_op, p_args, '2026-11-26T10:00:00Z') $$;
create function tests.note(p_seq integer, p_lead integer) returns jsonb language sql immutable
  as $$ select tests.m(p_seq, 'add_note', jsonb_build_object('interaction_id', tests.fixture(100 + p_seq),
         'lead_id', tests.fixture(p_lead), 'content', 'Note ' || p_seq, 'occurred_at', '2026-11-26T09:00:00Z')) $$;
create function tests.call(p_seq integer, p_lead integer, p_from text, p_to text) returns jsonb language sql immutable
  as $$ select tests.m(p_seq, 'log_call', jsonb_build_object('interaction_id', tests.fixture(100 + p_seq),
         'lead_id', tests.fixture(p_lead), 'disposition', 'NA', 'notes', 'Call ' || p_seq,
         'occurred_at', '2026-11-26T09:00:00Z', 'status_from', p_from, 'status_to', p_to)) $$;
-- The paths, for tests.since() as one-pass/note/call: runs through push_fast, notes and calls one by one.
create function tests.mark() returns void language sql
  as $$ select tests.mark_calls(array['sync.push_fast(uuid,uuid,boolean,jsonb,bigint,boolean)',
                                      'sync.op_add_note(uuid,boolean,jsonb,jsonb)',
                                      'sync.op_log_call(uuid,boolean,jsonb,jsonb)']) $$;
grant execute on all functions in schema tests to authenticated;

insert into leads (id, name, phone_e164, status, assigned_to) values
  (tests.fixture(1), 'Runs One', '+99955500001', 'new', tests.user_id('tc1')),
  (tests.fixture(2), 'Runs Two', '+99955500002', 'contacted', tests.user_id('tc1')),
  (tests.fixture(3), 'Runs Three', '+99955500003', 'contacted', tests.user_id('tc1'));
insert into dnc_list (phone_e164, reason, created_at) values ('+99955500003', 'Listed', '2026-11-26T08:00:00Z');

select tests.act_as('tc1');
select tests.mark();
-- notes and status-keeping calls, a status move on lead 1, then more of them (one on lead 1's new status),
-- a call on a listed number (refused one by one), and a last note.
select is(
  (select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('seq', r -> 'seq', 'status', r -> 'status', 'code', r -> 'code')))
     from jsonb_array_elements(public.sync_push('c5000000-0000-4000-8000-000000000001', jsonb_build_array(
       tests.note(1, 1), tests.call(2, 2, 'contacted', 'contacted'), tests.note(3, 2),
       tests.call(4, 1, 'new', 'contacted'),
       tests.note(5, 1), tests.call(6, 1, 'contacted', 'contacted'), tests.call(7, 2, 'contacted', 'contacted'),
       tests.call(8, 3, 'contacted', 'contacted'),
       tests.note(9, 2))) -> 'results') as r),
  '[{"seq": 1, "status": "applied"}, {"seq": 2, "status": "applied"}, {"seq": 3, "status": "applied"},
    {"seq": 4, "status": "applied"}, {"seq": 5, "status": "applied"}, {"seq": 6, "status": "applied"},
    {"seq": 7, "status": "applied"}, {"seq": 8, "status": "rejected", "code": "DNC_LEAD"}, {"seq": 9, "status": "applied"}]'::jsonb,
  'a mixed batch is answered in order, as the per-mutation path answers');
-- A function that raises is not counted, so the listed call (one by one, refused) does not show here;
-- its DNC_LEAD answer above is its trace, since the one-pass path only ever answers applied.
select is(tests.since(), '2/0/0', 'two runs took the one-pass path, the status move inside the first (20261127000200); the listed call went one by one');
select tests.act_as('postgres');
select is((select count(*) from interactions where id in (select tests.fixture(100 + n) from generate_series(1, 9) n)),
  8::bigint, 'every applied mutation wrote its interaction, the refused one none');
select is((select status || '/' || attempts from leads where id = tests.fixture(1)), 'contacted/2',
  'lead 1 moved once and counted both calls');
select is((select attempts from leads where id = tests.fixture(2)), 2, 'lead 2 counted its two calls');
select is((select attempts from leads where id = tests.fixture(3)), 0, 'the refused call counted nothing');
select is((select last_seq from sync.clients where client_id = 'c5000000-0000-4000-8000-000000000001'), 9::bigint,
  'the client is at the last seq');
select is((select count(*) from sync.mutations where client_id = 'c5000000-0000-4000-8000-000000000001'), 9::bigint,
  'every answer is stored, whichever path gave it');

-- A resend of the batch's tail with new ones after it: duplicates one by one, then a run again.
select tests.act_as('tc1');
select tests.mark();
select is(
  (select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('seq', r -> 'seq', 'status', r -> 'status', 'original', r -> 'original_status')))
     from jsonb_array_elements(public.sync_push('c5000000-0000-4000-8000-000000000001', jsonb_build_array(
       tests.call(8, 3, 'contacted', 'contacted'), tests.note(9, 2), tests.note(10, 2), tests.note(11, 1))) -> 'results') as r),
  '[{"seq": 8, "status": "duplicate", "original": "rejected"}, {"seq": 9, "status": "duplicate", "original": "applied"},
    {"seq": 10, "status": "applied"}, {"seq": 11, "status": "applied"}]'::jsonb,
  'resent seqs answer as duplicates with their first answers, the new ones are applied');
select is(tests.since(), '1/0/0', 'the resent seqs were answered from the store, the new ones in one pass');

-- A gap inside a run: the run is declined as a whole, the mutations before the gap still apply.
select tests.mark();
select is(
  public.sync_push('c5000000-0000-4000-8000-000000000001', jsonb_build_array(
    tests.note(12, 1), tests.note(13, 1), tests.note(15, 1))) - 'results',
  '{"last_seq": 13, "error": {"code": "SYNC_SEQ_GAP", "expected": 14}}'::jsonb,
  'a gap stops the batch at the seq expected');
select is(tests.since(), '1/2/0', 'the run with the gap was declined and went one by one');
select tests.act_as('postgres');
select is((select count(*) from interactions where id in (tests.fixture(112), tests.fixture(113), tests.fixture(115))),
  2::bigint, 'the notes before the gap are recorded, the one after it is not');

-- Input that does not even cast is refused for that mutation alone.
select tests.act_as('tc1');
select is(
  (select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('seq', r -> 'seq', 'status', r -> 'status', 'code', r -> 'code')))
     from jsonb_array_elements(public.sync_push('c5000000-0000-4000-8000-000000000001', jsonb_build_array(
       tests.note(14, 1),
       tests.m(15, 'add_note', jsonb_build_object('interaction_id', tests.fixture(199), 'lead_id', tests.fixture(1),
         'content', 'Bad date', 'occurred_at', 'not a date')),
       tests.note(16, 1))) -> 'results') as r),
  '[{"seq": 14, "status": "applied"}, {"seq": 15, "status": "rejected", "code": "INVALID_MUTATION"}, {"seq": 16, "status": "applied"}]'::jsonb,
  'a mutation whose date does not parse is refused on its own; its neighbours apply');

select * from finish();
rollback;
