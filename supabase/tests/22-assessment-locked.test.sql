-- A completed assignment is final for a taker answering for themselves: they can neither start another
-- response nor finish an older one, so resubmitting to read the answer key off the section scores is
-- impossible. A telecaller running it with leads goes on with each lead they hold, each lead once.
-- Seed fixtures: A2 (communication) assigned to user@ (nothing started) and to tc1@ (in progress with lead 5).
begin;
\ir _support/helpers.psql
select plan(16);

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

-- With a lead: tc1 runs A2 with lead 5 (seeded in progress), submits, and the assignment completes;
-- the next lead may still take it, but lead 5 only once.
select tests.act_as('tc1');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "b"}', status = 'submitted' where id = '00000000-0000-4000-8000-00000000b002' $$), '1',
  'a telecaller submits a run with a lead');
select tests.act_as('postgres');
select is((select status from assessment_assignments where assessment_id = tests.a(2) and user_id = tests.user_id('tc1')), 'completed',
  'which completes their assignment');
select tests.act_as('tc1');
select is(tests.run(format($$ insert into assessment_responses (id, assessment_id, lead_id, answers, status) values ('00000000-0000-4000-8000-00000000c203', %L, md5('talentg-seed/lead/6')::uuid, '{"q1": "a"}', 'submitted') $$, tests.a(2))), '1',
  'the next lead they hold takes it too, after the assignment completed');
select is(tests.run(format($$ insert into assessment_responses (assessment_id, lead_id, answers, status) values (%L, md5('talentg-seed/lead/5')::uuid, '{"q1": "a"}', 'submitted') $$, tests.a(2))), '23505',
  'attack: a lead that took it cannot take it again (no second look at the scores)');
select is(tests.run(format($$ insert into assessment_responses (assessment_id, lead_id) values (%L, md5('talentg-seed/lead/2')::uuid) $$, tests.a(2))), '42501',
  'attack: nor with a lead someone else holds');

-- A cancelled assignment is closed the same way.
select is(tests.run(format($$ insert into assessment_responses (id, assessment_id, lead_id) values ('00000000-0000-4000-8000-00000000c204', %L, md5('talentg-seed/lead/10')::uuid) $$, tests.a(2))), '1',
  'tc1 starts a run with another lead');
select tests.act_as('postgres');
update assessment_assignments set status = 'cancelled' where assessment_id = tests.a(2) and user_id = tests.user_id('tc1');
select tests.act_as('tc1');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "a"}' where id = '00000000-0000-4000-8000-00000000c204' $$), '0',
  'a taker cannot answer a cancelled assignment');

select * from finish();
rollback;
