-- People (migration people): (de)activations and invitations land in the audit log naming the admin;
-- recording an invitation and reading sign-ins are an active admin's at aal2 (sign-ins: any admin).
begin;
\ir _support/helpers.psql
select plan(14);

select has_trigger('public', 'profiles', 'profiles_audit_activity', 'profiles audit activity changes');

-- Deactivate and reactivate
select tests.act_as('admin', 'aal2');
select is(tests.run(format($$ update profiles set is_active = false where id = %L $$, tests.user_id('tc2'))), '1',
  'an admin at aal2 deactivates tc2');
select is(tests.run(format($$ update profiles set is_active = true where id = %L $$, tests.user_id('tc2'))), '1',
  'an admin at aal2 reactivates tc2');
select results_eq(
  format($$ select action, actor_id, actor_role, old_value, new_value from audit_log
            where entity = 'profiles' and entity_id = %L and action like 'person_%%' order by id $$, tests.user_id('tc2')),
  format($$ values ('person_deactivated', %1$L::uuid, 'admin', '{"is_active": true}'::jsonb, '{"is_active": false}'::jsonb),
                   ('person_reactivated', %1$L::uuid, 'admin', '{"is_active": false}'::jsonb, '{"is_active": true}'::jsonb) $$,
         tests.user_id('admin')),
  'each activity change is audited with the admin who made it and the old and new value');

select tests.act_as('admin', 'aal2');
select is(tests.run(format($$ update profiles set full_name = 'Arjun N.' where id = %L $$, tests.user_id('tc2'))), '1',
  'renaming tc2 is allowed');
select is((select count(*)::int from audit_log where entity_id = tests.user_id('tc2') and action like 'person_%'), 2,
  'a rename writes no activity entry');

-- record_person_invited
select tests.act_as('postgres');
insert into auth.users (id, email, invited_at, raw_app_meta_data, raw_user_meta_data)
values ('00000000-0000-4000-8000-0000000c1a01', 'invited@talentg.test', now(), '{}', '{"full_name": "Ina Vited"}');

select tests.act_as('admin', 'aal1');
select throws_ok($$ select record_person_invited('00000000-0000-4000-8000-0000000c1a01') $$,
  '42501', 'only an active admin at aal2 records an invitation', 'an admin at aal1 cannot record an invitation');
select tests.act_as('manager', 'aal2');
select throws_ok($$ select record_person_invited('00000000-0000-4000-8000-0000000c1a01') $$,
  '42501', 'only an active admin at aal2 records an invitation', 'a manager cannot record an invitation');
select tests.act_as('tc1', 'aal2');
select is(tests.run($$ select record_person_invited('00000000-0000-4000-8000-0000000c1a01') $$), '42501',
  'a telecaller cannot record an invitation');

select tests.act_as('admin', 'aal2');
select throws_ok(format($$ select record_person_invited(%L) $$, tests.user_id('tc1')),
  'P0002', NULL, 'a person who was never invited is not recorded as invited');
select lives_ok($$ select record_person_invited('00000000-0000-4000-8000-0000000c1a01') $$,
  'an active admin at aal2 records an invitation');
select results_eq(
  $$ select actor_id, new_value from audit_log where action = 'person_invited' $$,
  format($$ values (%L::uuid, '{"email": "invited@talentg.test", "role": "user", "full_name": "Ina Vited"}'::jsonb) $$,
         tests.user_id('admin')),
  'the invitation is audited with the admin and the person as invited');

-- people_sign_ins
select tests.act_as('admin', 'aal1');
select ok((select count(*) from people_sign_ins()) >= 6, 'an admin reads every person''s sign-in times');
select tests.act_as('tc1', 'aal2');
select is((select count(*)::int from people_sign_ins()), 0, 'a telecaller reads no sign-in times');

select * from finish();
rollback;
