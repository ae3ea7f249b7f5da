-- A completed assignment is final for its taker. Submitting completes the assignment, but the insert
-- policy let the taker start a new response (and an older in-progress one stayed open), so they could
-- resubmit and read the answer key off the section scores. Now a taker writes answers only while the
-- assignment is still 'assigned': not once it is completed, nor cancelled.

alter policy assessment_responses_insert on public.assessment_responses
  with check (
    user_id = (select auth.uid())
    and assessment_id in (
      select aa.assessment_id from public.assessment_assignments aa
       where aa.user_id = (select auth.uid()) and aa.status = 'assigned'
    )
    and (lead_id is null or lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid())))
  );

alter policy assessment_responses_update on public.assessment_responses
  using (
    user_id = (select auth.uid())
    and status = 'in_progress'
    and assessment_id in (
      select aa.assessment_id from public.assessment_assignments aa
       where aa.user_id = (select auth.uid()) and aa.status = 'assigned'
    )
  )
  with check (
    user_id = (select auth.uid())
    and assessment_id in (
      select aa.assessment_id from public.assessment_assignments aa
       where aa.user_id = (select auth.uid()) and aa.status = 'assigned'
    )
    and (lead_id is null or lead_id in (select l.id from public.leads l where l.assigned_to = (select auth.uid())))
  );
