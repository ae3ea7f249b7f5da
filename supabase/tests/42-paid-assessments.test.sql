-- Paid assessments as their taker sees them (migration paid_assessments): my_assessment_offers() names
-- the caller's assigned paid assessments with price and unlock state, through a retired product too,
-- never someone else's, and nothing for a deactivated account. Seed: A2 (communication) is assigned to
-- user@ and tc1@; A1 (readiness) to tc1@ and user@; A3 to nobody.
begin;
\ir _support/helpers.psql
select plan(12);

create function tests.a(n integer)
returns uuid
language sql
immutable
as $$ select ('00000000-0000-4000-8000-00000000a00' || n)::uuid $$;
grant execute on function tests.a(integer) to service_role, authenticated;

select ok(not has_function_privilege('anon', 'public.my_assessment_offers()', 'execute'),
  'anon cannot call my_assessment_offers()');
select ok(has_function_privilege('authenticated', 'public.my_assessment_offers()', 'execute'),
  'signed-in people call my_assessment_offers()');

select tests.act_as('tc1');
select is((select count(*) from public.my_assessment_offers()), 0::bigint,
  'with nothing on sale, none of the assigned assessments is paid');

-- A2 is sold; an assessment nobody assigned to tc1 is sold too and must not show.
select tests.act_as('service_role');
insert into public.products (id, kind, name, assessment_id, unit_amount, currency)
values ('00000000-0000-4000-8000-0000000000f1', 'assessment', 'Communication', tests.a(2), 49900, 'inr');
insert into public.assessments (id, title, questions) values (tests.a(7), 'Unassigned paid one', '[]');
insert into public.products (id, kind, name, assessment_id, unit_amount, currency)
values ('00000000-0000-4000-8000-0000000000f7', 'assessment', 'Unassigned', tests.a(7), 100, 'usd');

select tests.act_as('tc1');
select results_eq(
  $$ select assessment_id, product_id, unit_amount, currency, for_sale, unlocked from public.my_assessment_offers() $$,
  $$ values (tests.a(2), '00000000-0000-4000-8000-0000000000f1'::uuid, 49900, 'inr'::text, true, false) $$,
  'tc1 sees their assigned paid assessment with its product and price, locked');
select is((select count(*) from public.my_assessment_offers() where assessment_id = tests.a(7)), 0::bigint,
  'a paid assessment not assigned to the caller is not listed');

-- tc1 buys it: the webhook applies the paid session.
select tests.act_as('service_role');
select is((public.stripe_apply_event('evt_paid_42', 'checkout.session.completed', jsonb_build_object(
  'id', 'cs_paid_42', 'client_reference_id', tests.user_id('tc1'), 'payment_status', 'paid',
  'payment_intent', 'pi_paid_42', 'amount_total', 49900, 'currency', 'inr',
  'metadata', jsonb_build_object('talentg_product_id', '00000000-0000-4000-8000-0000000000f1',
    'talentg_kind', 'assessment', 'talentg_assessment_id', tests.a(2))))) ->> 'outcome', 'unlocked',
  'the paid checkout unlocks A2 for tc1');

select tests.act_as('tc1');
select is((select unlocked from public.my_assessment_offers() where assessment_id = tests.a(2)), true,
  'after the purchase tc1 sees it unlocked');
select tests.act_as('user');
select is((select unlocked from public.my_assessment_offers() where assessment_id = tests.a(2)), false,
  'user@, who did not buy it, still sees it locked');

-- Retired: still paid (the gate holds), no longer for sale, and still listed though products_select hides it.
select tests.act_as('admin', 'aal2');
select public.product_set_active('00000000-0000-4000-8000-0000000000f1', false);
select tests.act_as('user');
select is((select count(*) from public.products where id = '00000000-0000-4000-8000-0000000000f1'), 0::bigint,
  'user@ cannot read the retired product itself');
select results_eq(
  $$ select for_sale, unlocked from public.my_assessment_offers() where assessment_id = tests.a(2) $$,
  $$ values (false, false) $$,
  'but sees the assessment locked and not for sale');

-- Deactivated: nothing.
select tests.act_as('postgres');
update public.profiles set is_active = false where id = tests.user_id('user');
select tests.act_as('user');
select is(tests.run('select * from public.my_assessment_offers()'), '42501',
  'a deactivated account is refused');
select tests.act_as('tc1');
select is((select count(*) from public.my_assessment_offers()), 1::bigint,
  'others are unaffected');

select * from finish();
rollback;
