-- What a taker sees of an assessment, and rating questions.
--
-- Takers cannot read public.assessments (it holds the answer key), so public.my_assessments() now
-- also returns the sections' ids, labels and weights and the pass mark, and shows each question and
-- option only through a list of display fields, so nothing added to the JSON later leaks by default.
--
-- Rating questions: { "id": "q7", "section": "attitude", "type": "rating", "prompt": "...",
--   "options": [ { "id": "1", "label": "1", "points": 0 }, ..., { "id": "5", "label": "5", "points": 4 } ] }
-- The scale's points are options carrying points (as src/domain/assessment-scoring.ts has them), the
-- answer is one option id, and it scores as 'single' does: the chosen point's points out of the best.

create or replace function private.score_assessment(questions jsonb, rules jsonb, answers jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  with question as (
    select q ->> 'id' as id, q ->> 'section' as section, coalesce(q ->> 'type', 'single') as type,
           coalesce(q -> 'options', '[]'::jsonb) as options
      from jsonb_array_elements(coalesce(questions, '[]'::jsonb)) q
  ),
  marked as (
    select question.section,
           case when question.type in ('single', 'rating')
                  then (select max((o ->> 'points')::numeric) from jsonb_array_elements(question.options) o)
                when question.type = 'multi'
                  then (select sum(greatest((o ->> 'points')::numeric, 0)) from jsonb_array_elements(question.options) o)
           end as possible,
           case when question.type in ('single', 'rating')
                  then (select (o ->> 'points')::numeric from jsonb_array_elements(question.options) o
                         where o ->> 'id' = answers ->> question.id limit 1)
                when question.type = 'multi'
                  then greatest((select sum((o ->> 'points')::numeric) from jsonb_array_elements(question.options) o
                                  where jsonb_typeof(answers -> question.id) = 'array'
                                    and (answers -> question.id) ? (o ->> 'id')), 0)
           end as earned
      from question
     where question.type in ('single', 'multi', 'rating')
  ),
  section as (
    select s ->> 'id' as id, coalesce((s ->> 'weight')::numeric, 1) as weight
      from jsonb_array_elements(coalesce(rules -> 'sections', '[]'::jsonb)) s
  ),
  section_score as (
    select section.id, section.weight,
           round(100 * greatest(coalesce(sum(marked.earned), 0), 0) / nullif(sum(marked.possible), 0), 2) as score
      from section
      left join marked on marked.section = section.id
     group by section.id, section.weight
  ),
  total as (
    select round(sum(weight * score) / nullif(sum(weight), 0), 2) as score
      from section_score
     where score is not null
  )
  select jsonb_build_object(
    'score', total.score,
    'passed', coalesce(total.score >= (rules ->> 'pass_mark')::numeric, false),
    'sections', coalesce((select jsonb_object_agg(id, score) from section_score), '{}'::jsonb)
  )
  from total
$$;
comment on function private.score_assessment(jsonb, jsonb, jsonb) is
  'Scores answers: single and rating by the chosen option''s points, multi by the chosen ones'' sum; text is not scored.';

-- The return type changes, which create or replace cannot do.
drop function public.my_assessments();

create function public.my_assessments()
returns table (
  assignment_id uuid,
  assessment_id uuid,
  title text,
  description text,
  questions jsonb,
  sections jsonb,
  pass_mark numeric,
  due_at timestamptz,
  status text
)
language sql
stable
security definer
set search_path = ''
as $$
  select aa.id, a.id, a.title, a.description,
         coalesce((
           select jsonb_agg(
                    jsonb_strip_nulls(jsonb_build_object(
                      'id', q -> 'id', 'section', q -> 'section', 'type', q -> 'type',
                      'prompt', q -> 'prompt', 'required', q -> 'required',
                      'options', case when jsonb_typeof(q -> 'options') = 'array' then coalesce((
                        select jsonb_agg(jsonb_build_object('id', o -> 'id', 'label', o -> 'label') order by o_ord)
                          from jsonb_array_elements(q -> 'options') with ordinality as opt(o, o_ord)
                      ), '[]'::jsonb) end))
                    order by q_ord)
             from jsonb_array_elements(a.questions) with ordinality as qs(q, q_ord)
         ), '[]'::jsonb),
         coalesce((
           select jsonb_agg(
                    jsonb_build_object(
                      'id', s ->> 'id', 'label', s ->> 'label',
                      -- As the scorer reads it: absent means 1; a weight that is not a number shows as null.
                      'weight', case when coalesce(jsonb_typeof(s -> 'weight'), 'null') = 'null' then 1
                                     when jsonb_typeof(s -> 'weight') = 'number' then (s ->> 'weight')::numeric end)
                    order by s_ord)
             from jsonb_array_elements(coalesce(a.scoring_rules -> 'sections', '[]'::jsonb)) with ordinality as ss(s, s_ord)
            where s ->> 'id' is not null
         ), '[]'::jsonb),
         (a.scoring_rules ->> 'pass_mark')::numeric,
         aa.due_at, aa.status
    from public.assessment_assignments aa
    join public.assessments a on a.id = aa.assessment_id
   where aa.user_id = (select auth.uid()) and a.is_active and aa.status <> 'cancelled'
   order by aa.due_at nulls last, a.title
$$;
comment on function public.my_assessments() is
  'The caller''s assignments: questions and options without points, sections (id, label, weight) and the pass mark.';

revoke execute on function public.my_assessments() from public, anon;
grant execute on function public.my_assessments() to authenticated, service_role;

revoke all on all functions in schema private from public;
