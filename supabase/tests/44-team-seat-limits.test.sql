-- Seats and staff unlocks (migration team_seat_limits): seat_usage() for staff only; a project that never
-- bought seats is unlimited; once bought, a person who would take a seat beyond them is refused
-- (creation, reactivation, a role change into telecaller or manager), anything else is not; a refund
-- deactivates nobody and never means unlimited. Managers and admins take paid assessments without an
-- unlock; an admin at aal2 grants and takes back unlocks, audited. Seed: manager, tc1, tc2 take the 3
-- seats in use; A2 (communication) is assigned to user@ and tc1@, whose response b002 is in progress.
begin;
\ir _support/helpers.psql
select plan(44);

create function tests.a(n integer)
returns uuid
language sql
immutable
as $$ select ('00000000-0000-4000-8000-00000000a00' || n)::uuid $$;

-- A paid Checkout Session of p_seats seats (or of assessment p_assessment) for p_user, as Stripe sends it.
create function tests.bought(p_id text, p_user text, p_seats integer, p_assessment uuid default null)
returns text
language sql
as $$
  select public.stripe_apply_event('evt_' || p_id, 'checkout.session.completed', jsonb_build_object(
    'id', 'cs_' || p_id, 'client_reference_id', tests.user_id(p_user), 'payment_status', 'paid',
    'payment_intent', 'pi_' || p_id, 'amount_total', 100, 'currency', 'inr',
    'metadata', jsonb_build_object(
      'talentg_kind', case when p_assessment is null then 'seats' else 'assessment' end,
      'talentg_seats', p_seats::text, 'talentg_assessment_id', p_assessment))) ->> 'outcome'
$$;
create function tests.refunded(p_id text)
returns text
language sql
as $$
  select public.stripe_apply_event('evt_refund_' || p_id, 'charge.refunded', jsonb_build_object(
    'id', 'ch_' || p_id, 'payment_intent', 'pi_' || p_id, 'refunded', true)) ->> 'outcome'
$$;
create function tests.seats()
returns text
language sql
as $$ select format('%s of %s', seats_used, coalesce(seats_bought::text, 'unlimited')) from public.seat_usage() $$;
grant execute on function tests.a(integer), tests.bought(text, text, integer, uuid), tests.refunded(text),
  tests.seats() to service_role, authenticated;

-- ---- Who sees the seats ----
select ok(not has_function_privilege('anon', 'public.seat_usage()', 'execute')
      and not has_function_privilege('anon', 'public.grant_assessment_unlock(uuid, uuid)', 'execute')
      and not has_function_privilege('anon', 'public.revoke_assessment_unlock(uuid)', 'execute'),
  'anon executes none of seat_usage, grant_assessment_unlock, revoke_assessment_unlock');
select tests.act_as('tc1');
select is(tests.refusal('select * from public.seat_usage()'), 'FORBIDDEN', 'a telecaller does not see the seats');
select tests.act_as('manager');
select is(tests.seats(), '3 of unlimited', 'a manager sees 3 seats in use (manager, tc1, tc2), unlimited: none bought');

-- ---- Never bought: unlimited ----
select tests.act_as('admin', 'aal2');
select is(tests.run($$ update profiles set role = 'telecaller' where id = tests.user_id('user') $$), '1',
  'with no seats ever bought, an admin adds a telecaller freely');
select is(tests.run($$ update profiles set role = 'user' where id = tests.user_id('user') $$), '1',
  'and moves them back');

-- ---- Bought: the limit holds ----
select tests.act_as('service_role');
select is(tests.bought('seats4', 'manager', 4), 'seats_added', 'the manager buys 4 seats');
select tests.act_as('admin', 'aal2');
select is(tests.seats(), '3 of 4', 'an admin sees 3 of 4 seats in use');
select is(tests.run($$ update profiles set role = 'telecaller' where id = tests.user_id('user') $$), '1',
  'a user made telecaller takes the fourth seat');
select is(tests.seats(), '4 of 4', 'now 4 of 4');

