-- Leads: a telecaller sees and works only their own; assignment and priority are manager/admin
-- decisions; admins erase. Includes the attacks a telecaller would try.
-- Seed fixtures: lead 5 is tc1's, lead 100 is tc1's and on dnc_list, lead 2 is tc2's, lead 9 is unassigned.
begin;
\ir _support/helpers.psql
select plan(56);

create function tests.lead_row(n integer)
returns text
language sql
security definer
as $$ select (l.status, l.assigned_to, l.priority, l.do_not_call, l.version)::text from public.leads l where l.id = tests.lead_id(n) $$;

select tests.act_as('postgres');
create table tests.before as
  select tests.lead_row(n) as row, n, (select version from leads where id = tests.lead_id(n)) as version
    from unnest(array[2, 5, 9, 100]) as n;
grant select on tests.before to authenticated;
create function tests.unchanged(n integer)
returns boolean
language sql
security definer
as $$ select tests.lead_row(n) = (select b.row from tests.before b where b.n = $1) $$;

-- anon
select tests.act_as('anon');
select is(tests.run($$ select * from leads $$), '42501', 'anon cannot read leads');
select is(tests.run($$ insert into leads (name, phone_e164) values ('Anon Lead', '+919000000101') $$), '42501', 'anon cannot insert leads');
select is(tests.run($$ update leads set status = 'lost' $$), '42501', 'anon cannot update leads');
select is(tests.run($$ delete from leads $$), '42501', 'anon cannot delete leads');

-- user (assessment-only)
select tests.act_as('user');
select is(tests.run($$ select * from leads $$), '0', 'a user sees no leads');
select is(tests.run($$ insert into leads (name, phone_e164) values ('User Lead', '+919000000102') $$), '42501', 'a user cannot insert leads');
select is(tests.run(format($$ update leads set status = 'lost' where id = %L $$, tests.lead_id(5))), '0', 'a user cannot update leads');
select is(tests.run(format($$ delete from leads where id = %L $$, tests.lead_id(5))), '0', 'a user cannot delete leads');

-- telecaller: reads
select tests.act_as('tc1');
select is(tests.run($$ select * from leads $$), '200', 'tc1 sees their 200 leads');
select is(tests.run(format($$ select * from leads where assigned_to is distinct from %L $$, tests.user_id('tc1'))), '0',
  'tc1 sees no lead that is not theirs');
select is(tests.run(format($$ select * from leads where id = %L $$, tests.lead_id(2))), '0', 'attack: tc1 cannot read tc2''s lead by id');
select is(tests.run(format($$ select * from leads where id = %L $$, tests.lead_id(9))), '0', 'tc1 cannot read the unassigned pool');

-- telecaller: writes
select is(tests.run($$ insert into leads (name, phone_e164) values ('Own Lead', '+919000000103') $$), '42501',
  'a telecaller cannot create leads');
select is(tests.run(format($$ update leads set status = 'contacted', phone = '98 1234 5678', last_contact_at = now() where id = %L $$, tests.lead_id(5))), '1',
  'tc1 updates status and contact fields of their own lead');
select is((select version from leads where id = tests.lead_id(5)), (select version + 1 from tests.before where n = 5),
  'the update bumped the lead''s version by one');
select is(tests.run(format($$ update leads set status = 'lost' where id = %L $$, tests.lead_id(2))), '0',
  'attack: tc1 cannot update tc2''s lead');
select is(tests.run(format($$ update leads set assigned_to = %L where id = %L $$, tests.user_id('tc1'), tests.lead_id(9))), '0',
  'attack: tc1 cannot take an unassigned lead');
select is(tests.run(format($$ update leads set assigned_to = %L where id = %L $$, tests.user_id('tc1'), tests.lead_id(2))), '0',
  'attack: tc1 cannot take tc2''s lead');
select throws_ok(format($$ update leads set assigned_to = %L where id = %L $$, tests.user_id('tc2'), tests.lead_id(5)),
  '42501', 'only managers and admins can change who a lead is assigned to', 'tc1 cannot hand their lead to someone else');
select throws_ok(format($$ update leads set assigned_to = null where id = %L $$, tests.lead_id(5)),
  '42501', 'only managers and admins can change who a lead is assigned to', 'tc1 cannot drop their lead into the pool');
select throws_ok(format($$ update leads set status = 'qualified', priority = 9 where id = %L $$, tests.lead_id(5)),
  '42501', 'only managers and admins can change a lead''s priority', 'tc1 cannot raise the priority of their lead while updating its status');
select throws_ok(format($$ update leads set do_not_call = false where id = %L $$, tests.lead_id(100)),
  '42501', 'only managers and admins can clear do-not-call', 'tc1 cannot clear do-not-call');
select is(tests.run(format($$ update leads set phone_e164 = '+919000000198', phone = '90000 00198' where id = %L $$, tests.lead_id(100))), '1',
  'tc1 may correct the number of their DNC lead');
select is(tests.run(format($$ select * from leads where id = %L and do_not_call $$, tests.lead_id(100))), '1',
  'attack: a new number does not lift do-not-call');
select is(tests.run(format($$ update leads set do_not_call = true where id = %L $$, tests.lead_id(5))), '1',
  'tc1 may flag their lead do-not-call');
select is(tests.run(format($$ select * from dnc_list where phone_e164 = (select phone_e164 from leads where id = %L) and added_by = %L $$, tests.lead_id(5), tests.user_id('tc1'))), '1',
  'flagging the lead put its number on dnc_list, added by tc1');
