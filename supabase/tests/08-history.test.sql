-- Assignment history and the audit log: written only by triggers, never rewritten; the audit
-- log is for admins' eyes only and not even its owner can change it.
-- Seed fixtures: lead 5 is tc1's, lead 2 is tc2's.
begin;
\ir _support/helpers.psql
select plan(48);

select tests.act_as('postgres');
create table tests.expected as
  select (select count(*) from lead_assignments) as history_total,
         (select count(*) from lead_assignments a join leads l on l.id = a.lead_id where l.assigned_to = tests.user_id('tc1')) as tc1_history,
         (select count(*) from audit_log) as audit_total,
         (select id from audit_log order by id limit 1) as first_audit,
         (select id from lead_assignments where lead_id = tests.lead_id(5) limit 1) as tc1_history_row;
grant select on tests.expected to anon, authenticated, service_role;

-- lead_assignments
select tests.act_as('anon');
select is(tests.run($$ select * from lead_assignments $$), '42501', 'anon cannot read assignment history');
select is(tests.run(format($$ insert into lead_assignments (lead_id) values (%L) $$, tests.lead_id(5))), '42501', 'anon cannot write assignment history');
select is(tests.run($$ update lead_assignments set to_user = null $$), '42501', 'anon cannot rewrite assignment history');
select is(tests.run($$ delete from lead_assignments $$), '42501', 'anon cannot delete assignment history');
select tests.act_as('user');
select is(tests.run($$ select * from lead_assignments $$), '0', 'a user sees no assignment history');
select is(tests.run(format($$ insert into lead_assignments (lead_id) values (%L) $$, tests.lead_id(5))), '42501', 'a user cannot write assignment history');
select tests.act_as('tc1');
select is(tests.run($$ select * from lead_assignments $$), (select tc1_history::text from tests.expected), 'tc1 sees the history of the leads they hold');
select is(tests.run(format($$ select * from lead_assignments where lead_id = %L $$, tests.lead_id(2))), '0', 'tc1 cannot see the history of tc2''s lead');
select is(tests.run(format($$ insert into lead_assignments (lead_id, from_user, to_user) values (%L, %L, %L) $$, tests.lead_id(2), tests.user_id('tc2'), tests.user_id('tc1'))), '42501',
  'attack: tc1 cannot forge an assignment record');
select is(tests.run(format($$ update lead_assignments set to_user = %L $$, tests.user_id('tc1'))), '42501', 'tc1 cannot rewrite assignment history');
select is(tests.run(format($$ delete from lead_assignments where id = %L $$, (select tc1_history_row from tests.expected))), '42501',
  'attack: tc1 cannot delete assignment history');
select tests.act_as('manager');
select is(tests.run($$ select * from lead_assignments $$), (select history_total::text from tests.expected), 'a manager sees all assignment history');
select is(tests.run(format($$ insert into lead_assignments (lead_id) values (%L) $$, tests.lead_id(5))), '42501', 'a manager writes history only by assigning');
select is(tests.run($$ update lead_assignments set to_user = null $$), '42501', 'a manager cannot rewrite assignment history');
select is(tests.run($$ delete from lead_assignments $$), '42501', 'a manager cannot delete assignment history');
select is(tests.run(format($$ update leads set assigned_to = %L where id = %L $$, tests.user_id('tc1'), tests.lead_id(2))), '1', 'a manager reassigns a lead');
select is(tests.run(format($$ select * from lead_assignments where lead_id = %L and to_user = %L and assigned_by = %L $$, tests.lead_id(2), tests.user_id('tc1'), tests.user_id('manager'))), '1',
  'the reassignment was recorded by the trigger');
select tests.act_as('admin');
select is(tests.run($$ select * from lead_assignments $$), ((select history_total from tests.expected) + 1)::text, 'an admin sees all assignment history');
select is(tests.run(format($$ insert into lead_assignments (lead_id) values (%L) $$, tests.lead_id(5))), '42501', 'an admin cannot forge history');
select is(tests.run($$ delete from lead_assignments $$), '42501', 'an admin cannot delete assignment history');
select tests.act_as('service_role');
select is(tests.run($$ select * from lead_assignments $$), ((select history_total from tests.expected) + 1)::text, 'the service role reads assignment history');
select is(tests.run(format($$ insert into lead_assignments (lead_id, to_user) values (%L, %L) $$, tests.lead_id(5), tests.user_id('tc1'))), '1',
  'the service role may backfill history (migrations from the old system)');
