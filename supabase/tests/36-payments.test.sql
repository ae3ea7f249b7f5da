-- Payments (migration payments): who reads and writes products, purchases, unlocks, seats and Stripe
-- events; a paid assessment starts only after its unlock while free ones are unchanged; one Stripe
-- event applies once; a refund revokes. Seed: A2 (communication) is assigned to user@ (nothing started)
-- and tc1@; A1 (readiness) is assigned to tc1@ (not started) and submitted by user@.
begin;
\ir _support/helpers.psql
select plan(55);

create function tests.a(n integer)
returns uuid
language sql
immutable
as $$ select ('00000000-0000-4000-8000-00000000a00' || n)::uuid $$;

-- A Checkout Session as Stripe sends it for a stripe-checkout session of product p_product.
create function tests.session(p_id text, p_user text, p_product uuid, p_paid text default 'paid')
returns jsonb
language sql
as $$
  select jsonb_build_object(
    'id', p_id, 'object', 'checkout.session', 'client_reference_id', tests.user_id(p_user),
    'payment_status', p_paid, 'payment_intent', 'pi_' || p_id, 'amount_total', p.unit_amount,
    'currency', p.currency,
    'metadata', jsonb_build_object('talentg_product_id', p.id, 'talentg_kind', p.kind,
      'talentg_assessment_id', p.assessment_id, 'talentg_seats', p.seats::text))
  from public.products p where p.id = p_product
$$;
grant execute on function tests.a(integer), tests.session(text, text, uuid, text) to service_role;

-- ---- Tables: row-level security, reads only, writes for the service role ----
select ok((select bool_and(relrowsecurity) from pg_class
            where oid in ('public.products'::regclass, 'public.stripe_events'::regclass, 'public.purchases'::regclass,
                          'public.assessment_unlocks'::regclass, 'public.team_seats'::regclass)),
  'every payments table has row-level security');
select policies_are('public', 'stripe_events', array['stripe_events_select'], 'stripe_events has only its read policy');
select policies_are('public', 'purchases', array['purchases_select', 'caller_is_active'],
  'purchases has only its read policy (and caller_is_active, which only narrows it)');
select policies_are('public', 'assessment_unlocks', array['assessment_unlocks_select', 'caller_is_active'],
  'assessment_unlocks has only its read policy (and caller_is_active, which only narrows it)');
select ok(not has_table_privilege('authenticated', 'public.stripe_events', 'insert, update, delete')
      and not has_table_privilege('authenticated', 'public.purchases', 'insert, update, delete')
      and not has_table_privilege('authenticated', 'public.assessment_unlocks', 'insert, update, delete')
      and not has_table_privilege('authenticated', 'public.team_seats', 'insert, update, delete'),
  'signed-in people hold no write grant on events, purchases, unlocks or seats');
select ok(not has_function_privilege('authenticated', 'public.stripe_apply_event(text, text, jsonb, boolean, bigint, text, integer, integer)', 'execute')
      and not has_function_privilege('anon', 'public.stripe_apply_event(text, text, jsonb, boolean, bigint, text, integer, integer)', 'execute')
      and not has_function_privilege('authenticated', 'public.stripe_checkout_offer(uuid, uuid, text, integer, integer)', 'execute'),
  'request roles cannot execute stripe_apply_event or stripe_checkout_offer');
select ok(has_function_privilege('service_role', 'public.stripe_apply_event(text, text, jsonb, boolean, bigint, text, integer, integer)', 'execute'),
  'the service role executes stripe_apply_event');

-- ---- Products: the catalogue, signed-in people read what is on sale ----
-- Admins write it only through product_create and friends (45-product-admin); the service role directly.
select tests.act_as('service_role');
select is(tests.run(format($$ insert into products (id, kind, name, assessment_id, unit_amount, currency)
  values ('00000000-0000-4000-8000-0000000000f1', 'assessment', 'Communication assessment', %L, 49900, 'inr') $$, tests.a(2))), '1',
  'the service role puts an assessment on sale');
select is(tests.run($$ insert into products (id, kind, name, seats, unit_amount, currency)
  values ('00000000-0000-4000-8000-0000000000f2', 'seats', 'Five seats', 5, 250000, 'inr') $$), '1',
  'and a seat pack');
select is(tests.run($$ insert into products (id, kind, name, seats, unit_amount, is_active)
  values ('00000000-0000-4000-8000-0000000000f3', 'seats', 'Retired pack', 10, 400000, false) $$), '1',
  'and keeps a retired product');
select is(tests.run($$ insert into products (kind, name, seats, unit_amount) values ('assessment', 'No assessment', 3, 100) $$), '23514',
  'a product is an assessment or a seat pack, never a mix');
