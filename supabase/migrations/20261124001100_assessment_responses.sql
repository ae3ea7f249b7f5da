-- Responses to assessments and their results. Scores are computed here on submission, never
-- taken from the client, so a taker cannot award themselves a pass.

create table public.assessment_responses (
  id uuid primary key default gen_random_uuid(),
  -- Results are records: retire an assessment with is_active rather than deleting it.
  assessment_id uuid not null references public.assessments (id) on delete restrict,
  -- The taker, or the telecaller running it with a lead; their results go with their account.
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  -- Set when a telecaller runs it with a lead; the result stays if the lead is erased.
  lead_id uuid references public.leads (id) on delete set null,
  answers jsonb not null default '{}'::jsonb,
  status text not null default 'in_progress',
  score numeric(5, 2),
  section_scores jsonb,
  passed boolean,
  started_at timestamptz not null default now(),
  submitted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint assessment_responses_answers_check check (jsonb_typeof(answers) = 'object'),
  constraint assessment_responses_status_check check (status in ('in_progress', 'submitted')),
  constraint assessment_responses_score_check check (score is null or score between 0 and 100),
  constraint assessment_responses_submitted_check check ((status = 'submitted') = (submitted_at is not null))
);
comment on table public.assessment_responses is 'Answers and server-computed results; a taker sees only their own.';
create index assessment_responses_user_id_idx on public.assessment_responses (user_id, assessment_id);
create index assessment_responses_assessment_id_idx on public.assessment_responses (assessment_id);
create index assessment_responses_lead_id_idx on public.assessment_responses (lead_id);

create trigger assessment_responses_set_updated_at
  before update on public.assessment_responses
  for each row execute function private.set_updated_at();

-- Scores the response when it is submitted; while in progress a user cannot write results.
create function private.score_response()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  result jsonb;
  from_user boolean := auth.uid() is not null;
begin
  if new.status = 'submitted' and (tg_op = 'INSERT' or old.status <> 'submitted') then
    select private.score_assessment(a.questions, a.scoring_rules, new.answers)
      into result
      from public.assessments a
     where a.id = new.assessment_id;
    new.score := (result ->> 'score')::numeric;
    new.passed := (result ->> 'passed')::boolean;
    new.section_scores := result -> 'sections';
    new.submitted_at := case when from_user then now() else coalesce(new.submitted_at, now()) end;
  elsif new.status = 'in_progress' then
    new.score := null;
    new.passed := null;
    new.section_scores := null;
    new.submitted_at := null;
  end if;
  return new;
end;
$$;

create trigger assessment_responses_score
  before insert or update on public.assessment_responses
  for each row execute function private.score_response();

create function private.complete_assignment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'submitted' and (tg_op = 'INSERT' or old.status <> 'submitted') then
    update public.assessment_assignments
       set status = 'completed'
     where assessment_id = new.assessment_id and user_id = new.user_id and status = 'assigned';
  end if;
  return null;
end;
$$;

create trigger assessment_responses_complete_assignment
  after insert or update of status on public.assessment_responses
  for each row execute function private.complete_assignment();

alter table public.assessment_responses enable row level security;

create policy assessment_responses_select on public.assessment_responses
  for select to authenticated
  using ((select private.is_staff()) or user_id = (select auth.uid()));

-- Only what was assigned to you, as yourself, and with a lead only if you hold it.
create policy assessment_responses_insert on public.assessment_responses
  for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and assessment_id in (
      select aa.assessment_id from public.assessment_assignments aa
       where aa.user_id = (select auth.uid()) and aa.status <> 'cancelled'
    )
    and (lead_id is null or lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid())))
  );

-- A submitted response is final; only its taker edits it, and only while in progress.
create policy assessment_responses_update on public.assessment_responses
  for update to authenticated
  using (user_id = (select auth.uid()) and status = 'in_progress')
  with check (
    user_id = (select auth.uid())
    and assessment_id in (
      select aa.assessment_id from public.assessment_assignments aa
       where aa.user_id = (select auth.uid()) and aa.status <> 'cancelled'
    )
    and (lead_id is null or lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid())))
  );

create policy assessment_responses_delete on public.assessment_responses
  for delete to authenticated
  using ((select private.is_admin()));

-- Results: submitted responses, under the caller's own row-level security.
create view public.assessment_results
with (security_invoker = true)
as
select r.id, r.assessment_id, r.user_id, r.lead_id, r.score, r.passed, r.section_scores, r.submitted_at
  from public.assessment_responses r
 where r.status = 'submitted';
comment on view public.assessment_results is 'Scored, submitted assessment responses (RLS of assessment_responses applies).';

-- What a taker sees of their assignments. Takers cannot read public.assessments (it holds the answer
-- key), so this returns the sections' ids, labels and weights and the pass mark, and shows each question
-- and option only through a list of display fields, so nothing added to the JSON later leaks by default.
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

revoke all on table public.assessment_responses, public.assessment_results from anon;
revoke execute on function public.my_assessments() from public, anon;
grant execute on function public.my_assessments() to authenticated, service_role;

revoke all on all functions in schema private from public;
