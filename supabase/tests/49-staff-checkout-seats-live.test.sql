-- Issue 15 leftovers (migrations staff_checkout, team_seats_realtime): the checkout offer refuses a paid
-- assessment to a manager or admin, who take it included, and answers everyone else as before; a
-- deactivated manager is refused as any inactive account; team_seats is published for Realtime, whose
-- postgres_changes pass on only what team_seats_select lets a subscriber read: staff, not telecallers.
begin;
\ir _support/helpers.psql
select plan(12);

create function tests.offer(p_who text, p_product text)
returns jsonb
language sql
as $$ select public.stripe_checkout_offer(tests.user_id(p_who), ('00000000-0000-4000-8000-0000000000' || p_product)::uuid) $$;
grant execute on function tests.offer(text, text) to service_role;

select tests.act_as('service_role');
insert into public.products (id, kind, name, assessment_id, seats, unit_amount, currency) values
  ('00000000-0000-4000-8000-0000000000e1', 'assessment', 'Communication assessment',
   '00000000-0000-4000-8000-00000000a002', null, 49900, 'inr'),
  ('00000000-0000-4000-8000-0000000000e2', 'seats', 'Five seats', null, 5, 250000, 'inr');

-- ---- Staff take paid assessments included: no checkout ----
select is(tests.offer('manager', 'e1'),
  '{"refused": "ALREADY_UNLOCKED", "message": "Managers and admins take paid assessments without buying them."}'::jsonb,
  'a manager is offered no checkout of a paid assessment, and told why');
select is(tests.offer('admin', 'e1') ->> 'refused', 'ALREADY_UNLOCKED', 'nor is an admin');
select is(tests.offer('user', 'e1') ->> 'unit_amount', '49900', 'a user is offered it at its price');
select is(tests.offer('tc1', 'e1') ->> 'assessment_id', '00000000-0000-4000-8000-00000000a002',
  'and a telecaller');
select is(tests.offer('manager', 'e2') ->> 'seats', '5', 'a manager still buys seats for the team');
select is(tests.offer('admin', 'e2') ->> 'seats', '5', 'and an admin');
select is(tests.offer('tc1', 'e2') ->> 'refused', 'FORBIDDEN', 'a telecaller still cannot');

select tests.act_as('postgres');
update public.profiles set is_active = false where id = tests.user_id('manager');
select tests.act_as('service_role');
select is(tests.offer('manager', 'e1') ->> 'refused', 'FORBIDDEN',
  'a deactivated manager is refused as any inactive account, not told it is included');
select tests.act_as('postgres');
update public.profiles set is_active = true where id = tests.user_id('manager');

-- ---- Seats on Realtime, for staff ----
select ok(exists (select 1 from pg_publication_tables
                   where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'team_seats'),
  'team_seats is in the supabase_realtime publication');
select tests.act_as('service_role');
insert into public.purchases (id, user_id, kind, seats, amount_total, currency, stripe_checkout_session_id)
  values ('00000000-0000-4000-8000-0000000000d1', tests.user_id('admin'), 'seats', 5, 250000, 'inr', 'cs_live');
insert into public.team_seats (purchase_id, bought_by, seats)
  values ('00000000-0000-4000-8000-0000000000d1', tests.user_id('admin'), 5);
select tests.act_as('manager');
select is((select sum(seats) from public.team_seats), 5::bigint, 'a manager reads the seats Realtime tells them of');
select tests.act_as('tc1');
select is((select count(*) from public.team_seats), 0::bigint, 'a telecaller reads none, so hears of none');
select tests.act_as('user');
select is((select count(*) from public.team_seats), 0::bigint, 'nor does a user');

select * from finish();
rollback;
