-- Interactions: insert-only history for telecallers, on their own leads and as themselves.
-- Seed fixtures: lead 5 is tc1's, lead 2 is tc2's; lead 10 is tc1's and has no DNC yet.
begin;
\ir _support/helpers.psql
select plan(42);

select tests.act_as('postgres');
create table tests.expected as
  select (select count(*) from interactions i join leads l on l.id = i.lead_id where l.assigned_to = tests.user_id('tc1')) as tc1_visible,
         (select count(*) from interactions) as total,
         (select id from interactions where lead_id = tests.lead_id(5) order by occurred_at limit 1) as tc1_interaction,
         (select id from interactions where lead_id = tests.lead_id(2) order by occurred_at limit 1) as tc2_interaction,
         (select attempts from leads where id = tests.lead_id(5)) as lead5_attempts,
         (select last_contact_at from leads where id = tests.lead_id(5)) as lead5_last_contact_at;
grant select on tests.expected to anon, authenticated, service_role;

-- anon
select tests.act_as('anon');
select is(tests.run($$ select * from interactions $$), '42501', 'anon cannot read interactions');
select is(tests.run(format($$ insert into interactions (lead_id, type, content) values (%L, 'note', 'x') $$, tests.lead_id(5))), '42501', 'anon cannot insert interactions');
select is(tests.run($$ update interactions set content = 'x' $$), '42501', 'anon cannot update interactions');
select is(tests.run($$ delete from interactions $$), '42501', 'anon cannot delete interactions');

-- user
select tests.act_as('user');
select is(tests.run($$ select * from interactions $$), '0', 'a user sees no interactions');
select is(tests.run(format($$ insert into interactions (lead_id, type, content) values (%L, 'note', 'x') $$, tests.lead_id(5))), '42501',
  'a user cannot log on a lead');
select is(tests.run($$ update interactions set content = 'x' $$), '0', 'a user cannot update interactions');
select is(tests.run($$ delete from interactions $$), '0', 'a user cannot delete interactions');

-- telecaller
select tests.act_as('tc1');
select is(tests.run($$ select * from interactions $$), (select tc1_visible::text from tests.expected), 'tc1 sees the history of their own leads');
select is(tests.run(format($$ select * from interactions where lead_id = %L $$, tests.lead_id(2))), '0', 'attack: tc1 cannot read tc2''s lead''s history');
select is(tests.run(format(
  $$ insert into interactions (id, lead_id, type, disposition, duration_seconds, content, occurred_at, created_at)
     values ('00000000-0000-4000-8000-0000000c0001', %L, 'call', 'CB', 95, 'Call after 6 pm', now() - interval '2 hours', now() - interval '30 days') $$,
  tests.lead_id(5))), '1', 'tc1 logs a call on their own lead (offline, two hours ago)');
select is((select (occurred_at, created_at, created_by) from interactions where id = '00000000-0000-4000-8000-0000000c0001'),
  (now() - interval '2 hours', now(), tests.user_id('tc1')),
  'occurred_at keeps the workstation time, created_at is the server''s receipt time, created_by defaults to the caller');
select is(tests.run(format(
  $$ insert into interactions (id, lead_id, type, disposition, content) values ('00000000-0000-4000-8000-0000000c0001', %L, 'call', 'CB', 'retry')
     on conflict (id) do nothing $$, tests.lead_id(5))), '0', 'a retried upload with the same id inserts nothing');
select is(tests.run(format($$ insert into interactions (lead_id, type, disposition) values (%L, 'call', 'NI') $$, tests.lead_id(2))), '42501',
  'attack: tc1 cannot log an interaction on tc2''s lead');
select is(tests.run(format($$ insert into interactions (lead_id, type, content) values (%L, 'note', 'x') $$, tests.lead_id(9))), '42501',
  'tc1 cannot log on an unassigned lead');
select is(tests.run(format($$ insert into interactions (lead_id, type, content, created_by) values (%L, 'note', 'x', %L) $$, tests.lead_id(5), tests.user_id('tc2'))), '42501',
  'attack: tc1 cannot log in tc2''s name');
select is(tests.run(format($$ update interactions set content = 'rewritten' where id = %L $$, (select tc1_interaction from tests.expected))), '0',
  'attack: tc1 cannot rewrite their own history');
select is(tests.run(format($$ delete from interactions where id = %L $$, (select tc1_interaction from tests.expected))), '0',
  'attack: tc1 cannot delete their own history');
select is(tests.run(format($$ delete from interactions where id = %L $$, (select tc2_interaction from tests.expected))), '0',
  'tc1 cannot delete tc2''s history');