-- Auth writes auth.users as its own database role, with no request claims: as postgres here.
select tests.act_as('postgres');
select is(tests.refusal($$ insert into auth.users (id, email, aud, role, raw_app_meta_data)
  values ('00000000-0000-4000-8000-0000000004e1', 'fifth@talentg.test', 'authenticated', 'authenticated',
          '{"provider": "email", "role": "telecaller"}') $$), 'SEAT_LIMIT_REACHED',
  'Auth creating a fifth telecaller (no signed-in user) is refused: the limit binds every caller');
insert into auth.users (id, email, aud, role, raw_app_meta_data)
values ('00000000-0000-4000-8000-0000000004e2', 'candidate@talentg.test', 'authenticated', 'authenticated',
        '{"provider": "email", "role": "user"}');
select is((select role from profiles where id = '00000000-0000-4000-8000-0000000004e2'), 'user',
  'an assessment-only user takes no seat and is created');

select tests.act_as('admin', 'aal2');
select is(tests.refusal($$ update profiles set role = 'manager' where id = '00000000-0000-4000-8000-0000000004e2' $$),
  'SEAT_LIMIT_REACHED', 'making them a manager is refused when all seats are taken');
select throws_ok($$ update profiles set role = 'telecaller' where id = '00000000-0000-4000-8000-0000000004e2' $$,
  'P0001', 'All seats are taken: 4 of 4 in use. Buy more seats or deactivate a telecaller or manager first.',
  'the refusal names the seats in use and bought');
select is(tests.run($$ update profiles set role = 'telecaller' where id = tests.user_id('manager') $$), '1',
  'a manager made telecaller keeps their seat: allowed when full');
select is(tests.run($$ update profiles set role = 'manager', full_name = 'Rajiv M.' where id = tests.user_id('manager') $$), '1',
  'and back to manager, renamed: allowed when full');
select is(tests.run($$ update profiles set is_active = false where id = tests.user_id('tc2') $$), '1',
  'deactivating someone is always allowed');
select is(tests.run($$ update profiles set role = 'telecaller' where id = '00000000-0000-4000-8000-0000000004e2' $$), '1',
  'which frees a seat for the candidate made telecaller');
select is(tests.refusal($$ update profiles set is_active = true where id = tests.user_id('tc2') $$), 'SEAT_LIMIT_REACHED',
  'reactivating tc2 then is refused: the seat is taken again');
select is((select is_active from profiles where id = tests.user_id('tc2')), false, 'tc2 stays deactivated');
select is(tests.refusal($$ update profiles set is_active = true where id in (tests.user_id('tc2'), tests.user_id('manager')) $$),
  'SEAT_LIMIT_REACHED', 'a statement over the limit is refused whole');

-- ---- A refund deactivates nobody, and is not "unlimited" ----
select tests.act_as('service_role');
select is(tests.refunded('seats4'), 'revoked', 'the 4 seats are refunded');
select is((select count(*) from profiles where is_active and role in ('telecaller', 'manager')), 4::bigint,
  'the 4 people in seats stay active after the refund');
select tests.act_as('admin', 'aal2');
select is(tests.seats(), '4 of 0', 'the team is over its seats: 4 of 0, not unlimited');
select is(tests.run($$ update profiles set full_name = 'Priya R.' where id = tests.user_id('tc1') $$), '1',
  'people over the limit keep working: their profiles still change');
select is(tests.refusal($$ update profiles set is_active = true where id = tests.user_id('tc2') $$), 'SEAT_LIMIT_REACHED',
  'but nobody new takes a seat');
select tests.act_as('service_role');
select is(tests.bought('seats10', 'manager', 10), 'seats_added', 'the manager buys 10 seats');
select tests.act_as('admin', 'aal2');
select is(tests.run($$ update profiles set is_active = true where id = tests.user_id('tc2') $$), '1',
  'then tc2 is reactivated: 5 of 10');

-- ---- Staff take paid assessments; admins grant unlocks ----
select tests.act_as('service_role');
insert into public.products (id, kind, name, assessment_id, unit_amount, currency)
values ('00000000-0000-4000-8000-0000000004f2', 'assessment', 'Communication', tests.a(2), 49900, 'inr');
insert into public.assessment_assignments (assessment_id, user_id) values (tests.a(2), tests.user_id('manager'));

