-- Assessments: admins author, staff assign, takers see only their own assignments, answers and
-- results, never the answer key; scores are computed by the database on submission.
-- Seed fixtures: A1 (readiness, user@ submitted 82.50) and A2 (communication, tc1@ in progress
-- with lead 5), both assigned to user@ and tc1@.
begin;
\ir _support/helpers.psql
select plan(71);

create function tests.a(n integer)
returns uuid
language sql
immutable
as $$ select ('00000000-0000-4000-8000-00000000a00' || n)::uuid $$;

-- Scoring (private.score_assessment), straight from the documented shape.
select is(private.score_assessment(questions, scoring_rules, '{"q1": "b", "q2": "a", "q4": ["a", "c"], "q5": "b", "q6": "a"}'),
  '{"score": 82.50, "passed": true, "sections": {"product": 80.00, "compliance": 50.00, "communication": 100.00}}'::jsonb,
  'weighted sections: (2 x 100 + 80 + 50) / 4 = 82.50, above the pass mark of 60')
  from assessments where id = tests.a(1);
select is(private.score_assessment(questions, scoring_rules, '{}') ->> 'score', '0.00', 'no answers score 0') from assessments where id = tests.a(1);
select is(private.score_assessment(questions, scoring_rules, '{}') ->> 'passed', 'false', 'and do not pass') from assessments where id = tests.a(1);
select is(private.score_assessment(questions, scoring_rules, '{"q4": ["b"]}') -> 'sections' ->> 'product', '0.00',
  'a multi-choice with only a penalised option floors at 0') from assessments where id = tests.a(1);
select is(private.score_assessment(questions, scoring_rules, '{"q1": "b", "q2": "a", "q4": ["a", "b", "c", "d"], "q5": "b", "q6": "b"}') ->> 'score', '90.00',
  'a penalised option costs points within its question: (2 x 100 + 60 + 100) / 4') from assessments where id = tests.a(1);
select is(private.score_assessment(questions, scoring_rules, '{"q1": "zzz", "q2": ["a"]}') ->> 'score', '0.00',
  'unknown options and wrongly shaped answers earn nothing') from assessments where id = tests.a(1);

-- assessments
select tests.act_as('anon');
select is(tests.run($$ select * from assessments $$), '42501', 'anon cannot read assessments');
select is(tests.run($$ insert into assessments (title) values ('x') $$), '42501', 'anon cannot create assessments');
select is(tests.run($$ update assessments set title = 'x' $$), '42501', 'anon cannot update assessments');
select is(tests.run($$ delete from assessments $$), '42501', 'anon cannot delete assessments');
select is(tests.run($$ select * from my_assessments() $$), '42501', 'anon cannot call my_assessments()');
select tests.act_as('user');
select is(tests.run($$ select * from assessments $$), '0', 'a user cannot read the assessments table (it holds the answer key)');
select is(tests.run($$ select * from my_assessments() $$), '2', 'a user lists their two assignments through my_assessments()');
select is((select count(*) from my_assessments() m, jsonb_path_query(m.questions, '$[*].options[*]') o where o ? 'points'), 0::bigint,
  'my_assessments() strips the points (answer key) from every option');
