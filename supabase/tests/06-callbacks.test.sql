-- Callbacks: telecallers schedule and close them on their own leads; staff manage all;
-- leads.callback_due_at follows the earliest pending one.
-- Seed fixtures: lead 5 is tc1's, lead 2 is tc2's.
begin;
\ir _support/helpers.psql
select plan(33);

select tests.act_as('postgres');
create table tests.expected as
  select (select count(*) from callbacks c join leads l on l.id = c.lead_id where l.assigned_to = tests.user_id('tc1')) as tc1_visible,
         (select count(*) from callbacks) as total;
insert into callbacks (id, lead_id, owner_id, due_at, created_by)
values ('00000000-0000-4000-8000-0000000cb002', tests.lead_id(2), tests.user_id('tc2'), now() + interval '3 days', tests.user_id('tc2'));
grant select on tests.expected to anon, authenticated, service_role;

-- anon
select tests.act_as('anon');
select is(tests.run($$ select * from callbacks $$), '42501', 'anon cannot read callbacks');
select is(tests.run(format($$ insert into callbacks (lead_id, due_at) values (%L, now()) $$, tests.lead_id(5))), '42501', 'anon cannot insert callbacks');
select is(tests.run($$ update callbacks set state = 'done' $$), '42501', 'anon cannot update callbacks');
select is(tests.run($$ delete from callbacks $$), '42501', 'anon cannot delete callbacks');

-- user
select tests.act_as('user');
select is(tests.run($$ select * from callbacks $$), '0', 'a user sees no callbacks');
select is(tests.run(format($$ insert into callbacks (lead_id, due_at) values (%L, now()) $$, tests.lead_id(5))), '42501', 'a user cannot schedule callbacks');
select is(tests.run($$ update callbacks set state = 'done' $$), '0', 'a user cannot update callbacks');
select is(tests.run($$ delete from callbacks $$), '0', 'a user cannot delete callbacks');

-- telecaller
select tests.act_as('tc1');
select is(tests.run($$ select * from callbacks $$), (select tc1_visible::text from tests.expected), 'tc1 sees the callbacks of their own leads');
select is(tests.run($$ select * from callbacks where id = '00000000-0000-4000-8000-0000000cb002' $$), '0', 'tc1 cannot see tc2''s callbacks');
select is(tests.run(format($$ insert into callbacks (id, lead_id, owner_id, due_at, note) values ('00000000-0000-4000-8000-0000000cb001', %L, %L, now() - interval '1 minute', 'Before lunch') $$,
  tests.lead_id(5), tests.user_id('tc1'))), '1', 'tc1 schedules a personal callback on their lead');
select is((select callback_due_at from leads where id = tests.lead_id(5)), now() - interval '1 minute',
  'the lead''s callback_due_at is the earliest pending callback');
select is(tests.run(format($$ insert into callbacks (lead_id, owner_id, due_at) values (%L, null, now() + interval '1 day') $$, tests.lead_id(5))), '1',
  'tc1 schedules an anyone callback on their lead');
select is(tests.run(format($$ insert into callbacks (lead_id, owner_id, due_at) values (%L, %L, now()) $$, tests.lead_id(5), tests.user_id('tc2'))), '42501',
  'tc1 cannot give a personal callback to tc2');
select is(tests.run(format($$ insert into callbacks (lead_id, due_at) values (%L, now()) $$, tests.lead_id(2))), '42501',
  'attack: tc1 cannot schedule on tc2''s lead');
select is(tests.run($$ update callbacks set state = 'done' where id = '00000000-0000-4000-8000-0000000cb001' $$), '1', 'tc1 marks their callback done');
select ok((select closed_at = now() from callbacks where id = '00000000-0000-4000-8000-0000000cb001'), 'closing stamps closed_at');
select is((select callback_due_at from leads where id = tests.lead_id(5)), now() + interval '1 day',
  'callback_due_at moves to the next pending callback');
select is(tests.run($$ update callbacks set state = 'cancelled' where id = '00000000-0000-4000-8000-0000000cb002' $$), '0',
  'attack: tc1 cannot cancel tc2''s callback');
select is(tests.run($$ delete from callbacks where id = '00000000-0000-4000-8000-0000000cb001' $$), '0', 'tc1 cannot delete a callback (cancel instead)');

-- manager
select tests.act_as('manager');
select is(tests.run($$ select * from callbacks $$), ((select total from tests.expected) + 3)::text, 'a manager sees every callback');
select is(tests.run(format($$ insert into callbacks (lead_id, owner_id, due_at) values (%L, %L, now() + interval '2 hours') $$, tests.lead_id(2), tests.user_id('tc2'))), '1',
  'a manager schedules a callback for tc2');
select is(tests.run($$ update callbacks set due_at = now() + interval '4 days' where id = '00000000-0000-4000-8000-0000000cb002' $$), '1',
  'a manager reschedules tc2''s callback');
select is(tests.run($$ delete from callbacks where id = '00000000-0000-4000-8000-0000000cb002' $$), '1', 'a manager deletes a callback');

-- admin
select tests.act_as('admin');
select is(tests.run($$ select * from callbacks $$), ((select total from tests.expected) + 3)::text, 'an admin sees every callback');
select is(tests.run(format($$ insert into callbacks (id, lead_id, due_at) values ('00000000-0000-4000-8000-0000000cb003', %L, now()) $$, tests.lead_id(2))), '1',
  'an admin schedules a callback');
select is(tests.run($$ update callbacks set state = 'missed' where id = '00000000-0000-4000-8000-0000000cb003' $$), '1', 'an admin marks a callback missed');
select is(tests.run($$ delete from callbacks where id = '00000000-0000-4000-8000-0000000cb003' $$), '1', 'an admin deletes a callback');

-- service_role
select tests.act_as('service_role');
select is(tests.run($$ select * from callbacks $$), ((select total from tests.expected) + 3)::text, 'the service role sees every callback');
select is(tests.run(format($$ insert into callbacks (id, lead_id, due_at) values ('00000000-0000-4000-8000-0000000cb004', %L, now()) $$, tests.lead_id(2))), '1',
  'the service role schedules a callback');
select is(tests.run($$ update callbacks set state = 'missed' where due_at < now() and state = 'pending' $$)::integer > 0, true,
  'the service role sweeps overdue callbacks to missed');
select is(tests.run($$ delete from callbacks where id = '00000000-0000-4000-8000-0000000cb004' $$), '1', 'the service role deletes a callback');

select tests.act_as('postgres');
select is((select count(*) from leads l where l.callback_due_at is distinct from
            (select min(c.due_at) from callbacks c where c.lead_id = l.id and c.state = 'pending')), 0::bigint,
  'every lead''s callback_due_at equals its earliest pending callback');

select * from finish();
rollback;