select is(tests.run(format($$ insert into products (kind, name, assessment_id, unit_amount) values ('assessment', 'Second price', %L, 100) $$, tests.a(2))), '23505',
  'an assessment has one price');

select tests.act_as('tc1');
select is((select count(*) from products), 2::bigint, 'a telecaller sees the two products on sale, not the retired one');
select is(tests.run($$ insert into products (kind, name, seats, unit_amount) values ('seats', 'Free seats', 100, 1) $$), '42501',
  'attack: a telecaller cannot add a product');
select tests.act_as('manager');
select is(tests.run($$ update products set unit_amount = 1 where id = '00000000-0000-4000-8000-0000000000f1' $$), '42501',
  'attack: a manager cannot change a price');
select is(tests.run($$ delete from products where id = '00000000-0000-4000-8000-0000000000f1' $$), '42501',
  'attack: nor delete a product');
select tests.act_as('anon');
select is(tests.run($$ select * from products $$), '42501', 'anon cannot read products');

-- ---- The gate: paid needs an unlock, free is unchanged ----
select tests.act_as('user');
select is(tests.run(format($$ insert into assessment_responses (assessment_id) values (%L) $$, tests.a(2))), 'P0001',
  'a user cannot start a paid assessment before it is unlocked, though it is assigned');
select throws_ok(format($$ insert into assessment_responses (assessment_id) values (%L) $$, tests.a(2)), 'P0001',
  'This assessment is paid: buy it (or ask an admin) before starting or answering it.',
  'the refusal says why');
select tests.act_as('tc1');
select is(tests.run(format($$ insert into assessment_responses (id, assessment_id) values ('00000000-0000-4000-8000-00000000c301', %L) $$, tests.a(1))), '1',
  'a free assessment starts as before');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "b"}' where id = '00000000-0000-4000-8000-00000000b002' $$), 'P0001',
  'a response begun before its assessment went on sale cannot go on without an unlock');

-- ---- Nobody unlocks for themselves ----
select tests.act_as('user');
select is(tests.run(format($$ insert into assessment_unlocks (user_id, assessment_id, purchase_id)
  values (%L, %L, gen_random_uuid()) $$, tests.user_id('user'), tests.a(2))), '42501',
  'attack: a user cannot unlock an assessment for themselves');
select is(tests.run(format($$ insert into purchases (user_id, kind, assessment_id, amount_total, currency, stripe_checkout_session_id)
  values (%L, 'assessment', %L, 0, 'inr', 'cs_forged') $$, tests.user_id('user'), tests.a(2))), '42501',
  'attack: nor record a purchase');
select tests.act_as('tc1');
select is(tests.run(format($$ insert into assessment_unlocks (user_id, assessment_id, purchase_id)
  values (%L, %L, gen_random_uuid()) $$, tests.user_id('tc1'), tests.a(2))), '42501',
  'attack: a telecaller cannot unlock an assessment for themselves');
select is(tests.run($$ insert into stripe_events (id, type) values ('evt_forged', 'checkout.session.completed') $$), '42501',
  'attack: a telecaller cannot write a Stripe event');
select is(tests.run(format($$ select public.stripe_apply_event('evt_x', 'checkout.session.completed', %L::jsonb) $$,
  tests.session('cs_x', 'tc1', '00000000-0000-4000-8000-0000000000f1'))), '42501',
  'attack: nor apply one through the RPC');
select tests.act_as('admin');
select is(tests.run($$ insert into stripe_events (id, type) values ('evt_admin', 'charge.refunded') $$), '42501',
  'attack: an admin cannot write a Stripe event either');

-- ---- Checkout offers ----
select tests.act_as('service_role');
select is(public.stripe_checkout_offer(tests.user_id('user'), '00000000-0000-4000-8000-0000000000f1') ->> 'unit_amount', '49900',
  'the offer carries the price for the checkout');
select is(public.stripe_checkout_offer(tests.user_id('user'), '00000000-0000-4000-8000-0000000000f3') ->> 'refused', 'PRODUCT_NOT_AVAILABLE',
  'a retired product is not offered');
select is(public.stripe_checkout_offer(tests.user_id('user'), gen_random_uuid()) ->> 'refused', 'PRODUCT_NOT_FOUND',
  'an unknown product is refused');
select is(public.stripe_checkout_offer(tests.user_id('tc1'), '00000000-0000-4000-8000-0000000000f2') ->> 'refused', 'FORBIDDEN',
  'a telecaller cannot buy seats for the team');
select is(public.stripe_checkout_offer(tests.user_id('manager'), '00000000-0000-4000-8000-0000000000f2') ->> 'seats', '5',
  'a manager can');

-- ---- Events: applied once ----
create temp table answers (name text primary key, answer jsonb);
grant all on answers to service_role;
select tests.act_as('service_role');
insert into answers values ('unpaid', public.stripe_apply_event('evt_unpaid', 'checkout.session.completed',
  tests.session('cs_user', 'user', '00000000-0000-4000-8000-0000000000f1', 'unpaid'), false, 1796000000));
