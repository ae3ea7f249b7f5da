-- A deactivated person's token outlives the deactivation (until it expires); their role must not
-- (migration inactive_people_lose_roles): the staff and admin checks fail at once, and come back on
-- reactivation. Nor may they sync (migration sync_refuses_deactivated).
begin;
\ir _support/helpers.psql
select plan(11);

select tests.act_as('manager');
select ok(private.is_staff(), 'an active manager is staff');
select ok((select count(*) from leads where assigned_to = tests.user_id('tc2')) > 0,
  'and reads another telecaller''s leads');

select tests.act_as('postgres');
update profiles set is_active = false where id in (tests.user_id('manager'), tests.user_id('admin'));

select tests.act_as('manager');
select ok(not private.is_staff(), 'a deactivated manager is no longer staff, with the same token');
select is((select count(*) from leads where assigned_to = tests.user_id('tc2')), 0::bigint,
  'and reads none of another telecaller''s leads');
select is(tests.run($$ update leads set status = 'lost' where assigned_to = tests.user_id('tc2') $$), '0',
  'nor changes them');

select tests.act_as('admin', 'aal2');
select ok(not private.is_admin(), 'a deactivated admin is no longer admin, even at aal2');
select is(tests.run(format($$ update profiles set role = 'admin' where id = %L $$, tests.user_id('tc1'))), '0',
  'and cannot change anyone''s role (the policy finds no profile to change)');

select tests.act_as('tc1');
select is(tests.run($$ select sync_pull(null, 10) $$), '1', 'an active telecaller pulls');
select tests.act_as('postgres');
update profiles set is_active = false where id = tests.user_id('tc1');
select tests.act_as('tc1');
select is(tests.run($$ select sync_pull(null, 10) $$), '42501', 'a deactivated telecaller pulls nothing');
select is(tests.run(format($$ select sync_push(%L, '[]'::jsonb) $$, gen_random_uuid())), '42501',
  'and pushes nothing');

select tests.act_as('postgres');
update profiles set is_active = true where id = tests.user_id('manager');
select tests.act_as('manager');
select ok(private.is_staff(), 'reactivated, the manager is staff again');

select * from finish();
rollback;
