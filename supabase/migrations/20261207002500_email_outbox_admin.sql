-- The admin's view of the email queue (issue 15): counts by state in one call, and sending a dead email
-- again. Admins already read the rows (email_outbox_select); a dead row goes back to the queue only
-- through email_requeue, by an active admin at aal2, recorded in the audit log.

alter table public.audit_log drop constraint audit_log_action_check;
alter table public.audit_log add constraint audit_log_action_check
  check (action in ('role_changed', 'lead_assigned', 'reassigned_lead_write',
                    'person_invited', 'person_deactivated', 'person_reactivated', 'email_requeued'));
alter table public.audit_log drop constraint audit_log_entity_check;
alter table public.audit_log add constraint audit_log_entity_check
  check (entity in ('profiles', 'leads', 'email_outbox'));

-- How many emails are in each state, and the oldest one waiting: what the screen's strip shows.
create function public.email_outbox_counts()
returns table (state text, emails bigint, oldest_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    perform private.refuse('FORBIDDEN', 'Only an admin sees the email queue.');
  end if;
  return query
    select s.state, count(o.id), min(o.created_at)
      from unnest(array['queued', 'sending', 'sent', 'dead']) as s (state)
      left join public.email_outbox o on o.state = s.state
     group by s.state
     order by array_position(array['queued', 'sending', 'sent', 'dead'], s.state);
end;
$$;

-- A dead email queued again with a fresh set of attempts, due now. Its dedupe key stays, so it is still
-- sent at most once; an address that unsubscribed meanwhile is skipped again by claim_emails.
create function public.email_requeue(p_id uuid)
returns public.email_outbox
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.email_outbox;
begin
  if not private.is_admin() then
    perform private.refuse('FORBIDDEN', 'Only an admin sends an email again.');
  end if;
  if not private.is_active_admin_at_aal2() then
    perform private.refuse('AAL2_REQUIRED', 'Enter a code from your authenticator app first.');
  end if;
  select * into v_row from public.email_outbox o where o.id = p_id for update;
  if not found then
    perform private.refuse('EMAIL_NOT_FOUND', format('No email %s in the queue.', p_id));
  end if;
  if v_row.state <> 'dead' then
    perform private.refuse('EMAIL_NOT_DEAD',
      format('Only a dead email is sent again; this one is %s.', v_row.state));
  end if;
  update public.email_outbox o
     set state = 'queued', attempts = 0, next_attempt_at = now()
   where o.id = p_id
  returning * into v_row;
  insert into public.audit_log (actor_id, actor_role, action, entity, entity_id, old_value, new_value)
  values ((select auth.uid()), 'admin', 'email_requeued', 'email_outbox', p_id,
          jsonb_build_object('state', 'dead', 'last_error', v_row.last_error),
          jsonb_build_object('state', 'queued'));
  return v_row;
end;
$$;

revoke all on function public.email_outbox_counts() from public, anon;
revoke all on function public.email_requeue(uuid) from public, anon;
grant execute on function public.email_outbox_counts() to authenticated;
grant execute on function public.email_requeue(uuid) to authenticated;