select is(tests.run(format($$ delete from leads where id = %L $$, tests.lead_id(5))), '0', 'attack: tc1 cannot delete their lead');
select is(tests.run(format($$ delete from leads where id = %L $$, tests.lead_id(2))), '0', 'tc1 cannot delete tc2''s lead');

select tests.act_as('postgres');
select ok(tests.unchanged(2) and tests.unchanged(9),
  'tc2''s lead and the pool lead are unchanged after tc1''s attempts');
select is((select (assigned_to, priority, do_not_call) from leads where id = tests.lead_id(100)), (tests.user_id('tc1'), 2::smallint, true),
  'the DNC lead keeps its assignee, priority and flag');
select is((select (assigned_to, priority) from leads where id = tests.lead_id(5)), (tests.user_id('tc1'), 0::smallint),
  'tc1''s lead keeps its assignee and priority');

-- manager
select tests.act_as('manager');
select is(tests.run($$ select * from leads $$), '500', 'a manager sees all 500 leads');
select is(tests.run($$ insert into leads (name, phone_e164, phone, time_zone) values ('Import Lead', '+919000000104', '090000 00104', 'Asia/Kolkata') $$), '1',
  'a manager creates a lead');
select is((select created_by from leads where phone_e164 = '+919000000104'), null::uuid, 'created_by is whatever the client sent (null here)');
select is(tests.run(format($$ update leads set assigned_to = %L, priority = 5 where id = %L $$, tests.user_id('tc1'), tests.lead_id(9))), '1',
  'a manager assigns a pool lead to tc1 and raises its priority');
select is(tests.run(format($$ update leads set assigned_to = %L where id = %L $$, tests.user_id('tc2'), tests.lead_id(5))), '1',
  'a manager reassigns tc1''s lead to tc2');
select throws_ok(format($$ update leads set assigned_to = %L where id = %L $$, tests.user_id('user'), tests.lead_id(5)),
  '23514', 'leads can be assigned only to active telecallers, managers or admins', 'a manager cannot assign a lead to a user');
select throws_ok(format($$ update leads set do_not_call = false where id = %L $$, tests.lead_id(100)),
  '23514', 'this number is on the do-not-call list; an admin must remove it from dnc_list',
  'not even a manager unflags a listed number on the lead');
select is(tests.run(format($$ update leads set phone_e164 = '+919000000199' where id = %L $$, tests.lead_id(100))), '1',
  'a manager corrects the number of a flagged lead');
select is((select do_not_call from leads where id = tests.lead_id(100)), true, 'a flagged lead stays flagged under a new number');
select is((select count(*) from dnc_list where phone_e164 = '+919000000199'), 1::bigint, 'and the new number is listed too');
select is(tests.run(format($$ delete from leads where id = %L $$, tests.lead_id(2))), '0', 'a manager cannot delete leads');

select tests.act_as('tc1');
select is(tests.run(format($$ select * from leads where id = %L $$, tests.lead_id(9))), '1', 'the reassigned pool lead is now visible to tc1');
select is(tests.run(format($$ select * from leads where id = %L $$, tests.lead_id(5))), '0', 'the lead handed to tc2 is gone from tc1''s view');

select tests.act_as('postgres');
select is((select (from_user, to_user, assigned_by) from lead_assignments where lead_id = tests.lead_id(5) order by assigned_at desc, from_user nulls last limit 1),
  (tests.user_id('tc1'), tests.user_id('tc2'), tests.user_id('manager')),
  'the reassignment is in the assignment history with who did it');
select is((select count(*) from audit_log where entity = 'leads' and entity_id = tests.lead_id(5) and actor_id = tests.user_id('manager')
             and old_value = jsonb_build_object('assigned_to', tests.user_id('tc1')) and new_value = jsonb_build_object('assigned_to', tests.user_id('tc2'))),
  1::bigint, 'the reassignment is audited');
select is((select do_not_call from leads where phone_e164 = '+919000000104'), false, 'an unlisted number is callable');
insert into dnc_list (phone_e164, reason) values ('+919000000104', 'test');
select is((select do_not_call from leads where phone_e164 = '+919000000104'), true, 'listing a number flags its lead');

-- admin
select tests.act_as('admin');
select is(tests.run($$ select * from leads $$), '501', 'an admin sees every lead');
select is(tests.run($$ insert into leads (name, phone_e164) values ('Admin Lead', '+919000000105') $$), '1', 'an admin creates a lead');
select is(tests.run(format($$ update leads set priority = 9 where id = %L $$, tests.lead_id(2))), '1', 'an admin changes priority');
select is(tests.run(format($$ delete from leads where id = %L $$, tests.lead_id(2))), '1', 'an admin erases a lead');

-- service_role
select tests.act_as('service_role');
select is(tests.run($$ select * from leads $$), '501', 'the service role sees every lead');
select is(tests.run($$ insert into leads (name, phone_e164) values ('Service Lead', '+919000000106') $$), '1', 'the service role creates a lead');
select is(tests.run(format($$ update leads set assigned_to = %L where phone_e164 = '+919000000106' $$, tests.user_id('tc2'))), '1', 'the service role assigns a lead');
select is(tests.run($$ delete from leads where phone_e164 = '+919000000106' $$), '1', 'the service role deletes a lead');

select * from finish();
rollback;
