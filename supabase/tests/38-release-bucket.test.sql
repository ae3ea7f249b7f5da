-- The releases bucket and update channels (migration release_bucket): only an admin at aal2 writes
-- installers and feed files; every signed-in person reads them, nobody signed out does; the update
-- channel on a profile is stable by default and only an admin at aal2 changes it.
begin;
\ir _support/helpers.psql
select plan(22);

select is((select (public, file_size_limit) from storage.buckets where id = 'releases'),
  (false, 1073741824::bigint), 'the releases bucket exists, private, taking installers up to 1 GiB');

-- Objects
select tests.act_as('admin', 'aal2');
select is(tests.run($$ insert into storage.objects (bucket_id, name) values ('releases', 'latest.yml') $$), '1',
  'an admin at aal2 writes a feed file');
select is(tests.run($$ update storage.objects set metadata = '{"size": 1}' where bucket_id = 'releases' and name = 'latest.yml' $$), '1',
  'an admin at aal2 replaces a feed file');

select tests.act_as('admin', 'aal1');
select is(tests.run($$ insert into storage.objects (bucket_id, name) values ('releases', 'beta.yml') $$), '42501',
  'an admin at aal1 cannot write to the bucket');
select is(tests.run($$ update storage.objects set metadata = '{}' where bucket_id = 'releases' and name = 'latest.yml' $$), '42501',
  'an admin at aal1 cannot replace a feed file');
select is(tests.run($$ delete from storage.objects where bucket_id = 'releases' and name = 'latest.yml' $$), '0',
  'an admin at aal1 cannot remove a feed file');

select tests.act_as('tc1', 'aal2');
select is(tests.run($$ insert into storage.objects (bucket_id, name) values ('releases', 'latest-linux.yml') $$), '42501',
  'a telecaller cannot write to the bucket, even at aal2');
select is(tests.run($$ update storage.objects set metadata = '{}' where bucket_id = 'releases' and name = 'latest.yml' $$), '0',
  'a telecaller cannot replace a feed file');
select is(tests.run($$ delete from storage.objects where bucket_id = 'releases' and name = 'latest.yml' $$), '0',
  'a telecaller cannot remove a feed file');
select is((select count(*)::int from storage.objects where bucket_id = 'releases' and name = 'latest.yml'), 1,
  'a telecaller reads the feed file');

select tests.act_as('manager', 'aal2');
select is(tests.run($$ insert into storage.objects (bucket_id, name) values ('releases', 'x.exe') $$), '42501',
  'a manager cannot write to the bucket');
select tests.act_as('user');
select is((select count(*)::int from storage.objects where bucket_id = 'releases'), 1,
  'an assessment-only user reads the bucket too (their workstation updates as well)');

select tests.act_as('anon');
select is((select count(*)::int from storage.objects where bucket_id = 'releases'), 0,
  'nobody signed out reads the bucket');

select tests.act_as('admin', 'aal2');
select is(tests.run($$ delete from storage.objects where bucket_id = 'releases' and name = 'latest.yml' $$), '1',
  'an admin at aal2 removes a feed file');

-- Releases rows: telecallers never write them.
select tests.act_as('tc1', 'aal2');
select is(tests.run($$ insert into releases (version, platform, file_name, url, sha512, size_bytes)
  values ('9.2.0', 'linux', 'r.AppImage', 'https://downloads.talentg.test/r.AppImage', repeat('a', 128), 1) $$),
  '42501', 'a telecaller cannot create a release');

-- Update channels
select col_default_is('public', 'profiles', 'update_channel', 'stable', 'a profile follows stable by default');
select tests.act_as('tc1');
select is(tests.run(format($$ update profiles set update_channel = 'beta' where id = %L $$, tests.user_id('tc1'))), '42501',
  'a telecaller cannot put themselves on beta');
select is(tests.run(format($$ update profiles set full_name = 'Asha K.' where id = %L $$, tests.user_id('tc1'))), '1',
  'a telecaller still renames themselves');

select tests.act_as('admin', 'aal1');
select is(tests.run(format($$ update profiles set update_channel = 'beta' where id = %L $$, tests.user_id('tc1'))), '42501',
  'an admin at aal1 cannot change a channel');

select tests.act_as('admin', 'aal2');
select is(tests.run(format($$ update profiles set update_channel = 'beta' where id = %L $$, tests.user_id('tc1'))), '1',
  'an admin at aal2 puts a telecaller on beta');
select is(tests.violated_constraint(format($$ update profiles set update_channel = 'nightly' where id = %L $$, tests.user_id('tc1'))),
  'profiles_update_channel_check', 'a channel is stable or beta');

select tests.act_as('tc1');
select is((select update_channel from profiles where id = tests.user_id('tc1')), 'beta',
  'the telecaller reads their own channel');

select * from finish();
rollback;
