-- A completed assignment is final: its taker can neither start another response nor finish an older
-- one, so resubmitting to read the answer key off the section scores is impossible.
-- Seed fixtures: A2 (communication) assigned to user@ (nothing started) and to tc1@ (in progress with lead 5).
begin;
\ir _support/helpers.psql
select plan(10);

create function tests.a(n integer)
returns uuid
language sql
immutable
as $$ select ('00000000-0000-4000-8000-00000000a00' || n)::uuid $$;

-- user@ opens two responses to A2 while it is assigned, and submits one.
select tests.act_as('user');
select is(tests.run(format($$ insert into assessment_responses (id, assessment_id) values ('00000000-0000-4000-8000-00000000c201', %L) $$, tests.a(2))), '1',
  'a taker starts an assigned assessment');
select is(tests.run(format($$ insert into assessment_responses (id, assessment_id) values ('00000000-0000-4000-8000-00000000c202', %L) $$, tests.a(2))), '1',
  'and, while it is assigned, a second response beside it');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "a"}' where id = '00000000-0000-4000-8000-00000000c201' $$), '1',
  'answers are saved while the assignment is open');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "b"}', status = 'submitted' where id = '00000000-0000-4000-8000-00000000c201' $$), '1',
  'the taker submits');
select tests.act_as('postgres');
select is((select status from assessment_assignments where assessment_id = tests.a(2) and user_id = tests.user_id('user')), 'completed',
  'submitting completes the assignment');

-- Now the assignment is completed: nothing more goes in.
select tests.act_as('user');
select is(tests.run(format($$ insert into assessment_responses (assessment_id, answers, status) values (%L, '{"q1": "a"}', 'submitted') $$, tests.a(2))), '42501',
  'attack: a taker cannot submit a fresh response to a completed assignment');
select is(tests.run(format($$ insert into assessment_responses (assessment_id) values (%L) $$, tests.a(2))), '42501',
  'attack: nor start one to submit later');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "c"}', status = 'submitted' where id = '00000000-0000-4000-8000-00000000c202' $$), '0',
  'attack: nor finish the response left open before the submission');
select is((select count(*) from assessment_responses where status = 'submitted' and assessment_id = tests.a(2)), 1::bigint,
  'so one scored result is all the taker ever sees');

-- A cancelled assignment is closed the same way.
select tests.act_as('postgres');
update assessment_assignments set status = 'cancelled' where assessment_id = tests.a(2) and user_id = tests.user_id('tc1');
select tests.act_as('tc1');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "a"}' where assessment_id = '00000000-0000-4000-8000-00000000a002' $$), '0',
  'a taker cannot answer a cancelled assignment');

select * from finish();
rollback;