select is((select jsonb_array_length(questions) from my_assessments() where assessment_id = tests.a(1)), 6, 'the questions are all there');
select is(tests.run($$ insert into assessments (title) values ('x') $$), '42501', 'a user cannot create assessments');
select is(tests.run($$ update assessments set is_active = false $$), '0', 'a user cannot update assessments');
select is(tests.run($$ delete from assessments $$), '0', 'a user cannot delete assessments');
select tests.act_as('tc2');
select is(tests.run($$ select * from my_assessments() $$), '0', 'tc2 has no assignments');
select tests.act_as('tc1');
select is(tests.run($$ select * from assessments $$), '0', 'a telecaller cannot read the answer key');
select is(tests.run($$ select * from my_assessments() $$), '2', 'tc1 lists their two assignments');
select tests.act_as('manager');
select is(tests.run($$ select * from assessments $$), '2', 'a manager reads assessments');
select is(tests.run($$ insert into assessments (title) values ('Manager quiz') $$), '42501', 'a manager cannot author assessments');
select is(tests.run($$ update assessments set title = 'x' $$), '0', 'a manager cannot edit assessments');
select is(tests.run($$ delete from assessments $$), '0', 'a manager cannot delete assessments');
select tests.act_as('admin');
select is(tests.run($$ select * from assessments $$), '2', 'an admin reads assessments');
select is(tests.run(format($$ insert into assessments (id, title, questions, scoring_rules) values (%L, 'Spot check', %L, %L) $$, tests.a(3),
  '[{"id": "q1", "section": "s", "type": "single", "prompt": "2 + 2?", "options": [{"id": "a", "label": "4", "points": 1}, {"id": "b", "label": "5", "points": 0}]}]',
  '{"sections": [{"id": "s", "label": "S", "weight": 1}], "pass_mark": 100}')), '1', 'an admin authors an assessment');
select is(tests.run(format($$ update assessments set description = 'One question' where id = %L $$, tests.a(3))), '1', 'an admin edits an assessment');
select tests.act_as('service_role');
select is(tests.run($$ select * from assessments $$), '3', 'the service role reads assessments');
select is(tests.run(format($$ update assessments set is_active = true where id = %L $$, tests.a(3))), '1', 'the service role updates assessments');

-- assessment_assignments
select tests.act_as('anon');
select is(tests.run($$ select * from assessment_assignments $$), '42501', 'anon cannot read assignments');
select is(tests.run(format($$ insert into assessment_assignments (assessment_id, user_id) values (%L, %L) $$, tests.a(3), tests.user_id('user'))), '42501', 'anon cannot assign');
select is(tests.run($$ update assessment_assignments set status = 'cancelled' $$), '42501', 'anon cannot update assignments');
select is(tests.run($$ delete from assessment_assignments $$), '42501', 'anon cannot delete assignments');
select tests.act_as('user');
select is(tests.run($$ select * from assessment_assignments $$), '2', 'a user sees their own two assignments');
select is(tests.run(format($$ select * from assessment_assignments where user_id = %L $$, tests.user_id('tc1'))), '0', 'a user cannot see others'' assignments');
select is(tests.run(format($$ insert into assessment_assignments (assessment_id, user_id) values (%L, %L) $$, tests.a(3), tests.user_id('user'))), '42501', 'a user cannot assign themselves');
select is(tests.run($$ update assessment_assignments set status = 'completed' $$), '0', 'a user cannot mark their assignment completed');
select is(tests.run($$ delete from assessment_assignments $$), '0', 'a user cannot drop their assignments');
select tests.act_as('manager');
select is(tests.run($$ select * from assessment_assignments $$), '4', 'a manager sees every assignment');
select is(tests.run(format($$ insert into assessment_assignments (assessment_id, user_id, due_at) values (%L, %L, now() + interval '1 day') $$, tests.a(3), tests.user_id('tc2'))), '1',
  'a manager assigns an assessment');
select is(tests.run(format($$ update assessment_assignments set due_at = now() + interval '2 days' where user_id = %L $$, tests.user_id('tc2'))), '1', 'a manager moves a due date');
select is(tests.run(format($$ delete from assessment_assignments where user_id = %L $$, tests.user_id('tc2'))), '1', 'a manager withdraws an assignment');
select tests.act_as('admin');
select is(tests.run(format($$ insert into assessment_assignments (assessment_id, user_id) values (%L, %L) $$, tests.a(3), tests.user_id('tc1'))), '1', 'an admin assigns an assessment');
select tests.act_as('service_role');
select is(tests.run($$ select * from assessment_assignments $$), '5', 'the service role reads every assignment');

