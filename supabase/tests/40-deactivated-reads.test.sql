-- A deactivated person's still-valid token reads and writes nothing at once (migration
-- deactivated_reads): not their leads, calls, callbacks or assessments, through the tables or through
-- my_assessments; only their own profile, which says they are deactivated. Reactivated, all comes back.
-- Each table whose policies admit a person by identity carries the restrictive policy that decides this.
begin;
\ir _support/helpers.psql
select plan(29);

-- What tc1 reads of their own, as one line: leads, calls, callbacks, assignments, responses, profiles.
create function tests.own_rows() returns text language sql as $$
  select format('%s/%s/%s/%s/%s/%s',
    (select count(*) from leads where assigned_to = tests.user_id('tc1')),
    (select count(*) from interactions where lead_id = tests.lead_id(5)),
    (select count(*) from callbacks c join leads l on l.id = c.lead_id where l.assigned_to = tests.user_id('tc1')),
    (select count(*) from assessment_assignments where user_id = tests.user_id('tc1')),
    (select count(*) from assessment_responses where user_id = tests.user_id('tc1')),
    (select count(*) from profiles))
$$;
grant execute on all functions in schema tests to authenticated;

-- The same statements before and after: a call, a callback, a lead's status, a callback closed, an answer.
create function tests.log_call() returns text language sql as $$
  select tests.run(format($q$ insert into interactions (lead_id, type, disposition, created_by)
                             values (%L, 'call', 'NA', %L) $q$, tests.lead_id(5), tests.user_id('tc1')))
$$;
create function tests.add_callback() returns text language sql as $$
  select tests.run(format($q$ insert into callbacks (lead_id, owner_id, due_at, created_by)
                             values (%L, %L, now() + interval '1 day', %L) $q$,
                          tests.lead_id(5), tests.user_id('tc1'), tests.user_id('tc1')))
$$;
create function tests.move_lead() returns text language sql as $$
  select tests.run(format($q$ update leads set status = 'contacted' where id = %L $q$, tests.lead_id(5)))
$$;
create function tests.close_callbacks() returns text language sql as $$
  select tests.run(format($q$ update callbacks set state = 'cancelled'
                               where lead_id in (select id from leads where assigned_to = %L) and state = 'pending' $q$,
                          tests.user_id('tc1')))
$$;
create function tests.answer() returns text language sql as $$
  select tests.run(format($q$ update assessment_responses set answers = answers where user_id = %L
                                and status = 'in_progress' $q$, tests.user_id('tc1')))
$$;
grant execute on all functions in schema tests to authenticated;

-- ---- Active ----
select tests.act_as('tc1');
select matches(tests.own_rows(), '^[1-9][0-9]*/[1-9][0-9]*/[1-9][0-9]*/2/1/[1-9][0-9]*$',
  'an active telecaller reads their leads, calls, callbacks, two assignments, one response and profiles');
select is((select count(*) from my_assessments()), 2::bigint, 'and their two assessments as a taker');
select is(tests.log_call(), '1', 'logs a call');
select is(tests.add_callback(), '1', 'schedules a callback');
select is(tests.move_lead(), '1', 'moves their lead');
select is(tests.answer(), '1', 'answers their assessment');

-- ---- Deactivated, same token ----
select tests.act_as('postgres');
update profiles set is_active = false where id = tests.user_id('tc1');
select tests.act_as('tc1');
select is((select count(*) from leads), 0::bigint, 'a deactivated telecaller reads no lead');
select is((select count(*) from interactions), 0::bigint, 'no call or note');
select is((select count(*) from callbacks), 0::bigint, 'no callback');
select is((select count(*) from assessment_assignments), 0::bigint, 'no assessment assignment');
select is((select count(*) from assessment_responses), 0::bigint, 'no assessment response');
select is(tests.run('select * from my_assessments()'), '42501', 'and my_assessments refuses them');
select is((select count(*) from lead_assignments), 0::bigint, 'no assignment history');
select is((select array_agg(is_active) from profiles), array[false],
  'only their own profile, which says they are deactivated');
select is(tests.log_call(), '42501', 'they log no call');
select is(tests.add_callback(), '42501', 'schedule no callback');
select is(tests.move_lead(), '0', 'move no lead');
select is(tests.close_callbacks(), '0', 'close no callback');
select is(tests.answer(), '0', 'answer no assessment');
select is(tests.run(format($q$ update profiles set full_name = 'Still here' where id = %L $q$, tests.user_id('tc1'))),
  '42501', 'and cannot rename themselves');
select is(tests.run(format($q$ insert into assessment_responses (assessment_id, user_id, answers)
                              select assessment_id, %L, '{}' from assessment_assignments limit 1 $q$,
                           tests.user_id('tc1'))),
  '0', 'nor start an assessment (there is no assignment they can see to start it from)');

-- A deactivated admin at aal2 reads no assessment either (staff reads go through the same policy).
select tests.act_as('postgres');
update profiles set is_active = false where id = tests.user_id('admin');
select tests.act_as('admin', 'aal2');
select is((select count(*) from assessments), 0::bigint, 'a deactivated admin reads no assessment');
select is((select count(*) from leads), 0::bigint, 'and no lead');

-- Other people are untouched.
select tests.act_as('tc2');
select ok((select count(*) from leads) > 0, 'an active telecaller still reads their leads');
select tests.act_as('manager');
select ok((select count(*) from interactions where lead_id = tests.lead_id(5)) > 0,
  'and an active manager reads the deactivated telecaller''s calls');

-- ---- Reactivated ----
select tests.act_as('postgres');
update profiles set is_active = true where id = tests.user_id('tc1');
select tests.act_as('tc1');
select matches(tests.own_rows(), '^[1-9][0-9]*/[1-9][0-9]*/[1-9][0-9]*/2/1/[1-9][0-9]*$',
  'reactivated, the telecaller reads all of it again');
select is((select count(*) from my_assessments()), 2::bigint, 'and their assessments');
select is(tests.log_call(), '1', 'and logs calls again');

-- ---- Every table that admits a person by identity is covered ----
-- Found by its policies (one naming auth.uid()), not by a list, so a new table cannot slip past.
select tests.act_as('postgres');
select is(
  (select array_agg(distinct p.tablename::text order by p.tablename::text)
     from pg_policies p
    where p.schemaname = 'public'
      and coalesce(p.qual, '') || coalesce(p.with_check, '') like '%auth.uid()%'
      and not exists (select 1 from pg_policies c
                       where c.schemaname = 'public' and c.tablename = p.tablename
                         and c.policyname = 'caller_is_active' and c.permissive = 'RESTRICTIVE'
                         and c.roles = '{authenticated}' and c.cmd = 'ALL'
                         and c.qual like '%private.caller_is_active()%')),
  null::text[],
  'every table with a policy that admits the caller by identity has the restrictive caller_is_active policy');

select * from finish();
rollback;
