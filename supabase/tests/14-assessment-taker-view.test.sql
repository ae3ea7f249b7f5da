-- What a taker sees of an assessment through my_assessments(): section titles, weights and the pass
-- mark, never the answer key; and rating questions, scored by the chosen scale point's points.
-- Seed fixtures: A1 (readiness, sections communication x2 / product / compliance, pass mark 60),
-- assigned to user@ and tc1@. A fixture A4 below, with a rating question and fields an admin might
-- add that give the scoring away, is assigned to tc1@ only.
begin;
\ir _support/helpers.psql
select plan(27);

create function tests.a(n integer)
returns uuid
language sql
immutable
as $$ select ('00000000-0000-4000-8000-00000000a00' || n)::uuid $$;

insert into assessments (id, title, questions, scoring_rules) values (tests.a(4), 'Attitude check',
  $json$[
    {"id": "q1", "section": "attitude", "type": "rating", "prompt": "How much do you enjoy calling?",
     "answer": "5", "explanation": "Five is best",
     "options": [{"id": "1", "label": "1", "points": 0, "correct": false},
                 {"id": "2", "label": "2", "points": 1},
                 {"id": "3", "label": "3", "points": 2},
                 {"id": "4", "label": "4", "points": 3},
                 {"id": "5", "label": "5", "points": 4, "correct": true}]},
    {"id": "q2", "section": "knowledge", "type": "single", "prompt": "DNC means?", "required": true,
     "options": [{"id": "a", "label": "Do not call", "points": 1}, {"id": "b", "label": "Do call", "points": 0}]},
    {"id": "q3", "section": "unlisted", "type": "text", "prompt": "Anything else?"}
  ]$json$,
  $json${"sections": [{"id": "attitude", "label": "Attitude", "weight": 1, "rubric": "4+ on q1"},
                      {"id": "knowledge", "weight": 3, "key": {"q2": "a"}}],
         "pass_mark": 75}$json$);
insert into assessment_assignments (assessment_id, user_id) values (tests.a(4), tests.user_id('tc1'));

-- Who may call it: the grants are unchanged by the new return type.
select ok(not has_function_privilege('anon', 'public.my_assessments()', 'execute'), 'anon cannot call my_assessments()');
select ok(has_function_privilege('authenticated', 'public.my_assessments()', 'execute'), 'signed-in people call my_assessments()');
select ok(has_function_privilege('service_role', 'public.my_assessments()', 'execute'), 'the service role calls my_assessments()');
select is((select count(*) from pg_proc p, aclexplode(p.proacl) acl
            where p.oid = 'public.my_assessments()'::regprocedure and acl.grantee = 0), 0::bigint,
  'PUBLIC holds no grant on my_assessments()');
select is((select prosecdef from pg_proc where oid = 'public.my_assessments()'::regprocedure), true,
  'my_assessments() runs as its owner (takers cannot read assessments themselves)');

-- A taker sees section titles, weights and the pass mark.
select tests.act_as('tc1');
select is(tests.run($$ select * from assessments $$), '0', 'a telecaller still cannot read the assessments table');
select is((select sections from my_assessments() where assessment_id = tests.a(1)),
  '[{"id": "communication", "label": "Communication", "weight": 2},
    {"id": "product", "label": "Programme knowledge", "weight": 1},
    {"id": "compliance", "label": "Compliance", "weight": 1}]'::jsonb,
  'the taker sees the seed assessment''s sections in order, with their labels and weights');
select is((select pass_mark from my_assessments() where assessment_id = tests.a(1)), 60::numeric, 'and its pass mark');
select is((select sections from my_assessments() where assessment_id = tests.a(4)),
  '[{"id": "attitude", "label": "Attitude", "weight": 1}, {"id": "knowledge", "label": null, "weight": 3}]'::jsonb,
  'a section shows only id, label and weight (no rubric or key an admin added); an unlabelled one has a null label');

-- ... and no answer key.
select is((select count(*) from my_assessments() m where jsonb_path_exists(to_jsonb(m), 'strict $.**.points')), 0::bigint,
  'no option points anywhere in what the taker sees');
select is((select count(*) from my_assessments() m
            where jsonb_path_exists(to_jsonb(m), 'strict $.**.correct') or jsonb_path_exists(to_jsonb(m), 'strict $.**.answer')
               or jsonb_path_exists(to_jsonb(m), 'strict $.**.explanation') or jsonb_path_exists(to_jsonb(m), 'strict $.**.rubric')
               or jsonb_path_exists(to_jsonb(m), 'strict $.**.key')), 0::bigint,
  'nor any other field an admin added to a question, option or section');
