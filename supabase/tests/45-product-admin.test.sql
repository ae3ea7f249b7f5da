-- Products kept by admins (migration product_admin): only an active admin at aal2 adds, changes,
-- retires and restores a product, through product_create, product_update and product_set_active; bad
-- input is refused with a code naming the field; every change is in the audit log; nobody signed in
-- writes the table directly. Seed: assessments A1 (readiness) and A2 (communication), no products.
begin;
\ir _support/helpers.psql
select plan(45);

create function tests.a(n integer)
returns uuid
language sql
immutable
as $$ select ('00000000-0000-4000-8000-00000000a00' || n)::uuid $$;

-- The field a refusal names (private.refuse_field's detail), or what else happened.
create function tests.refused_field(p_sql text)
returns text
language plpgsql
as $$
declare
  v_hint text;
  v_detail text;
begin
  execute p_sql;
  return null;
exception
  when others then
    get stacked diagnostics v_hint = pg_exception_hint, v_detail = pg_exception_detail;
    return case when v_hint like 'talentg:%' then substr(v_hint, 9) || ' ' || coalesce(nullif(v_detail, '')::jsonb ->> 'field', '-')
                else sqlstate end;
end;
$$;
grant execute on function tests.a(integer), tests.refused_field(text) to authenticated, service_role;

-- ---- The table: read by policy, written by nobody signed in ----
select ok(not has_table_privilege('authenticated', 'public.products', 'insert')
      and not has_table_privilege('authenticated', 'public.products', 'update')
      and not has_table_privilege('authenticated', 'public.products', 'delete'),
  'signed-in people hold no write grant on products');
select ok(has_table_privilege('service_role', 'public.products', 'insert, update, delete'),
  'the service role still writes products (seed, scripts)');
select ok(not has_function_privilege('anon', 'public.product_create(text, text, integer, text, uuid, integer)', 'execute')
      and not has_function_privilege('anon', 'public.product_update(uuid, text, integer, text)', 'execute')
      and not has_function_privilege('anon', 'public.product_set_active(uuid, boolean)', 'execute'),
  'anon cannot call the product writers');
select tests.act_as('admin', 'aal2');
select is(tests.run($$ insert into products (kind, name, seats, unit_amount) values ('seats', 'Direct', 5, 100) $$), '42501',
  'attack: even an admin at aal2 cannot insert past the writers (and their audit)');
select is(tests.run($$ delete from products $$), '42501', 'nor delete a product, which would make its assessment free');

-- ---- Who may write ----
select tests.act_as('admin');
select is(tests.refusal(format($$ select public.product_create('assessment', 'Readiness', 49900, 'inr', %L) $$, tests.a(1))),
  'AAL2_REQUIRED', 'an admin without a second factor cannot add a product');
select tests.act_as('manager', 'aal2');
select is(tests.refusal($$ select public.product_create('seats', 'Free seats', 50, 'inr', null, 100) $$),
  'FORBIDDEN', 'attack: a manager at aal2 cannot add one');
select tests.act_as('tc1', 'aal2');
select is(tests.refusal($$ select public.product_create('seats', 'Free seats', 50, 'inr', null, 100) $$),
  'FORBIDDEN', 'attack: nor can a telecaller');
select tests.act_as('anon');
select is(tests.run($$ select public.product_create('seats', 'Free seats', 50, 'inr', null, 100) $$),
  '42501', 'attack: nor anon');

-- ---- Adding ----
select tests.act_as('admin', 'aal2');
select is((select (kind, name, assessment_id, seats, unit_amount, currency, is_active)::text
             from public.product_create('assessment', '  Readiness test  ', 49900, 'inr', tests.a(1))),
  (select ('assessment', 'Readiness test', tests.a(1), null::integer, 49900, 'inr', true)::text),
  'an admin at aal2 puts an assessment on sale, its name trimmed');
select is((select (kind, seats, unit_amount, currency)::text
             from public.product_create('seats', 'Ten seats', 5000, 'jpy', null, 10)),
  (select ('seats', 10, 5000, 'jpy')::text),
  'and a pack of ten seats in yen, which have no decimals');
select results_eq(
  $$ select action, entity, actor_id, actor_role, new_value ->> 'name', new_value ->> 'unit_amount'
       from audit_log where entity = 'products' order by id $$,
  format($$ values ('product_created', 'products', %L::uuid, 'admin', 'Readiness test', '49900'),
                   ('product_created', 'products', %L::uuid, 'admin', 'Ten seats', '5000') $$,
         tests.user_id('admin'), tests.user_id('admin')),
  'each addition is in the audit log with who added what at which price');

-- ---- Bad input, each with its code and field ----
select is(tests.refused_field(format($$ select public.product_create('assessment', 'Again', 100, 'inr', %L) $$, tests.a(1))),
  'PRODUCT_DUPLICATE assessment_id', 'an assessment already on sale cannot get a second product');
select is(tests.refused_field($$ select public.product_create('seats', 'Pack', 100, 'xyz', null, 5) $$),
  'CURRENCY_NOT_SUPPORTED currency', 'a currency TalentG does not sell in is refused');
select is(tests.refused_field($$ select public.product_create('seats', 'Pack', 100, 'INR', null, 5) $$),
  'CURRENCY_NOT_SUPPORTED currency', 'currencies are Stripe''s lower-case codes');
select is(tests.refused_field($$ select public.product_create('seats', 'Pack', 49, 'inr', null, 5) $$),
  'PRODUCT_INVALID unit_amount', 'a price below Stripe''s minimum charge (0.50 INR) is refused');
select throws_ok($$ select public.product_create('seats', 'Pack', 29, 'gbp', null, 5) $$, 'P0001',
  'The price must be from 0.30 to 999999.99 GBP.', 'the refusal gives the range in the currency''s decimals');
select is(tests.refused_field($$ select public.product_create('seats', 'Pack', 100000000, 'inr', null, 5) $$),
  'PRODUCT_INVALID unit_amount', 'as is one above what Stripe takes');
select is(tests.refused_field($$ select public.product_create('seats', '   ', 100, 'inr', null, 5) $$),
  'PRODUCT_INVALID name', 'a blank name is refused');
select is(tests.refused_field($$ select public.product_create('seats', 'Pack', 100, 'inr', null, 0) $$),
  'PRODUCT_INVALID seats', 'a pack of no seats is refused');
select is(tests.refused_field(format($$ select public.product_create('seats', 'Pack', 100, 'inr', %L, 5) $$, tests.a(2))),
  'PRODUCT_INVALID assessment_id', 'a pack naming an assessment is refused');
select is(tests.refused_field($$ select public.product_create('assessment', 'Nothing', 100, 'inr') $$),
  'PRODUCT_INVALID assessment_id', 'an assessment product without an assessment is refused');
select is(tests.refused_field($$ select public.product_create('assessment', 'Ghost', 100, 'inr', '00000000-0000-4000-8000-00000000dead') $$),
  'PRODUCT_INVALID assessment_id', 'as is one naming an assessment that does not exist');
select is(tests.refused_field($$ select public.product_create('bundle', 'Pack', 100, 'inr') $$),
  'PRODUCT_INVALID kind', 'a kind TalentG does not sell is refused');
select is((select count(*)::int from products), 2, 'no refused call added anything');

-- ---- Changing a price ----
select is((select (name, unit_amount, currency)::text
             from public.product_update((select id from products where assessment_id = tests.a(1)),
                                        'Readiness test', 59900, 'usd')),
  '("Readiness test",59900,usd)', 'an admin at aal2 changes a price and its currency');
select results_eq(
  $$ select old_value, new_value from audit_log where action = 'product_changed' $$,
  $$ values ('{"name": "Readiness test", "currency": "inr", "unit_amount": 49900}'::jsonb,
             '{"name": "Readiness test", "currency": "usd", "unit_amount": 59900}'::jsonb) $$,
  'the change is audited with the old and the new price');
select is((select updated_at from public.product_update((select id from products where assessment_id = tests.a(1)),
                                                        'Readiness test', 59900, 'usd')) is not null
          and (select count(*) from audit_log where action = 'product_changed') = 1, true,
  'saving the same price again records nothing');
select is(tests.refused_field($$ select public.product_update('00000000-0000-4000-8000-00000000dead', 'X', 100, 'inr') $$),
  'PRODUCT_NOT_FOUND -', 'changing an unknown product is PRODUCT_NOT_FOUND');
select is(tests.refused_field($$ select public.product_update((select id from products where kind = 'seats'), 'Ten seats', 10, 'jpy') $$),
  'PRODUCT_INVALID unit_amount', 'a change is checked like an addition');
select tests.act_as('admin');
select is(tests.refusal($$ select public.product_update((select id from products where kind = 'seats'), 'Ten seats', 1, 'inr') $$),
  'AAL2_REQUIRED', 'an admin at aal1 cannot change a price');
select tests.act_as('manager', 'aal2');
select is(tests.refusal(format($$ select public.product_update(%L, 'Cheap', 50, 'inr') $$,
                               (select id from products where assessment_id = tests.a(1)))),
  'FORBIDDEN', 'attack: nor can a manager at aal2');

-- ---- Retiring and restoring ----
select tests.act_as('admin', 'aal2');
select is((select is_active from public.product_set_active((select id from products where assessment_id = tests.a(1)), false)),
  false, 'an admin retires a product');
select tests.act_as('tc1');
select is((select count(*)::int from products), 1, 'a telecaller no longer sees it on sale');
select tests.act_as('admin', 'aal2');
select is((select count(*)::int from products), 2, 'the admin still lists it, retired');
select is(tests.refused_field(format($$ select public.product_create('assessment', 'Readiness again', 100, 'inr', %L) $$, tests.a(1))),
  'PRODUCT_DUPLICATE assessment_id', 'a retired assessment product is restored, not added twice');
select is((select is_active from public.product_set_active((select id from products where assessment_id = tests.a(1)), true)),
  true, 'and restored');
select is((select is_active from public.product_set_active((select id from products where assessment_id = tests.a(1)), true)),
  true, 'restoring it again is harmless');
select results_eq(
  $$ select action, old_value, new_value from audit_log where action in ('product_retired', 'product_restored') order by id $$,
  $$ values ('product_retired', '{"is_active": true}'::jsonb, '{"is_active": false}'::jsonb),
            ('product_restored', '{"is_active": false}'::jsonb, '{"is_active": true}'::jsonb) $$,
  'retiring and restoring are audited, the repeated restore not');
select is(tests.refusal($$ select public.product_set_active('00000000-0000-4000-8000-00000000dead', false) $$),
  'PRODUCT_NOT_FOUND', 'retiring an unknown product is PRODUCT_NOT_FOUND');
select tests.act_as('manager', 'aal2');
select is(tests.refusal(format($$ select public.product_set_active(%L, false) $$,
                               (select id from products where kind = 'seats'))),
  'FORBIDDEN', 'attack: a manager cannot retire a product');

-- ---- A deactivated admin writes nothing, whatever the token still says ----
select tests.act_as('postgres');
update public.profiles set is_active = false where id = tests.user_id('admin');
select id as seats_product from public.products where kind = 'seats' \gset
select tests.act_as('admin', 'aal2');
select is(tests.refusal(format($$ select public.product_set_active(%L, false) $$, :'seats_product')),
  'FORBIDDEN', 'a deactivated admin at aal2 cannot retire a product');

-- ---- Currencies, and the audit log's other actions kept ----
select tests.act_as('tc1');
select results_eq($$ select code, decimals, min_amount from public.product_currencies() where code in ('inr', 'jpy') $$,
  $$ values ('inr', 2, 50), ('jpy', 0, 50) $$, 'anyone signed in reads the currencies with their decimals and minimum');
select tests.act_as('anon');
select is(tests.run($$ select * from public.product_currencies() $$), '42501',
  'anon cannot run product_currencies() (migration mfa_reset revokes it)');
select tests.act_as('postgres');
select ok((select pg_get_constraintdef(oid) from pg_constraint where conname = 'audit_log_action_check')
            ~ 'email_requeued.*product_created.*product_restored',
  'the audit log still accepts the earlier actions beside the product ones');

select * from finish();
rollback;
