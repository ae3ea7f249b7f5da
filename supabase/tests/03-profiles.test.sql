-- Profiles: created from auth.users, roles changed only by admins and never by oneself,
-- visible per role. Access matrix for anon, user, telecaller, manager, admin and service_role.
begin;
\ir _support/helpers.psql
select plan(44);

-- Creation from auth.users
insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data)
values
  ('00000000-0000-4000-8000-0000000000f1', 'new.tc@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Neha Iyer"}'),
  ('00000000-0000-4000-8000-0000000000f2', 'sneaky@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "superadmin"}', '{"full_name": "Sneaky", "role": "admin"}'),
  ('00000000-0000-4000-8000-0000000000f3', 'plain@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email"}', '{"name": "Plain Person"}');

select is((select (role, full_name, email) from profiles where id = '00000000-0000-4000-8000-0000000000f1'),
  ('telecaller'::text, 'Neha Iyer'::text, 'new.tc@talentg.test'::text),
  'a new auth user gets a profile with the role from app metadata and the name from user metadata');
select is((select role from profiles where id = '00000000-0000-4000-8000-0000000000f2'), 'user',
  'an unknown app role falls back to user; a role in user metadata (user-controlled) is ignored');
select is((select (role, full_name) from profiles where id = '00000000-0000-4000-8000-0000000000f3'),
  ('user'::text, 'Plain Person'::text), 'no app role means user; "name" is used when "full_name" is absent');
select is((select count(*) from audit_log where entity = 'profiles' and entity_id = '00000000-0000-4000-8000-0000000000f1'
             and action = 'role_changed' and new_value = '{"role": "telecaller"}'), 1::bigint,
  'the initial role is audited');
update auth.users set email = 'neha.iyer@talentg.test' where id = '00000000-0000-4000-8000-0000000000f1';
select is((select email from profiles where id = '00000000-0000-4000-8000-0000000000f1'), 'neha.iyer@talentg.test',
  'an email change in auth reaches the profile');

-- anon
select tests.act_as('anon');
select is(tests.run($$ select * from profiles $$), '42501', 'anon cannot read profiles');
select is(tests.run($$ insert into profiles (id) values ('00000000-0000-4000-8000-0000000000f3') $$), '42501', 'anon cannot insert profiles');
select is(tests.run($$ update profiles set full_name = 'x' $$), '42501', 'anon cannot update profiles');
select is(tests.run($$ delete from profiles $$), '42501', 'anon cannot delete profiles');

-- user
select tests.act_as('user');
select is(tests.run(format($$ select * from profiles where id = %L $$, tests.user_id('user'))), '1', 'a user reads their own profile');
select is(tests.run($$ select * from profiles $$), '1', 'a user reads no other profile');
select is(tests.run($$ insert into profiles (id, email) values ('00000000-0000-4000-8000-0000000000f3', 'x@y.z') $$), '42501',
  'a user cannot insert a profile');
select is(tests.run(format($$ update profiles set full_name = 'Sameer K.' where id = %L $$, tests.user_id('user'))), '1',
  'a user renames themselves');
select is(tests.run(format($$ update profiles set full_name = 'Hacked' where id = %L $$, tests.user_id('admin'))), '0',
  'a user cannot rename someone else');
select throws_ok(format($$ update profiles set role = 'admin' where id = %L $$, tests.user_id('user')),
  '42501', 'nobody can change their own role or activity', 'a user cannot raise their own role');
select is(tests.run(format($$ delete from profiles where id = %L $$, tests.user_id('user'))), '0', 'a user cannot delete their profile');

-- telecaller
select tests.act_as('tc1');
select set_eq($$ select email from profiles $$,
  array['admin@talentg.test', 'manager@talentg.test', 'tc1@talentg.test', 'tc2@talentg.test', 'neha.iyer@talentg.test'],
  'a telecaller sees the floor (staff and telecallers), not assessment-only users');
select is(tests.run($$ insert into profiles (id, email) values ('00000000-0000-4000-8000-0000000000f3', 'x@y.z') $$), '42501',
  'a telecaller cannot insert a profile');
select throws_ok(format($$ update profiles set role = 'admin' where id = %L $$, tests.user_id('tc1')),
  '42501', 'nobody can change their own role or activity', 'a telecaller cannot raise their own role to admin');
select throws_ok(format($$ update profiles set role = 'manager' where id = %L $$, tests.user_id('tc1')),
  '42501', 'nobody can change their own role or activity', 'a telecaller cannot raise their own role to manager');