select is((select answer ->> 'outcome' from answers where name = 'unpaid'), 'awaiting_payment',
  'a session still awaiting its payment grants nothing yet');
insert into answers values ('paid', public.stripe_apply_event('evt_paid', 'checkout.session.async_payment_succeeded',
  tests.session('cs_user', 'user', '00000000-0000-4000-8000-0000000000f1'), false, 1796000060));
select is((select answer ->> 'outcome' from answers where name = 'paid'), 'unlocked', 'a paid session unlocks the assessment');
insert into answers values ('replay', public.stripe_apply_event('evt_paid', 'checkout.session.async_payment_succeeded',
  tests.session('cs_user', 'user', '00000000-0000-4000-8000-0000000000f1'), false, 1796000060));
select is((select answer - 'duplicate' from answers where name = 'replay'), (select answer - 'duplicate' from answers where name = 'paid'),
  'a replayed event answers what the first delivery did');
select ok((select (answer ->> 'duplicate')::boolean from answers where name = 'replay'), 'and says it is a duplicate');
insert into answers values ('other', public.stripe_apply_event('evt_completed', 'checkout.session.completed',
  tests.session('cs_user', 'user', '00000000-0000-4000-8000-0000000000f1')));
select is((select answer ->> 'outcome' from answers where name = 'other'), 'already_applied',
  'another event for the same session grants nothing again');
select is((select count(*) from assessment_unlocks where user_id = tests.user_id('user')), 1::bigint, 'one unlock');
select is((select count(*) from purchases where stripe_checkout_session_id = 'cs_user'), 1::bigint, 'one purchase');
select is(public.stripe_checkout_offer(tests.user_id('user'), '00000000-0000-4000-8000-0000000000f1') ->> 'refused', 'ALREADY_UNLOCKED',
  'an unlocked assessment is not sold again');
select is((public.stripe_apply_event('evt_foreign', 'checkout.session.completed',
  '{"id": "cs_foreign", "payment_status": "paid", "metadata": {}}'::jsonb)) ->> 'outcome', 'ignored',
  'a session TalentG did not create is recorded and ignored');
select is((public.stripe_apply_event('evt_seats', 'checkout.session.completed',
  tests.session('cs_seats', 'manager', '00000000-0000-4000-8000-0000000000f2'))) ->> 'outcome', 'seats_added',
  'a paid seat pack adds seats');

-- ---- Reading: own purchases, admins all ----
select tests.act_as('user');
select is(tests.run(format($$ insert into assessment_responses (id, assessment_id) values ('00000000-0000-4000-8000-00000000c302', %L) $$, tests.a(2))), '1',
  'after the unlock the user starts the paid assessment');
select is((select count(*) from purchases), 1::bigint, 'a user reads their own purchase');
select is((select count(*) from assessment_unlocks), 1::bigint, 'and their own unlock');
select is((select count(*) from stripe_events), 0::bigint, 'but no Stripe events');
select tests.act_as('tc1');
select is((select count(*) from purchases) + (select count(*) from assessment_unlocks), 0::bigint,
  'attack: a telecaller reads nobody else''s purchases or unlocks');
select is((select count(*) from team_seats), 0::bigint, 'nor the team''s seats');
select tests.act_as('manager');
select is((select sum(seats) from team_seats), 5::bigint, 'a manager reads the team''s seats');
select is((select count(*) from purchases where user_id = tests.user_id('user')), 0::bigint,
  'but not another person''s purchase');
select tests.act_as('admin');
select is((select count(*) from purchases), 2::bigint, 'an admin reads every purchase');
select is((select count(*) from stripe_events), 5::bigint, 'and every Stripe event, including ignored ones');

-- ---- Refunds revoke ----
select tests.act_as('service_role');
select is((public.stripe_apply_event('evt_partial', 'charge.refunded',
  '{"id": "ch_1", "payment_intent": "pi_cs_user", "refunded": false, "amount_refunded": 100}'::jsonb)) ->> 'outcome', 'ignored',
  'a partial refund revokes nothing');
select is((public.stripe_apply_event('evt_refund', 'charge.refunded',
  '{"id": "ch_1", "payment_intent": "pi_cs_user", "refunded": true, "amount_refunded": 49900}'::jsonb)) ->> 'outcome', 'revoked',
  'a full refund revokes the unlock');
select tests.act_as('user');
select is(tests.run($$ update assessment_responses set answers = '{"q1": "a"}' where id = '00000000-0000-4000-8000-00000000c302' $$), 'P0001',
  'after the refund the user cannot go on with the assessment');

select * from finish();
rollback;
