-- Seats enforced, and staff take paid assessments (issue 15). team_seats (migration payments) recorded
-- what the team bought; this makes the database hold the team to it.
--
-- The seat rule, as an admin of a call centre reads it:
--   * A seat is taken by an active telecaller or manager: the people who work the floor on a
--     workstation. Admins take none (whoever owns the account must always be able to sign in and fix
--     billing, even after a refund), nor do 'user' accounts (candidates who only take assessments),
--     nor deactivated people.
--   * Seats bought are the sum of the unrevoked team_seats. A project that never bought seats (no
--     team_seats row at all, e.g. self-hosted without Stripe) is unlimited. Once it has bought some, the
--     limit holds even if every purchase was refunded (0 seats): a refund must not turn into unlimited.
--   * The limit is checked where a seat is taken: a profile that becomes an active telecaller or manager
--     (created so, reactivated, or moved from admin or user). Over the limit it is refused with
--     SEAT_LIMIT_REACHED, naming the seats bought and in use. Nothing else is refused: renaming,
--     deactivating, telecaller <-> manager.
--   * A refund that leaves fewer seats than active people deactivates nobody: the team keeps working,
--     and only new activations are refused until people are deactivated or seats are bought.
--   * Race-safe: every check takes one transaction-scoped advisory lock before it counts, so two
--     activations racing for the last seat run one after the other, and the second (a fresh snapshot per
--     statement, read committed) counts the first: one wins, the other gets SEAT_LIMIT_REACHED.
--   * The check applies to every caller, the service role too (Auth's admin API creating a telecaller):
--     the seed and tests that never bought seats are unlimited anyway.
--
-- Paid assessments for staff: an active manager or admin may take a paid assessment without buying it
-- (private.assessment_open_to below), and an admin at aal2 may grant an unlock to anyone
-- (grant_assessment_unlock), or take back a grant (revoke_assessment_unlock); both are audited.
-- assessment_unlocks so far came only from purchases: a grant has no purchase but names its admin.

-- ---- Who takes a seat, and how many are bought ----

create function private.takes_seat(p_role text, p_active boolean)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(p_active and p_role in ('telecaller', 'manager'), false)
$$;

-- used: active telecallers and managers; bought: the unrevoked seats, or null when the project never
-- bought any (unlimited).
create function private.seat_counts()
returns table (used integer, bought integer)
language sql
stable
security definer
set search_path = ''
as $$
  select (select count(*)::integer from public.profiles p where private.takes_seat(p.role, p.is_active)),
         case when exists (select 1 from public.team_seats)
              then (select coalesce(sum(s.seats), 0)::integer from public.team_seats s
                     where s.revoked_at is null)
         end
$$;

-- After the row is written, so the count includes it (and every row of a multi-row statement).
create function private.require_free_seat()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_used integer;
  v_bought integer;
begin
  if not private.takes_seat(new.role, new.is_active)
     or (tg_op = 'UPDATE' and private.takes_seat(old.role, old.is_active)) then
    return null;
  end if;
  -- One seat check at a time, held to commit: the next one counts this one.
  perform pg_advisory_xact_lock(hashtext('talentg.team_seats'));
  select c.used, c.bought into v_used, v_bought from private.seat_counts() c;
  if v_bought is not null and v_used > v_bought then
    perform private.refuse('SEAT_LIMIT_REACHED', format(
      'All seats are taken: %s of %s in use. Buy more seats or deactivate a telecaller or manager first.',
      v_used - 1, v_bought));
  end if;
  return null;
end;
$$;

create trigger profiles_require_free_seat
  after insert or update of role, is_active on public.profiles
  for each row execute function private.require_free_seat();

-- What the People screen shows: seats in use and bought (null: unlimited). Staff only: seats are the
-- team's, as team_seats_select says.
create function public.seat_usage()
returns table (seats_used integer, seats_bought integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_staff() then
    perform private.refuse('FORBIDDEN', 'Only a manager or an admin sees the team''s seats.');
  end if;
  return query select c.used, c.bought from private.seat_counts() c;
end;
$$;
comment on function public.seat_usage() is
  'Seats in use (active telecallers and managers) and bought (null when the project never bought seats: unlimited).';

-- ---- Staff take paid assessments; admins grant unlocks ----

-- Free, or p_user is an active manager or admin, or holds an unrevoked unlock (bought or granted).
create or replace function private.assessment_open_to(p_user uuid, p_assessment uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select not exists (select 1 from public.products p
                      where p.kind = 'assessment' and p.assessment_id = p_assessment)
      or exists (select 1 from public.profiles p
                  where p.id = p_user and p.is_active and p.role in ('manager', 'admin'))
      or exists (select 1 from public.assessment_unlocks u
                  where u.user_id = p_user and u.assessment_id = p_assessment and u.revoked_at is null)
$$;

alter table public.assessment_unlocks alter column purchase_id drop not null;
alter table public.assessment_unlocks
  add column granted_by uuid references public.profiles (id) on delete set null;
-- A purchase's unlock or an admin's grant; the admin may leave later (granted_by set null), the grant stays.
alter table public.assessment_unlocks
  add column source text not null default 'purchase',
  add constraint assessment_unlocks_source_check check (source in ('purchase', 'grant')),
  add constraint assessment_unlocks_purchase_check check ((source = 'purchase') = (purchase_id is not null));
comment on column public.assessment_unlocks.source is
  'purchase: a paid checkout (purchase_id); grant: an admin let this person take it (granted_by).';
create index assessment_unlocks_granted_by_idx on public.assessment_unlocks (granted_by);
-- One live grant per person and assessment.
create unique index assessment_unlocks_one_grant_idx on public.assessment_unlocks (user_id, assessment_id)
  where source = 'grant' and revoked_at is null;

-- The actions so far (email_outbox_admin) plus the grants'.
alter table public.audit_log drop constraint audit_log_action_check;
alter table public.audit_log add constraint audit_log_action_check
  check (action in ('role_changed', 'lead_assigned', 'reassigned_lead_write',
                    'person_invited', 'person_deactivated', 'person_reactivated', 'email_requeued',
                    'assessment_unlock_granted', 'assessment_unlock_revoked'));
alter table public.audit_log drop constraint audit_log_entity_check;
alter table public.audit_log add constraint audit_log_entity_check
  check (entity in ('profiles', 'leads', 'email_outbox', 'assessment_unlocks'));

-- p_user may take the paid assessment p_assessment without buying it; assigned to them too, as a
-- purchase does. Answers the unlock: the new grant, or the unlock they already hold (nothing recorded).
create function public.grant_assessment_unlock(p_user_id uuid, p_assessment_id uuid)
returns public.assessment_unlocks
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.assessment_unlocks;
begin
  if not private.is_admin() then
    perform private.refuse('FORBIDDEN', 'Only an admin grants a paid assessment.');
  end if;
  if not private.is_active_admin_at_aal2() then
    perform private.refuse('AAL2_REQUIRED', 'Enter a code from your authenticator app first.');
  end if;
  if not exists (select 1 from public.profiles p where p.id = p_user_id) then
    perform private.refuse('USER_NOT_FOUND', format('Nobody has the id %s.', p_user_id));
  end if;
  if not exists (select 1 from public.assessments a where a.id = p_assessment_id) then
    perform private.refuse('ASSESSMENT_NOT_FOUND', format('There is no assessment %s.', p_assessment_id));
  end if;
  if not exists (select 1 from public.products p
                  where p.kind = 'assessment' and p.assessment_id = p_assessment_id) then
    perform private.refuse('INVALID_REQUEST',
      'This assessment is free: everyone assigned to it can take it, so there is nothing to grant.');
  end if;
  select * into v_row from public.assessment_unlocks u
   where u.user_id = p_user_id and u.assessment_id = p_assessment_id and u.revoked_at is null
   order by u.created_at
   limit 1;
  if found then
    return v_row;
  end if;
  insert into public.assessment_unlocks (user_id, assessment_id, source, granted_by)
  values (p_user_id, p_assessment_id, 'grant', (select auth.uid()))
  returning * into v_row;
  insert into public.assessment_assignments (assessment_id, user_id, assigned_by)
  values (p_assessment_id, p_user_id, (select auth.uid()))
  on conflict (assessment_id, user_id) do nothing;
  perform private.write_audit('assessment_unlock_granted', 'assessment_unlocks', v_row.id, null,
    jsonb_build_object('user_id', p_user_id, 'assessment_id', p_assessment_id));
  return v_row;
end;
$$;

-- Takes back an admin's grant (a purchase is taken back only by its refund). Answers the revoked unlock.
create function public.revoke_assessment_unlock(p_unlock_id uuid)
returns public.assessment_unlocks
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.assessment_unlocks;
begin
  if not private.is_admin() then
    perform private.refuse('FORBIDDEN', 'Only an admin takes back a granted assessment.');
  end if;
  if not private.is_active_admin_at_aal2() then
    perform private.refuse('AAL2_REQUIRED', 'Enter a code from your authenticator app first.');
  end if;
  select * into v_row from public.assessment_unlocks u where u.id = p_unlock_id for update;
  if not found then
    perform private.refuse('UNLOCK_NOT_FOUND', format('There is no unlock %s.', p_unlock_id));
  end if;
  if v_row.source <> 'grant' then
    perform private.refuse('INVALID_REQUEST',
      'This unlock was bought: it is taken back only by refunding the payment in Stripe.');
  end if;
  if v_row.revoked_at is not null then
    return v_row;
  end if;
  update public.assessment_unlocks u set revoked_at = now() where u.id = p_unlock_id
  returning * into v_row;
  perform private.write_audit('assessment_unlock_revoked', 'assessment_unlocks', v_row.id,
    jsonb_build_object('user_id', v_row.user_id, 'assessment_id', v_row.assessment_id), null);
  return v_row;
end;
$$;

revoke all on all functions in schema private from public;
revoke all on function public.seat_usage(), public.grant_assessment_unlock(uuid, uuid),
  public.revoke_assessment_unlock(uuid) from public, anon;
grant execute on function public.seat_usage(), public.grant_assessment_unlock(uuid, uuid),
  public.revoke_assessment_unlock(uuid) to authenticated;
