-- Open leads per person (migration intake_cheaper): private.open_lead_counts, kept by statement triggers
-- on leads and read by the WordPress intake's assignment, stays equal to a recount of the open leads
-- (assigned, not do-not-call, new/contacted/qualified) through inserts, intake merges, status moves, a
-- do-not-call flag, reassignments, deletes, a deleted person and a truncate; the intake gives a lead to
-- the person with the fewest by it; no client role reads it; change-log inserts without a revoke leave
-- sync_pokes alone, and a revoke still rings its holder.
begin;
\ir _support/helpers.psql
select plan(18);

-- Every person whose count differs from a recount, with both numbers; empty when the counts are exact.
create temp view count_drift as
  select coalesce(r.user_id, c.user_id) as user_id, r.open_leads as recounted, c.open_leads as counted
    from (select l.assigned_to as user_id, count(*)::bigint as open_leads from public.leads l
           where l.assigned_to is not null and not l.do_not_call and l.status in ('new', 'contacted', 'qualified')
           group by l.assigned_to) r
    full join (select user_id, sum(open_leads)::bigint as open_leads from private.open_lead_counts
                group by user_id having sum(open_leads) <> 0) c on c.user_id = r.user_id
   where r.open_leads is distinct from c.open_leads;

select is_empty('select * from count_drift', 'the migration counted the seed''s open leads');

-- ---- No client role reads or writes the counts ----
select ok(not has_table_privilege('authenticated', 'private.open_lead_counts', 'select, insert, update, delete')
  and not has_table_privilege('anon', 'private.open_lead_counts', 'select, insert, update, delete')
  and not has_table_privilege('service_role', 'private.open_lead_counts', 'select, insert, update, delete'),
  'no client role touches open_lead_counts');

-- ---- Inserts, one by one and in bulk ----
insert into public.leads (name, phone_e164, source, assigned_to)
values ('Count one', '+919846000001', 'counts', tests.user_id('tc1'));
insert into public.leads (name, phone_e164, source, assigned_to, status)
select 'Count ' || g, '+91984600' || lpad(g::text, 4, '0'), 'counts',
       case when g % 3 = 0 then tests.user_id('tc2') when g % 3 = 1 then tests.user_id('tc1') end,
       (array['new', 'contacted', 'qualified', 'converted', 'lost'])[1 + g % 5]
  from generate_series(2, 60) g;
select is_empty('select * from count_drift', 'inserts of open and closed, held and pooled leads are counted');

-- ---- The intake: a new lead, a merge, a pooled lead given out ----
select tests.act_as('service_role');
select public.wordpress_lead_intake('counts-1', 'Form Lead', '+919846100001', null, 'form@example.com');
select public.wordpress_lead_intake('counts-2', 'Form Lead', '+919846100001', null, null, 'Form Co');
select public.wordpress_lead_intake('counts-3', 'Pooled', '+91984600' || lpad('2', 4, '0'), null, 'pool@example.com');
select tests.act_as('postgres');
select is_empty('select * from count_drift', 'the intake''s insert, merge and assignment of a pooled lead are counted');

-- ---- Updates: status moves, do-not-call, reassignment ----
update public.leads set status = 'converted' where source = 'counts' and status = 'new' and assigned_to = tests.user_id('tc1');
select is_empty('select * from count_drift', 'a lead moving to converted leaves its holder''s count');
update public.leads set status = 'contacted' where source = 'counts' and status = 'lost';
select is_empty('select * from count_drift', 'a lead reopened comes back into the count');
update public.leads set do_not_call = true where phone_e164 = '+919846000001';
select is_empty('select * from count_drift', 'a lead flagged do-not-call leaves the count');
update public.leads set assigned_to = tests.user_id('tc2')
 where source = 'counts' and assigned_to = tests.user_id('tc1');
select is_empty('select * from count_drift', 'a reassignment moves the count from one holder to the other');
update public.leads set assigned_to = tests.user_id('tc1') where source = 'counts' and assigned_to is null;
select is_empty('select * from count_drift', 'pooled leads given out are counted for their new holder');
update public.leads set name = name || ' (renamed)' where source = 'counts';
select is(
  (select count(*)::integer from private.open_lead_counts c where c.open_leads = 0), 0,
  'an update that moves no lead in or out writes no count');

-- ---- Deletes, a deleted person, a rebuild, a truncate ----
delete from public.leads where source = 'counts' and status = 'contacted';
select is_empty('select * from count_drift', 'deleted leads leave the count');

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data)
values ('00000000-0000-4000-8000-000000004601', 'counts@talentg.test', 'authenticated', 'authenticated',
        '{"provider": "email", "role": "telecaller"}', '{"full_name": "Counts Person"}');
update public.leads set assigned_to = '00000000-0000-4000-8000-000000004601'
 where source = 'counts' and assigned_to = tests.user_id('tc2');
delete from auth.users where id = '00000000-0000-4000-8000-000000004601';
select is_empty('select * from count_drift', 'a deleted person''s leads, set to nobody, leave the count');

select is(
  (select coalesce(sum(open_leads), 0)::integer from private.open_lead_counts
    where user_id = '00000000-0000-4000-8000-000000004601'), 0,
  'and nothing is counted for the deleted person');

create temp table counted_before as
  select user_id, sum(open_leads) as open_leads from private.open_lead_counts group by user_id having sum(open_leads) <> 0;
select private.open_lead_counts_rebuild();
select set_eq(
  'select user_id, sum(open_leads) from private.open_lead_counts group by user_id having sum(open_leads) <> 0',
  'select user_id, open_leads from counted_before',
  'a rebuild counts what the triggers kept');

-- ---- The intake assigns by the counts ----
-- tc2 is made to hold the fewest by far: the next new lead is theirs, whatever the turn.
update public.leads set assigned_to = tests.user_id('tc1') where assigned_to = tests.user_id('tc2');
select tests.act_as('service_role');
select is(public.wordpress_lead_intake('counts-4', 'Next Lead', '+919846100004') ->> 'assigned_to',
  tests.user_id('tc2')::text, 'a new lead goes to the telecaller with the fewest open leads');
select tests.act_as('postgres');

-- ---- Change-log inserts ring only for revokes ----
create temp table pokes_before as select * from public.sync_pokes;
insert into sync.change_log (entity, entity_id, lead_id, kind, owner)
values ('lead', tests.lead_id(2), tests.lead_id(2), 'upsert', tests.user_id('tc2'));
select set_eq('select * from public.sync_pokes', 'select * from pokes_before',
  'a change-log insert without a revoke leaves sync_pokes alone');
insert into sync.change_log (entity, entity_id, lead_id, kind, owner, audience)
values ('lead', tests.lead_id(2), tests.lead_id(2), 'revoke', null, tests.user_id('tc2'));
select is((select reason from public.sync_pokes where user_id = tests.user_id('tc2')), 'revoke',
  'a revoke still rings its old holder');

set local client_min_messages = warning;
truncate public.leads cascade;
select is((select count(*)::integer from private.open_lead_counts), 0, 'a truncate of leads empties the counts');

select * from finish();
rollback;
