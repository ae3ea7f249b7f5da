-- The summarised conflict overflow (migration conflict_overflow_visible) is read through
-- public.sync_conflict_overflow by whom the stored conflicts are: managers and admins see every
-- telecaller's, a telecaller only their own, anon nobody's.
begin;
\ir _support/helpers.psql
\ir _support/sync-helpers.psql
select plan(10);

select tests.act_as('postgres');
create function tests.fixture(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('f3000000', n) $$;
create function tests.client(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('c3000000', n) $$;
-- n contact edits of one lead on a stale base of two fields: two conflicts each.
create function tests.stale_edits(p_lead uuid, p_count integer) returns jsonb language sql immutable
  as $$ select jsonb_agg(tests.mutation(s, 'update_contact',
                           jsonb_build_object('lead_id', p_lead,
                                              'base', jsonb_build_object('name', 'stale', 'company', 'stale'),
                                              'set', jsonb_build_object('name', 'Edit ' || s, 'company', 'Co ' || s)),
                           '2026-12-07T10:00:00Z') order by s)
          from generate_series(1, p_count) s $$;
grant execute on all functions in schema tests to anon, authenticated, service_role;

insert into leads (id, name, phone_e164, company, status, assigned_to) values
  (tests.fixture(1), 'Overflow One', '+99930000001', 'Overflow Co', 'new', tests.user_id('tc1'));
delete from sync.rate_limits;
delete from sync.conflict_overflow;

-- 80 stale edits meet 160 conflicts: 100 stored, 60 summarised.
select tests.act_as('tc1');
select lives_ok(format('select sync_push(%L, %L)', tests.client(1), tests.stale_edits(tests.fixture(1), 80)),
  'tc1 pushes more stale edits than the conflict log keeps');

select tests.act_as('manager');
select results_eq(
  $$ select user_id, client_id, not_logged from sync_conflict_overflow() $$,
  format($$ values (%L::uuid, %L::uuid, 60) $$, tests.user_id('tc1'), tests.client(1)),
  'a manager reads the telecaller''s summary row: who, from which client, how many not stored');
select is((select count(*) from sync_conflicts() where client_id = tests.client(1)), 100::bigint,
  'beside the 100 conflicts stored for the push');

select tests.act_as('admin');
select is((select sum(not_logged) from sync_conflict_overflow()), 60::bigint, 'an admin reads it too');

select tests.act_as('tc1');
select is((select sum(not_logged) from sync_conflict_overflow()), 60::bigint, 'the telecaller reads their own');

select tests.act_as('tc2');
select is((select count(*) from sync_conflict_overflow()), 0::bigint, 'another telecaller reads none of it');

select tests.act_as('anon');
select is(tests.run($$ select * from sync_conflict_overflow() $$), '42501', 'anon cannot call it');

-- Paging by id, as sync_conflicts pages.
select tests.act_as('postgres');
insert into sync.conflict_overflow (user_id, client_id, not_logged) values (tests.user_id('tc2'), tests.client(2), 5);
select tests.act_as('manager');
select is((select count(*) from sync_conflict_overflow(null, 1)), 1::bigint, 'p_limit bounds the page');
select is(
  (select array_agg(not_logged order by id)
     from sync_conflict_overflow((select min(id) from sync_conflict_overflow()))),
  array[5], 'p_after skips the rows up to that id');

-- It spends from the caller's sync_conflicts bucket.
select tests.act_as('postgres');
update sync.rate_limit_rules set burst = 1, per_second = 0.001 where rpc = 'sync_conflicts';
delete from sync.rate_limits;
select tests.act_as('manager');
select is(tests.run($$ select * from sync_conflict_overflow(); select * from sync_conflict_overflow() $$), 'PGRST',
  'a flood of reads is rate limited like sync_conflicts');

select * from finish();
rollback;
