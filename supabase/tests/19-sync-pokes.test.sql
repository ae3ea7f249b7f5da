-- The revoke doorbell (migration sync_pokes): a reassignment rings the lead's old holder, once per
-- statement, and each person can read only their own ring. Seed: leads 5 and 100 are tc1's, lead 2 is
-- tc2's, lead 9 is unassigned.
begin;
\ir _support/helpers.psql
select plan(8);

select tests.act_as('postgres');
delete from public.sync_pokes;

select tests.act_as('manager');
update leads set assigned_to = tests.user_id('tc2') where id = tests.lead_id(5);

select tests.act_as('postgres');
select is(
  (select array_agg(user_id) from public.sync_pokes),
  array[tests.user_id('tc1')],
  'reassigning a lead away rings its old holder, and only them');
select is((select reason from public.sync_pokes), 'revoke', 'the ring says why');

-- A statement that takes several leads from two holders rings each holder once.
select tests.act_as('manager');
update leads set assigned_to = tests.user_id('manager')
 where id in (tests.lead_id(5), tests.lead_id(100), tests.lead_id(2));
select tests.act_as('postgres');
select set_eq(
  $$ select user_id from public.sync_pokes $$,
  array[tests.user_id('tc1'), tests.user_id('tc2')],
  'a bulk reassignment rings every old holder');
select is((select count(*) from public.sync_pokes), 2::bigint, 'one row per person, however many leads');

-- Assigning an unassigned lead, or an update that keeps the holder, rings nobody new.
delete from public.sync_pokes;
select tests.act_as('manager');
update leads set assigned_to = tests.user_id('tc1') where id = tests.lead_id(9);
update leads set priority = 3 where id = tests.lead_id(2);
select tests.act_as('postgres');
select is((select count(*) from public.sync_pokes), 0::bigint, 'a grant or an unchanged holder rings nobody');

-- Each person reads their own ring and nobody else's, and cannot ring anyone.
insert into public.sync_pokes (user_id, reason) values
  (tests.user_id('tc1'), 'revoke'), (tests.user_id('tc2'), 'revoke');
select tests.act_as('tc1');
select is(
  (select array_agg(user_id) from public.sync_pokes),
  array[tests.user_id('tc1')],
  'a telecaller sees only their own ring');
select throws_ok(
  $$ insert into public.sync_pokes (user_id, reason) values (tests.user_id('tc2'), 'revoke') $$,
  '42501', null, 'nobody rings another person from a client');
select tests.act_as('postgres');
select ok(
  exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime'
           and schemaname = 'public' and tablename = 'sync_pokes'),
  'the doorbell is published to realtime');

select * from finish();
rollback;
