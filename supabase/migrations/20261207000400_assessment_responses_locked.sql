-- A completed assignment is final for a taker answering for themselves. Submitting completes the
-- assignment, but the insert policy let the taker start a new response (and an older in-progress one
-- stayed open), so they could resubmit and read the answer key off the section scores.
--
-- Two kinds of response, two rules:
--   * for oneself (lead_id null): answers go in only while the assignment is still 'assigned';
--   * with a lead (a telecaller running the assessment with each lead they call): every lead the
--     telecaller holds may take it while the assignment is not cancelled, but each lead once: a
--     second submitted response for the same lead is refused by a unique index (23505), so probing
--     the key costs a lead a try.

alter policy assessment_responses_insert on public.assessment_responses
  with check (
    user_id = (select auth.uid())
    and (
      (lead_id is null and assessment_id in (
        select aa.assessment_id from public.assessment_assignments aa
         where aa.user_id = (select auth.uid()) and aa.status = 'assigned'
      ))
      or (lead_id is not null
          and lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid()))
          and assessment_id in (
            select aa.assessment_id from public.assessment_assignments aa
             where aa.user_id = (select auth.uid()) and aa.status <> 'cancelled'
          ))
    )
  );

alter policy assessment_responses_update on public.assessment_responses
  using (
    user_id = (select auth.uid())
    and status = 'in_progress'
    and (
      (lead_id is null and assessment_id in (
        select aa.assessment_id from public.assessment_assignments aa
         where aa.user_id = (select auth.uid()) and aa.status = 'assigned'
      ))
      or (lead_id is not null and assessment_id in (
        select aa.assessment_id from public.assessment_assignments aa
         where aa.user_id = (select auth.uid()) and aa.status <> 'cancelled'
      ))
    )
  )
  with check (
    user_id = (select auth.uid())
    and (
      (lead_id is null and assessment_id in (
        select aa.assessment_id from public.assessment_assignments aa
         where aa.user_id = (select auth.uid()) and aa.status = 'assigned'
      ))
      or (lead_id is not null
          and lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid()))
          and assessment_id in (
            select aa.assessment_id from public.assessment_assignments aa
             where aa.user_id = (select auth.uid()) and aa.status <> 'cancelled'
          ))
    )
  );

-- One scored result per lead and assessment.
create unique index assessment_responses_one_submitted_per_lead
  on public.assessment_responses (assessment_id, lead_id)
  where status = 'submitted' and lead_id is not null;
