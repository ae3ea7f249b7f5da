-- Sync retention (docs/sync-protocol.md, "Retention"): sync.run_retention() removes old change log
-- entries, push answers and conflicts, keeps recent ones and each client's last 1000 seqs, is the
-- service role's only, and a pruned seq resent through sync_push is still never applied twice.
begin;
\ir _support/helpers.psql
\ir _support/sync-helpers.psql
select plan(22);

select tests.act_as('postgres');
create function tests.fixture(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('f1000000', n) $$;
create function tests.client(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('c1000000', n) $$;
create function tests.m(p_seq integer, p_op text, p_args jsonb) returns jsonb language sql immutable
  as $$ select tests.mutation(p_seq, p_op, p_args, '2026-08-01T10:00:00Z') $$;
create function tests.note(p_seq integer) returns jsonb language sql immutable
  as $$ select tests.m(p_seq, 'add_note', jsonb_build_object('interaction_id', tests.fixture(1000 + p_seq), 'lead_id', tests.fixture(1),
                                                            'content', 'Note ' || p_seq, 'occurred_at', '2026-08-01T10:00:00Z')) $$;
-- The call that opens client 1's history: it moves lead 1 from new to contacted, so applying it a
-- second time would be a SYNC_CONFLICT with a sync.conflicts row and a second attempt.
create function tests.first_call() returns jsonb language sql immutable
  as $$ select tests.m(1, 'log_call', jsonb_build_object('interaction_id', tests.fixture(1001), 'lead_id', tests.fixture(1),
                                                         'disposition', 'INT', 'notes', 'First call', 'duration_seconds', 60,
                                                         'occurred_at', '2026-08-01T10:00:00Z', 'status_from', 'new', 'status_to', 'contacted')) $$;
create table tests.base as
  select greatest(pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 100, 3) as base;
grant select on tests.base to anon, authenticated, service_role;
create function tests.xid(n integer) returns xid8 language sql stable
  as $$ select ((select base from tests.base) + n)::text::xid8 $$;
create table tests.outcome (answer jsonb);
grant select, insert on tests.outcome to service_role;
grant execute on all functions in schema tests to anon, authenticated, service_role;

insert into leads (id, name, phone_e164, company, status, assigned_to) values
  (tests.fixture(1), 'Retention One', '+99912345701', 'Retention Co', 'new', tests.user_id('tc1'));

-- ---- Client 1's history: a call (seq 1), a note (seq 2), then a full batch of 1000 notes (3..1002) ----
select tests.act_as('tc1');
select is(public.sync_push(tests.client(1), jsonb_build_array(tests.first_call())) -> 'results' -> 0 ->> 'status', 'applied',
  'seq 1, a call, is applied');
select public.sync_push(tests.client(1), jsonb_build_array(tests.note(2)));
select is(public.sync_push(tests.client(1), (select jsonb_agg(tests.note(n) order by n) from generate_series(3, 1002) as n)) -> 'last_seq',
  '1002', 'seqs 2 to 1002 are applied');

-- ---- What time did: back-dated rows, as if written long ago ----
select tests.act_as('postgres');
update sync.mutations set received_at = now() - interval '100 days' where client_id = tests.client(1) and seq <> 2;
update sync.mutations set received_at = now() - interval '80 days' where client_id = tests.client(1) and seq = 2;
insert into sync.change_log (xid, entity, entity_id, lead_id, kind, created_at)
values (tests.xid(50), 'lead', tests.fixture(1), tests.fixture(1), 'upsert', now() - interval '40 days'),
       (tests.xid(51), 'lead', tests.fixture(1), tests.fixture(1), 'upsert', now() - interval '31 days'),
       (tests.xid(52), 'lead', tests.fixture(1), tests.fixture(1), 'upsert', now() - interval '29 days');
insert into sync.conflicts (occurred_at, user_id, lead_id, op, kind)
values (now() - interval '200 days', tests.user_id('tc1'), tests.fixture(1), 'set_status', 'status_conflict'),
       (now() - interval '170 days', tests.user_id('tc1'), tests.fixture(1), 'set_status', 'status_conflict');
create table tests.before as
  select (select count(*) from sync.change_log) as change_log,
         (select count(*) from sync.conflicts) as conflicts,
         (select attempts from leads where id = tests.fixture(1)) as attempts,
         (select count(*) from interactions where lead_id = tests.fixture(1)) as interactions;
grant select on tests.before to anon, authenticated, service_role;

-- ---- Who may run it ----
select tests.act_as('anon');
select is(tests.run($$ select sync.run_retention() $$), '42501', 'anon cannot run retention');
select tests.act_as('tc1');
select is(tests.run($$ select sync.run_retention() $$), '42501', 'a telecaller cannot run retention');
select tests.act_as('manager');
select is(tests.run($$ select sync.run_retention() $$), '42501', 'a manager (an authenticated user) cannot run retention');
select tests.act_as('postgres');
select is((select count(*) from sync.mutations where client_id = tests.client(1)), 1002::bigint, 'the refused calls removed nothing');

-- ---- The run ----
select tests.act_as('service_role');
insert into tests.outcome select sync.run_retention();
select is((select answer from tests.outcome), '{"change_log": 2, "mutations": 1, "conflicts": 1}',
  'the service role runs it and gets the count removed from each table');

select tests.act_as('postgres');
select is((select count(*) from sync.change_log where created_at < now() - interval '30 days'), 0::bigint,
  'change log entries older than 30 days are gone');
select is((select count(*) from sync.change_log), (select change_log - 2 from tests.before),
  'every newer entry stays, the one 29 days old among them');
select is(sync.log_horizon_xid(), tests.xid(51), 'the horizon is the newest pruned transaction');
select is((select array_agg(seq order by seq) from sync.mutations where client_id = tests.client(1) and seq < 4),
  array[2::bigint, 3::bigint], 'a push answer older than 90 days is gone; one 80 days old stays');
select is((select count(*) from sync.mutations where client_id = tests.client(1) and seq between 3 and 1002), 1000::bigint,
  'the client''s last 1000 seqs stay however old, the most one batch can resend');
select is((select last_seq from sync.clients where client_id = tests.client(1)), 1002::bigint, 'the client keeps its last seq');
select is((select array_agg(extract(day from now() - occurred_at)::integer) from sync.conflicts where lead_id = tests.fixture(1)),
  array[170], 'a conflict older than 180 days is gone; one 170 days old stays');

-- ---- A pruned seq resent is a duplicate without a stored answer, and applies nothing ----
select tests.act_as('tc1');
select is(public.sync_push(tests.client(1), jsonb_build_array(tests.first_call())),
  jsonb_build_object('last_seq', 1002, 'results', jsonb_build_array(
    jsonb_build_object('seq', 1, 'id', tests.first_call() ->> 'id', 'status', 'duplicate'))),
  'a resent seq whose answer was pruned is answered duplicate, with no original_status');
select tests.act_as('postgres');
select is((select attempts from leads where id = tests.fixture(1)), (select attempts from tests.before),
  'the resent call is not counted again');
select is((select count(*) from interactions where lead_id = tests.fixture(1)), (select interactions from tests.before),
  'no second interaction');
select is((select count(*) from sync.conflicts) + (select count(*) from sync.mutations where client_id = tests.client(1) and seq = 1),
  (select conflicts - 1 from tests.before), 'no conflict and no stored answer: it was not applied again');
select tests.act_as('tc1');
select is((public.sync_push(tests.client(1), jsonb_build_array(tests.note(3))) -> 'results' -> 0) - 'id' - 'seq',
  '{"status": "duplicate", "original_status": "applied"}', 'a kept seq still answers from its stored answer');
select is(public.sync_push(tests.client(1), jsonb_build_array(tests.m(3, 'add_note', jsonb_build_object(
    'interaction_id', tests.fixture(9), 'lead_id', tests.fixture(1), 'content', 'Another write', 'occurred_at', now())))) -> 'results' -> 0 ->> 'code',
  'SYNC_SEQ_REUSED', 'and a kept seq reused by another mutation is still refused');

-- ---- A cursor that could need a pruned entry resyncs ----
select ok((sync_pull(format('v1:%1$s:%1$s:', tests.xid(51))) ->> 'resync')::boolean,
  'a cursor from before the prune answers resync');
select ok(not (sync_pull(format('v1:%1$s:%1$s:', tests.xid(52))) ->> 'resync')::boolean,
  'a cursor past the horizon pulls');

select * from finish();
rollback;
