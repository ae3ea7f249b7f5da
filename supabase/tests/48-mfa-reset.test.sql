-- Resetting a person's second factor (migration mfa_reset): end_sessions_after_mfa_reset ends every
-- session of the person and audits mfa_reset, for an active admin at aal2 only and never for oneself;
-- people_sign_ins tells admins who has a verified factor.
begin;
\ir _support/helpers.psql
select plan(11);

-- tc1 has a verified factor and two sessions, one with a refresh token.
select tests.act_as('postgres');
insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
values ('00000000-0000-4000-8000-0000000f0001', tests.user_id('tc1'), 'Phone', 'totp', 'verified', now(), now(),
        'JBSWY3DPEHPK3PXP');
insert into auth.sessions (id, user_id, created_at, updated_at, aal)
values ('00000000-0000-4000-8000-0000000e0001', tests.user_id('tc1'), now(), now(), 'aal1'),
       ('00000000-0000-4000-8000-0000000e0002', tests.user_id('tc1'), now(), now(), 'aal1');
insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, session_id)
values ('00000000-0000-0000-0000-000000000000', 'h6-refresh-token', tests.user_id('tc1')::text, false, now(), now(),
        '00000000-0000-4000-8000-0000000e0001');

select tests.act_as('admin', 'aal1');
select is((select has_second_factor from people_sign_ins() where id = tests.user_id('tc1')), true,
  'an admin sees that tc1 has a second factor');
select is((select has_second_factor from people_sign_ins() where id = tests.user_id('tc2')), false,
  'and that tc2 has none');

select is(tests.run(format($$ select end_sessions_after_mfa_reset(%L, 1) $$, tests.user_id('tc1'))), '42501',
  'an admin at aal1 cannot end the sessions');
select tests.act_as('manager', 'aal2');
select is(tests.run(format($$ select end_sessions_after_mfa_reset(%L, 1) $$, tests.user_id('tc1'))), '42501',
  'a manager at aal2 cannot');
select tests.act_as('tc2', 'aal2');
select is(tests.run(format($$ select end_sessions_after_mfa_reset(%L, 1) $$, tests.user_id('tc1'))), '42501',
  'a telecaller cannot');

select tests.act_as('admin', 'aal2');
select is(tests.refusal(format($$ select end_sessions_after_mfa_reset(%L, 1) $$, tests.user_id('admin'))),
  'CANNOT_CHANGE_SELF', 'an admin cannot end their own sessions this way');
select is(tests.refusal($$ select end_sessions_after_mfa_reset('00000000-0000-4000-8000-00000000dead', 1) $$),
  'USER_NOT_FOUND', 'an unknown person is refused by code');
select is(tests.refusal(format($$ select end_sessions_after_mfa_reset(%L, 0) $$, tests.user_id('tc1'))),
  'INVALID_REQUEST', 'a reset that removed no factor ends no session: refused by code');

select is(end_sessions_after_mfa_reset(tests.user_id('tc1'), 1), 2, 'an admin at aal2 ends both sessions of tc1');
select tests.act_as('postgres');
select is((select count(*)::int from auth.sessions where user_id = tests.user_id('tc1'))
          + (select count(*)::int from auth.refresh_tokens where token = 'h6-refresh-token'), 0,
  'no session or refresh token of tc1 is left');
select results_eq(
  format($$ select actor_id, actor_role, old_value, new_value from audit_log
            where action = 'mfa_reset' and entity = 'profiles' and entity_id = %L $$, tests.user_id('tc1')),
  format($$ values (%L::uuid, 'admin', '{"factors": 1}'::jsonb, '{"factors": 0, "sessions_ended": 2}'::jsonb) $$,
         tests.user_id('admin')),
  'the reset is audited with the admin, the factors removed and the sessions ended');

select * from finish();
rollback;
