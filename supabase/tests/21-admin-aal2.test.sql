-- Admins at aal2 (migration admin_aal2): an admin changes roles or activity and writes releases only
-- with a session that passed a second factor (the JWT's aal claim); the service role is unaffected.
begin;
\ir _support/helpers.psql
select plan(22);

select has_trigger('public', 'profiles', 'profiles_require_aal2', 'profiles check aal2 on role and activity changes');
select is((select count(*)::int from pg_policies where tablename = 'releases' and permissive = 'RESTRICTIVE'), 3,
  'releases have restrictive insert, update and delete policies');

-- Profiles: roles and activity
select tests.act_as('admin', 'aal1');
select throws_ok(format($$ update profiles set role = 'manager' where id = %L $$, tests.user_id('tc2')),
  '42501', 'changing a role or activity needs a second factor (aal2)', 'an admin at aal1 cannot change a role');
select is(tests.run(format($$ update profiles set is_active = false where id = %L $$, tests.user_id('tc2'))), '42501',
  'an admin at aal1 cannot deactivate someone');
select is(tests.run(format($$ update profiles set full_name = 'Arjun N.' where id = %L $$, tests.user_id('tc2'))), '1',
  'an admin at aal1 still renames someone');
select is(tests.run(format($$ update profiles set full_name = 'Admin A.' where id = %L $$, tests.user_id('admin'))), '1',
  'an admin at aal1 still renames themselves');

select set_config('request.jwt.claims',
  json_build_object('sub', tests.user_id('admin'), 'role', 'authenticated')::text, true);
select is(tests.run(format($$ update profiles set role = 'manager' where id = %L $$, tests.user_id('tc2'))), '42501',
  'a token without an aal claim counts as aal1');

select tests.act_as('postgres');
select is((select (role, is_active) from profiles where id = tests.user_id('tc2')), ('telecaller'::text, true),
  'the refused changes left tc2 as they were');

select tests.act_as('admin', 'aal2');
select is(tests.run(format($$ update profiles set role = 'manager' where id = %L $$, tests.user_id('tc2'))), '1',
  'an admin at aal2 changes a role');
select is(tests.run(format($$ update profiles set is_active = false where id = %L $$, tests.user_id('tc2'))), '1',
  'an admin at aal2 deactivates someone');
select throws_ok(format($$ update profiles set role = 'user' where id = %L $$, tests.user_id('admin')),
  '42501', 'nobody can change their own role or activity', 'aal2 does not let an admin change their own role');

select tests.act_as('manager', 'aal2');
select is(tests.run(format($$ update profiles set role = 'telecaller' where id = %L $$, tests.user_id('tc2'))), '0',
  'aal2 does not make a manager an admin');

select tests.act_as('service_role');
select is(tests.run(format($$ update profiles set role = 'telecaller', is_active = true where id = %L $$, tests.user_id('tc2'))), '1',
  'the service role changes roles without any aal');

-- Releases
select tests.act_as('admin', 'aal1');
select is(tests.run($$ insert into releases (id, version, platform, file_name, url, sha512, size_bytes)
  values ('00000000-0000-4000-8000-0000000c0a01', '9.0.0', 'linux', 't.AppImage', 'https://downloads.talentg.test/t.AppImage', repeat('a', 128), 1) $$),
  '42501', 'an admin at aal1 cannot create a release');

select tests.act_as('admin', 'aal2');
select is(tests.run($$ insert into releases (id, version, platform, file_name, url, sha512, size_bytes)
  values ('00000000-0000-4000-8000-0000000c0a01', '9.0.0', 'linux', 't.AppImage', 'https://downloads.talentg.test/t.AppImage', repeat('a', 128), 1) $$),
  '1', 'an admin at aal2 creates a release');

select tests.act_as('admin', 'aal1');
select is(tests.run($$ update releases set url = 'https://evil.test/t.AppImage' where id = '00000000-0000-4000-8000-0000000c0a01' $$),
  '42501', 'an admin at aal1 cannot change a release');
select is(tests.run($$ delete from releases where id = '00000000-0000-4000-8000-0000000c0a01' $$),
  '0', 'an admin at aal1 cannot delete a release');
select is((select count(*)::int from releases where id = '00000000-0000-4000-8000-0000000c0a01'), 1,
  'an admin at aal1 still sees the draft');

select tests.act_as('tc1', 'aal2');
select is(tests.run($$ insert into releases (version, platform, file_name, url, sha512, size_bytes)
  values ('9.0.1', 'linux', 'x.AppImage', 'https://downloads.talentg.test/x.AppImage', repeat('a', 128), 1) $$),
  '42501', 'aal2 does not let a telecaller publish');

select tests.act_as('admin', 'aal2');
select is(tests.run($$ update releases set staged_percentage = 20, published_at = now() where id = '00000000-0000-4000-8000-0000000c0a01' $$),
  '1', 'an admin at aal2 publishes a release');
select is(tests.run($$ delete from releases where id = '00000000-0000-4000-8000-0000000c0a01' $$),
  '1', 'an admin at aal2 deletes a release');

select tests.act_as('service_role');
select is(tests.run($$ insert into releases (version, platform, file_name, url, sha512, size_bytes)
  values ('9.0.2', 'linux', 's.AppImage', 'https://downloads.talentg.test/s.AppImage', repeat('a', 128), 1) $$),
  '1', 'the service role (the release pipeline) creates a release without any aal');

select * from finish();
rollback;