select throws_ok(format($$ update profiles set is_active = false where id = %L $$, tests.user_id('tc1')),
  '42501', 'nobody can change their own role or activity', 'a telecaller cannot change their own activity');
select throws_ok(format($$ update profiles set email = 'me@elsewhere.test' where id = %L $$, tests.user_id('tc1')),
  '42501', 'the email is managed by auth; change it through the auth API', 'a telecaller cannot change their profile email');
select is(tests.run(format($$ update profiles set full_name = 'Priya R.' where id = %L $$, tests.user_id('tc1'))), '1',
  'a telecaller renames themselves');
select is(tests.run(format($$ update profiles set role = 'user' where id = %L $$, tests.user_id('tc2'))), '0',
  'a telecaller cannot demote a colleague');
select is(tests.run(format($$ delete from profiles where id = %L $$, tests.user_id('tc2'))), '0', 'a telecaller cannot delete a profile');

-- manager
select tests.act_as('manager');
select is(tests.run($$ select * from profiles $$), '8', 'a manager sees every profile');
select is(tests.run($$ insert into profiles (id, email) values ('00000000-0000-4000-8000-0000000000f3', 'x@y.z') $$), '42501',
  'a manager cannot insert a profile');
select is(tests.run(format($$ update profiles set role = 'manager' where id = %L $$, tests.user_id('tc2'))), '0',
  'a manager cannot change someone''s role');
select is(tests.run(format($$ update profiles set full_name = 'Rajiv M.' where id = %L $$, tests.user_id('manager'))), '1',
  'a manager renames themselves');
select is(tests.run(format($$ delete from profiles where id = %L $$, tests.user_id('tc2'))), '0', 'a manager cannot delete a profile');

-- admin, signed in with a second factor (role changes need aal2: 21-admin-aal2)
select tests.act_as('admin', 'aal2');
select is(tests.run($$ select * from profiles $$), '8', 'an admin sees every profile');
select is(tests.run($$ insert into profiles (id, email) values ('00000000-0000-4000-8000-0000000000f3', 'x@y.z') $$), '42501',
  'an admin cannot insert a profile directly (profiles come from auth users)');
select is(tests.run(format($$ update profiles set role = 'manager' where id = %L $$, tests.user_id('tc2'))), '1',
  'an admin promotes a telecaller to manager');
select throws_ok(format($$ update profiles set role = 'user' where id = %L $$, tests.user_id('admin')),
  '42501', 'nobody can change their own role or activity', 'an admin cannot change their own role (no lock-out)');
select is(tests.run(format($$ delete from profiles where id = %L $$, tests.user_id('user'))), '0',
  'an admin cannot delete a profile directly (delete the auth user)');

select tests.act_as('postgres');
select is((select (actor_id, actor_role, old_value, new_value) from audit_log
            where entity_id = tests.user_id('tc2') and old_value is not null),
  (tests.user_id('admin'), 'admin'::text, '{"role": "telecaller"}'::jsonb, '{"role": "manager"}'::jsonb),
  'the promotion is audited with the admin as actor and the old and new role');
select is((select role from profiles where id = tests.user_id('tc1')), 'telecaller', 'tc1''s role is unchanged after the attempts');
select is((select role from profiles where id = tests.user_id('user')), 'user', 'user''s role is unchanged after the attempt');

-- A manager without admin rights hits the trigger when the row is visible to update (own row).
select tests.act_as('manager');
select throws_ok(format($$ update profiles set role = 'admin' where id = %L $$, tests.user_id('manager')),
  '42501', 'nobody can change their own role or activity', 'a manager cannot raise their own role');

-- service_role (the admin CLI, edge functions): trusted, bypasses RLS.
select tests.act_as('service_role');
select is(tests.run($$ select * from profiles $$), '8', 'the service role sees every profile');
select is(tests.run(format($$ update profiles set role = 'telecaller' where id = %L $$, tests.user_id('tc2'))), '1',
  'the service role changes roles');
select is(tests.run($$ delete from profiles where id = '00000000-0000-4000-8000-0000000000f3' $$), '1',
  'the service role deletes a profile');
select is(tests.run($$ insert into profiles (id, email) values ('00000000-0000-4000-8000-0000000000f3', 'plain@talentg.test') $$), '1',
  'the service role inserts a profile');

select tests.act_as('postgres');
select is((select actor_role from audit_log where entity_id = tests.user_id('tc2') order by id desc limit 1), 'service_role',
  'a service-role change is audited as service_role');

select * from finish();
rollback;
