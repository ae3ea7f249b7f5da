-- An admin resets the second factor of a person who lost their authenticator. The admin-users Edge
-- Function first calls end_sessions_after_mfa_reset below with the admin's own token, which checks the
-- admin is at aal2, ends every session of the person (their refresh tokens go with them, so a stolen
-- session cannot go on) and audits mfa_reset; then it deletes the person's TOTP factors through Auth's
-- admin API (DELETE /admin/users/{id}/factors/{id}), which alone would only lower their sessions to aal1,
-- as GoTrue does. In that order a failed deletion leaves a factor for the admin's retry to find.
-- Admins also learn who has a verified factor (people_sign_ins gains has_second_factor).
--
-- And: product_currencies() is for signed-in people only; anon had it through the default privileges.

-- ---- The audit log learns mfa_reset ----

-- Added to whatever the list holds now, so a migration of the same session that grew it is kept.
do $$
declare
  v_actions text;
begin
  select string_agg(quote_literal(a.value), ', ' order by a.ord) into v_actions
    from (select m[1] as value, min(n) as ord
            from regexp_matches((select pg_get_constraintdef(c.oid) from pg_constraint c
                                  where c.conrelid = 'public.audit_log'::regclass
                                    and c.conname = 'audit_log_action_check'),
                                '''([^'']+)''', 'g') with ordinality as t (m, n)
           group by m[1]
          union all
          select 'mfa_reset', 1000) as a;
  alter table public.audit_log drop constraint audit_log_action_check;
  execute format('alter table public.audit_log add constraint audit_log_action_check check (action in (%s))',
                 v_actions);
end;
$$;

-- ---- Ending the person's sessions, audited ----

create function public.end_sessions_after_mfa_reset(p_person uuid, p_factors_removed integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_sessions integer;
begin
  if not private.is_active_admin_at_aal2() then
    raise exception 'only an active admin at aal2 resets a second factor' using errcode = '42501';
  end if;
  -- The admin's own sessions would go too, the one acting included.
  if p_person = (select auth.uid()) then
    raise exception 'an admin cannot reset their own second factor: another admin can'
      using errcode = 'P0001', hint = 'talentg:CANNOT_CHANGE_SELF';
  end if;
  if not exists (select 1 from public.profiles p where p.id = p_person) then
    raise exception 'nobody has the id %', p_person using errcode = 'P0002', hint = 'talentg:USER_NOT_FOUND';
  end if;
  if p_factors_removed is null or p_factors_removed < 1 then
    raise exception 'p_factors_removed must be the number of factors removed (at least 1)'
      using errcode = '22023', hint = 'talentg:INVALID_REQUEST';
  end if;
  -- Refresh tokens and amr claims go with their sessions (on delete cascade).
  delete from auth.sessions s where s.user_id = p_person;
  get diagnostics v_sessions = row_count;
  perform private.write_audit('mfa_reset', 'profiles', p_person,
                              jsonb_build_object('factors', p_factors_removed),
                              jsonb_build_object('factors', 0, 'sessions_ended', v_sessions));
  return v_sessions;
end;
$$;
comment on function public.end_sessions_after_mfa_reset(uuid, integer) is
  'After admin-users removed a person''s factors: ends all their sessions and audits mfa_reset (active admin at aal2, not oneself).';

revoke all on function public.end_sessions_after_mfa_reset(uuid, integer) from public, anon;
grant execute on function public.end_sessions_after_mfa_reset(uuid, integer) to authenticated;

-- ---- Who has a second factor, for admins ----

-- The return type grows, so the function is made again (an older workstation ignores the new column).
drop function public.people_sign_ins();
create function public.people_sign_ins()
returns table (id uuid, last_sign_in_at timestamptz, invited_at timestamptz, email_confirmed_at timestamptz,
               has_second_factor boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select u.id, u.last_sign_in_at, u.invited_at, u.email_confirmed_at,
         exists (select 1 from auth.mfa_factors f where f.user_id = u.id and f.status = 'verified')
    from auth.users u
   where private.is_admin()
$$;
revoke all on function public.people_sign_ins() from public, anon;
grant execute on function public.people_sign_ins() to authenticated;

-- ---- product_currencies(): signed-in people only ----

revoke execute on function public.product_currencies() from anon;
