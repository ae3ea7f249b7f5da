-- Settling logged conflicts (migration conflict_settlement): managers and admins close each one as
-- kept or restored; restoring puts a contact field back only while it still shows what the writer
-- wrote; a conflict settles once; telecallers and anon settle nothing.
begin;
\ir _support/helpers.psql
\ir _support/sync-helpers.psql
select plan(15);

select tests.act_as('postgres');
create function tests.fixture(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('f3200000', n) $$;
create function tests.client(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('c3200000', n) $$;
grant execute on all functions in schema tests to anon, authenticated, service_role;

insert into leads (id, name, phone_e164, company, status, assigned_to) values
  (tests.fixture(1), 'Settle One', '+99932000001', 'Server Co', 'new', tests.user_id('tc1'));
delete from sync.rate_limits;

-- tc1 renames the company on a stale base: one field conflict, the write wins.
select tests.act_as('tc1');
select sync_push(tests.client(1), jsonb_build_array(tests.mutation(1, 'update_contact',
  jsonb_build_object('lead_id', tests.fixture(1), 'base', jsonb_build_object('company', 'Old Co'),
                     'set', jsonb_build_object('company', 'Writer Co')), '2026-12-07T10:00:00Z')));

select tests.act_as('postgres');
create temporary table conflict_ids as
  select id from sync.conflicts where lead_id = tests.fixture(1) order by id;
grant select on conflict_ids to authenticated, anon;
insert into sync.conflicts (user_id, lead_id, op, kind, field, base, attempted, server)
  values (tests.user_id('tc1'), tests.fixture(1), 'set_status', 'status_conflict', 'status',
          '"new"', '"contacted"', '"qualified"');
insert into conflict_ids select max(id) from sync.conflicts;

select tests.act_as('manager');
select results_eq(
  $$ select field, attempted #>> '{}', server #>> '{}', settlement from sync_conflicts() where id = (select min(id) from conflict_ids) $$,
  $$ values ('company', 'Writer Co', 'Server Co', null::text) $$,
  'the conflict is listed, open, with what was written and what it overwrote');

select tests.act_as('tc1');
select is(tests.run($$ select sync_settle_conflict((select min(id) from conflict_ids), 'kept') $$), '42501',
  'a telecaller cannot settle, even their own conflict');
select tests.act_as('anon');
select is(tests.run($$ select sync_settle_conflict(1, 'kept') $$), '42501', 'anon cannot settle');

select tests.act_as('manager');
select throws_ok($$ select sync_settle_conflict((select min(id) from conflict_ids), 'undone') $$,
  'P0001', 'A conflict is settled as kept or restored.', 'an unknown settlement is refused');
select throws_ok($$ select sync_settle_conflict(-1, 'kept') $$,
  'P0001', 'No such conflict.', 'an unknown conflict is refused');
select throws_ok($$ select sync_settle_conflict((select max(id) from conflict_ids), 'restored') $$,
  'P0001', 'Only a contact field''s conflict can be restored.', 'a status conflict cannot be restored');

-- Someone edits the field again: restoring would overwrite them.
select tests.act_as('postgres');
update leads set company = 'Third Co' where id = tests.fixture(1);
select tests.act_as('manager');
select throws_ok($$ select sync_settle_conflict((select min(id) from conflict_ids), 'restored') $$,
  'P0001', 'The field has changed since; it shows neither side of this conflict.',
  'restoring is refused once the field moved on');

select tests.act_as('postgres');
update leads set company = 'Writer Co' where id = tests.fixture(1);
select tests.act_as('manager');
select results_eq(
  $$ select settlement, settled_by from sync_settle_conflict((select min(id) from conflict_ids), 'restored') $$,
  format($$ values ('restored', %L::uuid) $$, tests.user_id('manager')),
  'a manager restores the overwritten value');
select is((select company from leads where id = tests.fixture(1)), 'Server Co',
  'the lead has the overwritten value back');
select tests.act_as('postgres');
select ok(exists (select 1 from sync.change_log where entity = 'lead' and entity_id = tests.fixture(1)
                     and created_at >= now()),
  'the restore is in the change log, so every cache follows it');
select tests.act_as('manager');
select throws_ok($$ select sync_settle_conflict((select min(id) from conflict_ids), 'kept') $$,
  'P0001', 'This conflict was settled already.', 'a conflict settles once');

select tests.act_as('admin');
select results_eq(
  $$ select settlement from sync_settle_conflict((select max(id) from conflict_ids), 'kept') $$,
  $$ values ('kept') $$, 'an admin keeps the status conflict');
select is((select status from leads where id = tests.fixture(1)), 'new', 'keeping changes no lead');

select tests.act_as('tc1');
select results_eq(
  $$ select settlement from sync_conflicts() where id in (select id from conflict_ids) order by id $$,
  $$ values ('restored'), ('kept') $$, 'the writer sees how each of their conflicts was settled');
select is((select count(*) from sync_conflicts() where settled_at is null and id in (select id from conflict_ids)),
  0::bigint, 'none of them is open any more');

select * from finish();
rollback;
