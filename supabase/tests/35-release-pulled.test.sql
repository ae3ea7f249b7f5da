-- Pulling a release (migration release_pulled): an admin at aal2 withdraws a published release with a
-- reason and puts it back; an admin at aal1 and a manager cannot; everyone signed in still reads the row.
begin;
\ir _support/helpers.psql
select plan(10);

select has_column('public', 'releases', 'pulled_at', 'releases record when a release was pulled');
select has_column('public', 'releases', 'pulled_reason', 'releases record why a release was pulled');

select tests.act_as('service_role');
insert into releases (id, version, platform, file_name, url, sha512, size_bytes, published_at)
  values ('00000000-0000-4000-8000-0000000c0b01', '9.1.0', 'linux', 'p.AppImage',
    'https://downloads.talentg.test/p.AppImage', repeat('b', 128), 10, now() - interval '1 hour');

select tests.act_as('admin', 'aal1');
select is(tests.run($$ update releases set pulled_at = now(), pulled_reason = 'crashes on start'
  where id = '00000000-0000-4000-8000-0000000c0b01' $$), '42501', 'an admin at aal1 cannot pull a release');

select tests.act_as('manager', 'aal2');
select is(tests.run($$ update releases set pulled_at = now(), pulled_reason = 'crashes on start'
  where id = '00000000-0000-4000-8000-0000000c0b01' $$), '0', 'a manager cannot pull a release, even at aal2');

select tests.act_as('admin', 'aal2');
select is(tests.violated_constraint($$ update releases set pulled_at = now()
  where id = '00000000-0000-4000-8000-0000000c0b01' $$), 'releases_pulled_check', 'a pull needs a reason');
select is(tests.violated_constraint($$ update releases set pulled_at = now(), pulled_reason = '  '
  where id = '00000000-0000-4000-8000-0000000c0b01' $$), 'releases_pulled_check', 'a blank reason is no reason');
select is(tests.run($$ update releases set pulled_at = now(), pulled_reason = 'crashes on start'
  where id = '00000000-0000-4000-8000-0000000c0b01' $$), '1', 'an admin at aal2 pulls a release with a reason');

select tests.act_as('tc1');
select is((select pulled_reason from releases where id = '00000000-0000-4000-8000-0000000c0b01'), 'crashes on start',
  'a telecaller still reads the pulled release and why');
select tests.act_as('manager');
select is((select count(*)::int from releases where id = '00000000-0000-4000-8000-0000000c0b01' and pulled_at is not null), 1,
  'a manager still reads the pulled release');

select tests.act_as('admin', 'aal2');
select is(tests.run($$ update releases set pulled_at = null, pulled_reason = null
  where id = '00000000-0000-4000-8000-0000000c0b01' $$), '1', 'an admin at aal2 puts the release back');

select * from finish();
rollback;