select is(tests.run(format($$ insert into interactions (lead_id, type, disposition, duration_seconds) values (%L, 'call', 'DNC', 40) $$, tests.lead_id(10))), '1',
  'tc1 logs a DNC outcome');
select is(tests.run(format($$ insert into interactions (lead_id, type, disposition, duration_seconds) values (%L, 'call', 'NA', 25) $$, tests.lead_id(15))), '1',
  'tc1 logs a no-answer');
select is((select recycle_at from leads where id = tests.lead_id(15)), now() + interval '120 minutes',
  'a no-answer puts the lead back in the queue after the disposition''s recycle delay');

select tests.act_as('postgres');
select is((select count(*) from interactions where id in ((select tc1_interaction from tests.expected), (select tc2_interaction from tests.expected))
             and content <> 'rewritten'), 2::bigint, 'the history tc1 tried to rewrite or delete is intact');
select is((select (attempts, last_contact_at) from leads where id = tests.lead_id(5)),
  (select (lead5_attempts + 1, greatest(lead5_last_contact_at, now() - interval '2 hours')) from tests.expected),
  'a logged call counts an attempt and moves last_contact_at forward (never back)');
select is((select recycle_at from leads where id = tests.lead_id(5)), null::timestamptz,
  'the latest outcome, a callback, clears the recycle delay (the callback time rules)');
insert into interactions (lead_id, type, disposition, occurred_at, created_by)
values (tests.lead_id(5), 'call', 'NA', now() - interval '30 days', tests.user_id('tc1'));
select is((select (recycle_at, last_contact_at) from leads where id = tests.lead_id(5)), (null::timestamptz, now() - interval '2 hours'),
  'an older no-answer uploaded late moves neither the recycle time nor last_contact_at');
select is((select do_not_call from leads where id = tests.lead_id(10)), true, 'a DNC outcome flags the lead');
select is((select (reason, added_by) from dnc_list where phone_e164 = (select phone_e164 from leads where id = tests.lead_id(10))),
  ('Disposition DNC logged on a call'::text, tests.user_id('tc1')), 'a DNC outcome lists the number, added by the caller');

-- manager
select tests.act_as('manager');
select is(tests.run($$ select * from interactions $$), ((select total from tests.expected) + 4)::text, 'a manager sees all history');
select is(tests.run(format($$ insert into interactions (lead_id, type, content) values (%L, 'note', 'Coaching: slow down') $$, tests.lead_id(2))), '1',
  'a manager notes on any lead');
select is(tests.run(format($$ update interactions set content = 'Corrected' where id = %L $$, (select tc2_interaction from tests.expected))), '1',
  'a manager corrects history');
select is(tests.run(format($$ delete from interactions where id = %L $$, (select tc2_interaction from tests.expected))), '0',
  'a manager cannot delete history');

-- admin
select tests.act_as('admin');
select is(tests.run($$ select * from interactions $$), ((select total from tests.expected) + 5)::text, 'an admin sees all history');
select is(tests.run(format($$ insert into interactions (lead_id, type, content) values (%L, 'email', 'Sent brochure') $$, tests.lead_id(2))), '1',
  'an admin logs on any lead');
select is(tests.run(format($$ insert into interactions (lead_id, type, content, created_by) values (%L, 'note', 'x', %L) $$, tests.lead_id(2), tests.user_id('tc2'))), '42501',
  'not even an admin logs in someone else''s name');
select is(tests.run(format($$ update interactions set content = 'Corrected again' where id = %L $$, (select tc2_interaction from tests.expected))), '1',
  'an admin corrects history');
select is(tests.run(format($$ delete from interactions where id = %L $$, (select tc2_interaction from tests.expected))), '1',
  'an admin deletes history');

-- service_role
select tests.act_as('service_role');
select is(tests.run($$ select * from interactions $$), ((select total from tests.expected) + 5)::text, 'the service role sees all history');
select is(tests.run(format($$ insert into interactions (lead_id, type, content, created_by, created_at) values (%L, 'note', 'Imported', %L, '2026-01-01') $$, tests.lead_id(2), tests.user_id('tc2'))), '1',
  'the service role imports history in anyone''s name');
select is((select created_at from interactions where content = 'Imported'), '2026-01-01'::timestamptz, 'imports keep their created_at');
select is(tests.run($$ update interactions set content = 'Imported (fixed)' where content = 'Imported' $$), '1', 'the service role updates history');
select is(tests.run($$ delete from interactions where content = 'Imported (fixed)' $$), '1', 'the service role deletes history');

select * from finish();
rollback;