select is((select questions -> 0 from my_assessments() where assessment_id = tests.a(4)),
  '{"id": "q1", "section": "attitude", "type": "rating", "prompt": "How much do you enjoy calling?",
    "options": [{"id": "1", "label": "1"}, {"id": "2", "label": "2"}, {"id": "3", "label": "3"},
                {"id": "4", "label": "4"}, {"id": "5", "label": "5"}]}'::jsonb,
  'a rating question reaches the taker with its scale and nothing else');
select is((select questions -> 1 ->> 'required' from my_assessments() where assessment_id = tests.a(4)), 'true',
  'a question''s required flag reaches the taker');
select is((select questions -> 2 from my_assessments() where assessment_id = tests.a(4)),
  '{"id": "q3", "section": "unlisted", "type": "text", "prompt": "Anything else?"}'::jsonb,
  'a text question has no options');
select is((select jsonb_array_length(questions) from my_assessments() where assessment_id = tests.a(1)), 6,
  'the seed assessment''s questions are all there');

-- Another user sees nothing of it.
select tests.act_as('user');
select is((select count(*) from my_assessments() where assessment_id = tests.a(4)), 0::bigint,
  'user@ does not see an assessment assigned to tc1@ only');
select is((select count(*) from my_assessments()), 2::bigint, 'user@ sees their own two assignments only');
select tests.act_as('tc2');
select is((select count(*) from my_assessments()), 0::bigint, 'tc2 sees nothing');
select tests.act_as('postgres');
update assessment_assignments set status = 'cancelled' where assessment_id = tests.a(4);
select tests.act_as('tc1');
select is((select count(*) from my_assessments() where assessment_id = tests.a(4)), 0::bigint,
  'a cancelled assignment is no longer shown to its taker');
select tests.act_as('postgres');
update assessment_assignments set status = 'assigned' where assessment_id = tests.a(4);

-- A rating question scores its chosen point's points out of the best point's.
select is(private.score_assessment(questions, scoring_rules, '{"q1": "4", "q2": "a"}'),
  '{"score": 93.75, "passed": true, "sections": {"attitude": 75.00, "knowledge": 100.00}}'::jsonb,
  'rating 4 of 5 earns 3 of 4 points: (1 x 75 + 3 x 100) / 4 = 93.75')
  from assessments where id = tests.a(4);
select is(private.score_assessment(questions, scoring_rules, '{"q1": "1", "q2": "a"}') -> 'sections' ->> 'attitude', '0.00',
  'the lowest point earns its 0 points') from assessments where id = tests.a(4);
select is(private.score_assessment(questions, scoring_rules, '{"q1": ["5"], "q2": "a"}') -> 'sections' ->> 'attitude', '0.00',
  'a rating answered with a list earns nothing') from assessments where id = tests.a(4);
select is(private.score_assessment(questions, scoring_rules, '{"q1": "9", "q2": "a"}') -> 'sections' ->> 'attitude', '0.00',
  'a point off the scale earns nothing') from assessments where id = tests.a(4);
select is(private.score_assessment(questions, scoring_rules, '{"q2": "a"}') ->> 'passed', 'true',
  'an unanswered rating counts as 0 in its section: (0 + 300) / 4 = 75 meets the pass mark of 75')
  from assessments where id = tests.a(4);

-- Through the taker's own submission, under RLS and the scoring trigger.
select tests.act_as('tc1');
select is(tests.run(format($$ insert into assessment_responses (id, assessment_id, answers) values ('00000000-0000-4000-8000-00000000b401', %L, '{"q1": "5"}') $$, tests.a(4))), '1',
  'tc1 starts the rating assessment');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "3", "q2": "b", "q3": "No"}', status = 'submitted' where id = '00000000-0000-4000-8000-00000000b401' $$), '1',
  'and submits it');
select is((select (score, passed, section_scores) from assessment_responses where id = '00000000-0000-4000-8000-00000000b401'),
  (12.50::numeric, false, '{"attitude": 50.00, "knowledge": 0.00}'::jsonb),
  'the database scores the rating 3 as 2 of 4 points: (1 x 50 + 3 x 0) / 4 = 12.50, below 75');

select * from finish();
rollback;
