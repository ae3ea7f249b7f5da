-- Assessments (authored by admins) and who must take them.
--
-- JSON shapes (scored by private.score_assessment; src/domain mirrors it):
--   questions: [
--     { "id": "q1", "section": "communication", "type": "single" | "multi" | "rating" | "text",
--       "prompt": "...", "options": [ { "id": "a", "label": "...", "points": 4 }, ... ] }
--   ]
--   scoring_rules: {
--     "sections": [ { "id": "communication", "label": "Communication", "weight": 2 }, ... ],
--     "pass_mark": 60          -- percent, 0-100
--   }
--   answers (assessment_responses.answers): { "q1": "a", "q2": ["a", "c"], "q3": "free text" }
-- A rating question is a scale whose points are options carrying points (as
-- src/domain/assessment-scoring.ts has them), answered with one option id:
--   { "id": "q7", "section": "attitude", "type": "rating", "prompt": "...",
--     "options": [ { "id": "1", "label": "1", "points": 0 }, ..., { "id": "5", "label": "5", "points": 4 } ] }
-- A section scores 100 * points earned / points possible ('single' and 'rating': the chosen option's
-- points out of the best option's; 'multi': the sum of chosen options' points, floored at 0, out of
-- the sum of the positive ones; 'text' is not scored). The total is the weight-averaged section score
-- of the sections that have scored questions, rounded to 2 places; passed means total >= pass_mark.
-- Questions whose section is not listed in scoring_rules.sections do not count.
-- Option points are the answer key: takers read questions through public.my_assessments(),
-- which shows only their display fields, and never read this table directly.

create table public.assessments (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  description text not null default '',
  questions jsonb not null default '[]'::jsonb,
  scoring_rules jsonb not null default '{}'::jsonb,
  is_active boolean not null default true,
  -- An assessment outlives its author's account.
  created_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint assessments_title_check check (char_length(btrim(title)) between 1 and 200),
  constraint assessments_questions_check check (jsonb_typeof(questions) = 'array'),
  constraint assessments_scoring_rules_check check (
    jsonb_typeof(scoring_rules) = 'object'
    and (scoring_rules -> 'sections' is null or jsonb_typeof(scoring_rules -> 'sections') = 'array')
  ),
  constraint assessments_pass_mark_check check (
    scoring_rules -> 'pass_mark' is null
    or (jsonb_typeof(scoring_rules -> 'pass_mark') = 'number'
        and (scoring_rules ->> 'pass_mark')::numeric between 0 and 100)
  )
);
comment on table public.assessments is 'Assessments with questions and scoring rules; takers use my_assessments().';
create index assessments_created_by_idx on public.assessments (created_by);

create trigger assessments_set_updated_at
  before update on public.assessments
  for each row execute function private.set_updated_at();

create table public.assessment_assignments (
  id uuid primary key default gen_random_uuid(),
  -- An assignment of a removed assessment, or for a removed person, means nothing.
  assessment_id uuid not null references public.assessments (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  -- Kept when the assigning manager leaves.
  assigned_by uuid default auth.uid() references public.profiles (id) on delete set null,
  due_at timestamptz,
  status text not null default 'assigned',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint assessment_assignments_status_check check (status in ('assigned', 'completed', 'cancelled')),
  constraint assessment_assignments_assessment_user_key unique (assessment_id, user_id)
);
comment on table public.assessment_assignments is 'Who must take which assessment; completed by trigger on submission.';
create index assessment_assignments_user_id_idx on public.assessment_assignments (user_id, status);
create index assessment_assignments_assigned_by_idx on public.assessment_assignments (assigned_by);

create trigger assessment_assignments_set_updated_at
  before update on public.assessment_assignments
  for each row execute function private.set_updated_at();

-- The scoring described above, as one set-based expression. Returns
-- { "score": 72.5, "passed": true, "sections": { "<section id>": 80.0, ... } }.
create function private.score_assessment(questions jsonb, rules jsonb, answers jsonb)
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

alter table public.assessments enable row level security;
alter table public.assessment_assignments enable row level security;

-- Staff read assessments (answer key included); admins author them.
create policy assessments_select on public.assessments
  for select to authenticated
  using ((select private.is_staff()));

create policy assessments_insert on public.assessments
  for insert to authenticated
  with check ((select private.is_admin()));

create policy assessments_update on public.assessments
  for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy assessments_delete on public.assessments
  for delete to authenticated
  using ((select private.is_admin()));

-- People see their own assignments; staff assign and see all.
create policy assessment_assignments_select on public.assessment_assignments
  for select to authenticated
  using ((select private.is_staff()) or user_id = (select auth.uid()));

create policy assessment_assignments_insert on public.assessment_assignments
  for insert to authenticated
  with check ((select private.is_staff()));

create policy assessment_assignments_update on public.assessment_assignments
  for update to authenticated
  using ((select private.is_staff()))
  with check ((select private.is_staff()));

create policy assessment_assignments_delete on public.assessment_assignments
  for delete to authenticated
  using ((select private.is_staff()));

revoke all on table public.assessments, public.assessment_assignments from anon;

revoke all on all functions in schema private from public;
