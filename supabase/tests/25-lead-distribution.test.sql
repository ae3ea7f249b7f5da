-- Distribution and reassignment (migration lead_import_and_distribution): round-robin, weighted and
-- capped shares; each move writes history, audit, sync revoke and grant and rings the old holder;
-- a telecaller cannot distribute or reassign; a deactivated person or a non-telecaller gets no leads.
begin;
\ir _support/helpers.psql
select plan(22);

-- Two fresh telecallers with no leads, and a pool of 12 fresh unassigned leads that sort first.
insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data) values
  ('00000000-0000-4000-8000-0000000000d3', 't3@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Tee Three"}'),
  ('00000000-0000-4000-8000-0000000000d4', 't4@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Tee Four"}'),
  ('00000000-0000-4000-8000-0000000000d5', 'gone@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Gone"}');
update public.profiles set is_active = false where email = 'gone@talentg.test';
insert into public.leads (name, phone_e164, source, priority)
select 'Pool ' || g, '+91990000' || lpad(g::text, 4, '0'), 'pool-test', 9
  from generate_series(1, 12) g;

-- ---- Refusals ----
select tests.act_as('tc1');
select is(tests.refusal($$ select public.distribute_leads('[{"email": "tc1@talentg.test"}]') $$), '42501',
  'a telecaller cannot distribute leads');
select is(tests.refusal($$ select public.reassign_leads(array[tests.lead_id(2)], 'tc1@talentg.test') $$), '42501',
  'a telecaller cannot reassign a lead to themselves');
select tests.act_as('manager');
select is(tests.refusal($$ select public.distribute_leads('[{"email": "manager@talentg.test"}]') $$),
  'ASSIGNEE_NOT_TELECALLER', 'leads are not distributed to a manager');
select is(tests.refusal($$ select public.distribute_leads('[{"email": "gone@talentg.test"}]') $$),
  'ASSIGNEE_INACTIVE', 'a deactivated telecaller gets no leads');
select is(tests.refusal($$ select public.reassign_leads(array[tests.lead_id(9)], 'nobody@talentg.test') $$),
  'ASSIGNEE_NOT_FOUND', 'an unknown email is named as such');
select is(tests.refusal($$ select public.distribute_leads('[{"email": "t3@talentg.test"}]', 'capped') $$),
  'DISTRIBUTION_INVALID', 'a capped distribution needs its cap');
select is(tests.refusal($$ select public.distribute_leads('[{"email": "t3@talentg.test", "weight": 0}]', 'weighted') $$),
  'DISTRIBUTION_INVALID', 'a weight is at least 1');

-- ---- Round-robin: 5 of the pool in turn ----
create temp table answers (name text primary key, a jsonb);
grant all on answers to authenticated;
insert into answers values ('rr', public.distribute_leads(
  '[{"email": "t3@talentg.test"}, {"email": "t4@talentg.test"}]', 'round-robin',
  p_sources => array['pool-test'], p_unassigned => true, p_limit => 5));
select is((select a from answers where name = 'rr'),
  '{"total": 5, "assignments": [
     {"user_id": "00000000-0000-4000-8000-0000000000d3", "email": "t3@talentg.test", "count": 3},
     {"user_id": "00000000-0000-4000-8000-0000000000d4", "email": "t4@talentg.test", "count": 2}]}'::jsonb,
  'round-robin shares in turn: 3 and 2 of 5');

select tests.act_as('postgres');
select is(
  (select count(*) from public.lead_assignments a join public.leads l on l.id = a.lead_id
    where l.source = 'pool-test' and a.assigned_by = tests.user_id('manager') and a.from_user is null),
  5::bigint, 'each move is in the assignment history, by the manager');
select is(
  (select count(*) from public.audit_log a join public.leads l on l.id = a.entity_id
    where l.source = 'pool-test' and a.action = 'lead_assigned' and a.actor_id = tests.user_id('manager')),
  5::bigint, 'each move is in the audit log');
select is(
  (select count(*) from sync.change_log c join public.leads l on l.id = c.lead_id
    where l.source = 'pool-test' and c.kind = 'grant'),
  5::bigint, 'each move grants the lead to its new holder in the sync log');

-- ---- Weighted 2:1 over the next 6 ----
select tests.act_as('manager');
select is(
  public.distribute_leads(
    '[{"email": "t3@talentg.test", "weight": 2}, {"email": "t4@talentg.test", "weight": 1}]', 'weighted',
    p_sources => array['pool-test'], p_unassigned => true, p_limit => 6) -> 'assignments',
  '[{"user_id": "00000000-0000-4000-8000-0000000000d3", "email": "t3@talentg.test", "count": 4},
    {"user_id": "00000000-0000-4000-8000-0000000000d4", "email": "t4@talentg.test", "count": 2}]'::jsonb,
  'weighted shares 2:1');
select is(
  (select count(*) from public.leads where source = 'pool-test' and assigned_to is null), 1::bigint,
  'one pool lead is left unassigned');

-- ---- Capped: t3 holds 7, t4 holds 4; a cap of 6 leaves t3 no room and t4 takes the last one ----
select is(
  public.distribute_leads(
    '[{"email": "t3@talentg.test"}, {"email": "t4@talentg.test"}]', 'capped', 6,
    p_sources => array['pool-test']) -> 'assignments',
  '[{"user_id": "00000000-0000-4000-8000-0000000000d3", "email": "t3@talentg.test", "count": 0},
    {"user_id": "00000000-0000-4000-8000-0000000000d4", "email": "t4@talentg.test", "count": 1}]'::jsonb,
  'capped: nobody goes over the cap, and the one lead left goes to the one with room');
select is(
  (select count(*) from public.leads where assigned_to = '00000000-0000-4000-8000-0000000000d4'),
  5::bigint, 't4 now holds 5');

-- ---- Reassignment ----
select tests.act_as('postgres');
delete from public.sync_pokes;
create temp table moving as
  select id from public.leads where assigned_to = '00000000-0000-4000-8000-0000000000d3' order by id limit 2;
grant select on moving to authenticated;
select tests.act_as('manager');
select is(
  public.reassign_leads(array(select id from moving) || tests.lead_id(99999), 't4@talentg.test'),
  jsonb_build_object('moved', 2, 'unchanged', 0, 'missing', jsonb_build_array(tests.lead_id(99999))),
  'reassignment moves the leads and names the ids it did not find');
select is(
  public.reassign_leads(array(select id from moving), 't4@talentg.test') -> 'moved', '0'::jsonb,
  'reassigning to the holder moves nothing');
select tests.act_as('postgres');
select is((select array_agg(user_id) from public.sync_pokes),
  array['00000000-0000-4000-8000-0000000000d3'::uuid], 'the old holder is rung at once');
select is(
  (select count(*) from sync.change_log c
    where c.lead_id in (select id from moving) and c.kind = 'revoke'
      and c.audience = '00000000-0000-4000-8000-0000000000d3'),
  2::bigint, 'the old holder gets a revoke per lead');
select tests.act_as('manager');
select is(public.reassign_leads(array(select id from moving)) -> 'moved', '2'::jsonb,
  'a reassignment to nobody returns the leads to the pool');
select tests.act_as('postgres');
select is((select count(*) from public.leads where id in (select id from moving) and assigned_to is null),
  2::bigint, 'the leads are unassigned');
select tests.act_as('tc1');
select is(
  (select count(*) from public.leads where source = 'pool-test'), 0::bigint,
  'a telecaller still sees none of the leads they do not hold');

select * from finish();
rollback;