select is(tests.run(format($$ delete from lead_assignments where lead_id = %L and assigned_by is null and from_user is null and assigned_at = now() $$, tests.lead_id(5))), '1',
  'the service role may remove a bad backfill');

-- audit_log
select tests.act_as('anon');
select is(tests.run($$ select * from audit_log $$), '42501', 'anon cannot read the audit log');
select is(tests.run(format($$ insert into audit_log (actor_role, action, entity, entity_id) values ('x', 'role_changed', 'profiles', %L) $$, tests.user_id('tc1'))), '42501',
  'anon cannot write the audit log');
select is(tests.run($$ update audit_log set actor_role = 'x' $$), '42501', 'anon cannot update the audit log');
select is(tests.run($$ delete from audit_log $$), '42501', 'anon cannot delete the audit log');
select tests.act_as('user');
select is(tests.run($$ select * from audit_log $$), '0', 'a user cannot read the audit log');
select is(tests.run($$ delete from audit_log $$), '42501', 'a user cannot delete the audit log');
select tests.act_as('tc1');
select is(tests.run($$ select * from audit_log $$), '0', 'attack: a telecaller cannot read the audit log');
select is(tests.run(format($$ insert into audit_log (actor_role, action, entity, entity_id, new_value) values ('admin', 'role_changed', 'profiles', %L, '{"role": "admin"}') $$, tests.user_id('tc1'))), '42501',
  'attack: a telecaller cannot forge an audit entry');
select is(tests.run($$ update audit_log set actor_id = null $$), '42501', 'a telecaller cannot update the audit log');
select is(tests.run($$ delete from audit_log $$), '42501', 'attack: a telecaller cannot delete the audit log');
select tests.act_as('manager');
select is(tests.run($$ select * from audit_log $$), '0', 'a manager cannot read the audit log');
select is(tests.run($$ update audit_log set actor_id = null $$), '42501', 'a manager cannot update the audit log');
select is(tests.run($$ delete from audit_log $$), '42501', 'a manager cannot delete the audit log');
select tests.act_as('admin');
select is(tests.run($$ select * from audit_log $$), ((select audit_total from tests.expected) + 1)::text, 'an admin reads the whole audit log, including the reassignment');
select is(tests.run(format($$ insert into audit_log (actor_role, action, entity, entity_id) values ('admin', 'role_changed', 'profiles', %L) $$, tests.user_id('tc1'))), '42501',
  'an admin cannot write audit entries by hand');
select is(tests.run(format($$ update audit_log set new_value = '{}' where id = %s $$, (select first_audit from tests.expected))), '42501', 'an admin cannot update the audit log');
select is(tests.run(format($$ delete from audit_log where id = %s $$, (select first_audit from tests.expected))), '42501', 'an admin cannot delete the audit log');
select tests.act_as('service_role');
select is(tests.run($$ select * from audit_log $$), ((select audit_total from tests.expected) + 1)::text, 'the service role reads the audit log');
select is(tests.run(format($$ insert into audit_log (actor_role, action, entity, entity_id) values ('x', 'role_changed', 'profiles', %L) $$, tests.user_id('tc1'))), '42501',
  'the service role cannot write audit entries by hand');
select is(tests.run($$ update audit_log set actor_role = 'x' $$), '42501', 'the service role cannot update the audit log');
select is(tests.run($$ delete from audit_log $$), '42501', 'the service role cannot delete the audit log');

-- Even the table owner (postgres, who bypasses grants and RLS) is stopped by the trigger.
select tests.act_as('postgres');
select throws_ok(format($$ update audit_log set actor_role = 'x' where id = %s $$, (select first_audit from tests.expected)),
  '42501', 'audit_log is append-only: update is not allowed', 'the owner cannot update the audit log');
select throws_ok(format($$ delete from audit_log where id = %s $$, (select first_audit from tests.expected)),
  '42501', 'audit_log is append-only: delete is not allowed', 'the owner cannot delete from the audit log');
select throws_ok($$ truncate audit_log $$,
  '42501', 'audit_log is append-only: truncate is not allowed', 'the owner cannot truncate the audit log');
select is((select count(*) from audit_log), (select audit_total + 1 from tests.expected), 'every audit entry is still there');

select * from finish();
rollback;