-- assessment_responses
select tests.act_as('anon');
select is(tests.run($$ select * from assessment_responses $$), '42501', 'anon cannot read responses');
select is(tests.run(format($$ insert into assessment_responses (assessment_id, user_id) values (%L, %L) $$, tests.a(2), tests.user_id('user'))), '42501', 'anon cannot answer');
select is(tests.run($$ update assessment_responses set answers = '{}' $$), '42501', 'anon cannot update responses');
select is(tests.run($$ delete from assessment_responses $$), '42501', 'anon cannot delete responses');
select tests.act_as('user');
select is(tests.run($$ select * from assessment_responses $$), '1', 'a user sees their own response only');
select is(tests.run($$ select * from assessment_results $$), '1', 'and their own result');
select is(tests.run(format($$ insert into assessment_responses (id, assessment_id, answers, score, passed) values ('00000000-0000-4000-8000-00000000b101', %L, '{"q1": "a"}', 100, true) $$, tests.a(2))), '1',
  'a user starts an assigned assessment');
select is((select (score, passed) from assessment_responses where id = '00000000-0000-4000-8000-00000000b101'), (null::numeric, null::boolean),
  'a score sent by the client while in progress is discarded');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "b", "q2": ["a", "c"], "q3": "b", "q4": "a"}', status = 'submitted', score = 1 where id = '00000000-0000-4000-8000-00000000b101' $$), '1',
  'a user submits their answers');
select is((select (score, passed, status, submitted_at) from assessment_responses where id = '00000000-0000-4000-8000-00000000b101'),
  (100.00::numeric, true, 'submitted'::text, now()), 'the database scores the submission (the client''s score is ignored)');
select is(tests.run($$ update assessment_responses set answers = '{}', status = 'in_progress' where id = '00000000-0000-4000-8000-00000000b101' $$), '0',
  'attack: a submitted response cannot be reopened or changed');
select is(tests.run(format($$ insert into assessment_responses (assessment_id) values (%L) $$, tests.a(3))), '42501', 'a user cannot answer an assessment not assigned to them');
select is(tests.run(format($$ insert into assessment_responses (assessment_id, user_id) values (%L, %L) $$, tests.a(2), tests.user_id('tc1'))), '42501', 'a user cannot answer in someone else''s name');
select is(tests.run($$ delete from assessment_responses $$), '0', 'a user cannot delete their responses');
select tests.act_as('postgres');
select is((select status from assessment_assignments where assessment_id = tests.a(2) and user_id = tests.user_id('user')), 'completed',
  'submitting completes the assignment');
select tests.act_as('tc1');
select is(tests.run($$ select * from assessment_responses $$), '1', 'tc1 sees only their own in-progress response');
select is(tests.run(format($$ insert into assessment_responses (assessment_id, lead_id) values (%L, %L) $$, tests.a(1), tests.lead_id(2))), '42501',
  'attack: tc1 cannot run an assessment with tc2''s lead');
select is(tests.run(format($$ insert into assessment_responses (assessment_id, lead_id) values (%L, %L) $$, tests.a(1), tests.lead_id(10))), '1',
  'tc1 runs an assessment with their own lead');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "a"}' where user_id <> auth.uid() $$), '0', 'tc1 cannot touch others'' responses');
select tests.act_as('manager');
select is(tests.run($$ select * from assessment_responses $$), '4', 'a manager sees every response');
select is(tests.run($$ select * from assessment_results $$), '2', 'and every result');
select is(tests.run(format($$ insert into assessment_responses (assessment_id) values (%L) $$, tests.a(1))), '42501', 'a manager answers only what is assigned to them');
select is(tests.run($$ update assessment_responses set answers = '{}' $$), '0', 'a manager cannot change anyone''s answers');
select is(tests.run($$ delete from assessment_responses $$), '0', 'a manager cannot delete responses');
select tests.act_as('admin');
select is(tests.run($$ delete from assessment_responses where id = '00000000-0000-4000-8000-00000000b101' $$), '1', 'an admin deletes a response');
select tests.act_as('service_role');
select is(tests.run($$ select * from assessment_responses $$), '3', 'the service role reads responses');

select * from finish();
rollback;