select tests.act_as('manager');
select is(tests.refusal(format($$ insert into assessment_responses (assessment_id) values (%L) $$, tests.a(2))), null,
  'a manager starts a paid assessment assigned to them without buying it');
select is((select unlocked from public.my_assessment_offers() where assessment_id = tests.a(2)), true,
  'and sees it unlocked');
select tests.act_as('tc1');
select is(tests.refusal($$ update assessment_responses set answers = '{"q1": "b"}' where id = '00000000-0000-4000-8000-00000000b002' $$),
  'ASSESSMENT_LOCKED', 'a telecaller still needs an unlock');

select tests.act_as('manager', 'aal2');
select is(tests.refusal(format($$ select public.grant_assessment_unlock(%L, %L) $$, tests.user_id('tc1'), tests.a(2))),
  'FORBIDDEN', 'a manager cannot grant an unlock');
select tests.act_as('admin');
select is(tests.refusal(format($$ select public.grant_assessment_unlock(%L, %L) $$, tests.user_id('tc1'), tests.a(2))),
  'AAL2_REQUIRED', 'an admin grants only after a second factor');
select tests.act_as('admin', 'aal2');
create temporary table granted on commit drop as
  select * from public.grant_assessment_unlock(tests.user_id('tc1'), tests.a(2));
select results_eq($$ select source, granted_by, purchase_id, revoked_at from granted $$,
  $$ values ('grant'::text, tests.user_id('admin'), null::uuid, null::timestamptz) $$,
  'an admin at aal2 grants tc1 the paid assessment: a grant naming the admin, no purchase');
select results_eq($$ select actor_id, actor_role, new_value from audit_log where action = 'assessment_unlock_granted' $$,
  format($$ values (%L::uuid, 'admin'::text, %L::jsonb) $$, tests.user_id('admin'),
    jsonb_build_object('user_id', tests.user_id('tc1'), 'assessment_id', tests.a(2))),
  'the grant is audited with the admin and what was granted');
select is((select id from public.grant_assessment_unlock(tests.user_id('tc1'), tests.a(2))), (select id from granted),
  'granting again answers the same unlock');
select is((select count(*) from audit_log where action = 'assessment_unlock_granted'), 1::bigint,
  'and records nothing new');
select is(tests.refusal(format($$ select public.grant_assessment_unlock(%L, %L) $$, tests.user_id('tc1'), tests.a(1))),
  'INVALID_REQUEST', 'a free assessment has nothing to grant');
select is(tests.refusal(format($$ select public.grant_assessment_unlock(gen_random_uuid(), %L) $$, tests.a(2))),
  'USER_NOT_FOUND', 'nor can a grant name nobody');

select tests.act_as('tc1');
select is(tests.refusal($$ update assessment_responses set answers = '{"q1": "b"}' where id = '00000000-0000-4000-8000-00000000b002' $$),
  null, 'with the grant, tc1 answers the paid assessment');

select tests.act_as('admin', 'aal2');
select is((select revoked_at is not null from public.revoke_assessment_unlock((select id from granted))), true,
  'the admin takes the grant back');
select is((select count(*) from audit_log where action = 'assessment_unlock_revoked' and entity_id = (select id from granted)),
  1::bigint, 'audited');
select tests.act_as('tc1');
select is(tests.refusal($$ update assessment_responses set answers = '{"q1": "c"}' where id = '00000000-0000-4000-8000-00000000b002' $$),
  'ASSESSMENT_LOCKED', 'and tc1 is locked out again');

select tests.act_as('service_role');
select is(tests.bought('a2user', 'user', 1, tests.a(2)), 'unlocked', 'user@ buys the assessment');
select tests.act_as('admin', 'aal2');
select is(tests.refusal(format($$ select public.revoke_assessment_unlock(%L) $$,
    (select id from assessment_unlocks where user_id = tests.user_id('user') and source = 'purchase'))),
  'INVALID_REQUEST', 'a bought unlock is taken back only by a refund, never by an admin');

select * from finish();
rollback;
