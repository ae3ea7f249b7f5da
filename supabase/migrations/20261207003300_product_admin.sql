-- Admins keep the catalogue from the Integrations screen (issue 15): add a product (an authored
-- assessment, or a pack of seats), change its name and price, retire and restore it. Every write goes
-- through the three definer functions below, which want an active admin at aal2, refuse bad input with
-- a code (PRODUCT_INVALID naming the field, CURRENCY_NOT_SUPPORTED, PRODUCT_DUPLICATE, PRODUCT_NOT_FOUND)
-- and record the change in the audit log. Signed-in people lose their direct write grant, so no write
-- skips the checks or the audit; the service role (seed, tests, scripts) keeps it.
--
-- A price change reaches only checkouts started after it: stripe-checkout copies the price into each
-- Checkout Session (price_data), and the webhook grants what a paid session bought at the amount Stripe
-- charged. Retiring likewise lets a session already open complete.
--
-- Nothing deletes a product from the app: deleting one would make its assessment free (see
-- private.assessment_open_to); retiring stops the sales and keeps the assessment paid.

-- ---- Direct writes: none for signed-in people ----

drop policy products_insert on public.products;
drop policy products_update on public.products;
drop policy products_delete on public.products;
revoke insert, update, delete on table public.products from authenticated;

-- ---- Currencies TalentG sells in ----

-- Each currency with its decimals as Stripe counts them (unit_amount is in 10^-decimals of the unit; yen
-- have none) and Stripe's smallest charge in those units: a lower price would fail at checkout.
create function public.product_currencies()
returns table (code text, decimals integer, min_amount integer)
language sql
immutable
set search_path = ''
as $$
  values ('inr', 2, 50), ('usd', 2, 50), ('eur', 2, 50), ('gbp', 2, 30), ('aud', 2, 50),
         ('cad', 2, 50), ('sgd', 2, 50), ('aed', 2, 200), ('jpy', 0, 50)
$$;
comment on function public.product_currencies() is
  'The currencies a product may be priced in: decimals as Stripe counts them and Stripe''s minimum charge.';

-- ---- The audit log learns the product actions ----

-- Added to whatever the lists hold now, so a migration of the same session that grew them is kept.
do $$
declare
  v_actions text;
  v_entities text;
begin
  select string_agg(quote_literal(a.value), ', ' order by a.ord) into v_actions
    from (select m[1] as value, min(n) as ord
            from regexp_matches((select pg_get_constraintdef(c.oid) from pg_constraint c
                                  where c.conrelid = 'public.audit_log'::regclass
                                    and c.conname = 'audit_log_action_check'),
                                '''([^'']+)''', 'g') with ordinality as t (m, n)
           group by m[1]
          union all
          select v, 1000 + n from unnest(array['product_created', 'product_changed', 'product_retired',
                                               'product_restored']) with ordinality as u (v, n)) as a;
  select string_agg(quote_literal(e.value), ', ' order by e.ord) into v_entities
    from (select m[1] as value, min(n) as ord
            from regexp_matches((select pg_get_constraintdef(c.oid) from pg_constraint c
                                  where c.conrelid = 'public.audit_log'::regclass
                                    and c.conname = 'audit_log_entity_check'),
                                '''([^'']+)''', 'g') with ordinality as t (m, n)
           group by m[1]
          union all
          select 'products', 1000) as e;
  alter table public.audit_log drop constraint audit_log_action_check;
  execute format('alter table public.audit_log add constraint audit_log_action_check check (action in (%s))',
                 v_actions);
  alter table public.audit_log drop constraint audit_log_entity_check;
  execute format('alter table public.audit_log add constraint audit_log_entity_check check (entity in (%s))',
                 v_entities);
end;
$$;

-- ---- Checks shared by the writers ----

-- A refusal about one field: the hint carries the code, the detail {"field": ...} (the workstation
-- passes it on as the failure's details).
create function private.refuse_field(p_code text, p_field text, p_message text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = p_message, hint = 'talentg:' || p_code,
    detail = jsonb_build_object('field', p_field)::text;
end;
$$;

-- Only an active admin who passed a second factor writes products.
create function private.require_product_admin()
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    perform private.refuse('FORBIDDEN', 'Only an admin changes what TalentG sells.');
  end if;
  if not private.is_active_admin_at_aal2() then
    perform private.refuse('AAL2_REQUIRED', 'Enter a code from your authenticator app first.');
  end if;
end;
$$;

-- The trimmed name, or a refusal.
create function private.product_name(p_name text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_name is null or char_length(btrim(p_name)) not between 1 and 200 then
    perform private.refuse_field('PRODUCT_INVALID', 'name', 'A product needs a name of 1 to 200 characters.');
  end if;
  return btrim(p_name);
end;
$$;

-- A supported currency and a price Stripe will charge in it, or a refusal.
create function private.check_product_price(p_unit_amount integer, p_currency text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_currency record;
begin
  select * into v_currency from public.product_currencies() c where c.code = p_currency;
  if not found then
    perform private.refuse_field('CURRENCY_NOT_SUPPORTED', 'currency',
      format('TalentG does not sell in %s; use one of %s.', coalesce(upper(p_currency), 'no currency'),
             (select string_agg(upper(c.code), ', ') from public.product_currencies() c)));
  end if;
  if p_unit_amount is null or p_unit_amount < v_currency.min_amount or p_unit_amount > 99999999 then
    perform private.refuse_field('PRODUCT_INVALID', 'unit_amount',
      format('The price must be from %s to %s %s.',
             to_char(v_currency.min_amount / 10.0 ^ v_currency.decimals,
                     'FM999999990' || case when v_currency.decimals > 0
                                           then '.' || repeat('0', v_currency.decimals) else '' end),
             to_char(99999999 / 10.0 ^ v_currency.decimals,
                     'FM999999990' || case when v_currency.decimals > 0
                                           then '.' || repeat('0', v_currency.decimals) else '' end),
             upper(p_currency)));
  end if;
end;
$$;

-- ---- The writers ----

-- A new product, on sale at once. An assessment is sold by one product (retired or not: a retired one
-- is restored, not duplicated), so "paid" and "what it costs" keep one answer.
create function public.product_create(
  p_kind text,
  p_name text,
  p_unit_amount integer,
  p_currency text,
  p_assessment_id uuid default null,
  p_seats integer default null
)
returns public.products
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_name text;
  v_existing public.products;
  v_row public.products;
begin
  perform private.require_product_admin();
  if p_kind is null or p_kind not in ('assessment', 'seats') then
    perform private.refuse_field('PRODUCT_INVALID', 'kind', 'A product is an assessment or a pack of seats.');
  end if;
  v_name := private.product_name(p_name);
  if p_kind = 'assessment' then
    if p_assessment_id is null or not exists (select 1 from public.assessments a where a.id = p_assessment_id) then
      perform private.refuse_field('PRODUCT_INVALID', 'assessment_id', 'Pick an assessment to sell.');
    end if;
    if p_seats is not null then
      perform private.refuse_field('PRODUCT_INVALID', 'seats', 'An assessment is sold without seats.');
    end if;
  else
    if p_seats is null or p_seats not between 1 and 10000 then
      perform private.refuse_field('PRODUCT_INVALID', 'seats', 'A pack holds 1 to 10,000 seats.');
    end if;
    if p_assessment_id is not null then
      perform private.refuse_field('PRODUCT_INVALID', 'assessment_id', 'A pack of seats names no assessment.');
    end if;
  end if;
  perform private.check_product_price(p_unit_amount, p_currency);
  if p_kind = 'assessment' then
    select * into v_existing from public.products p where p.kind = 'assessment' and p.assessment_id = p_assessment_id;
    if found then
      perform private.refuse_field('PRODUCT_DUPLICATE', 'assessment_id',
        case when v_existing.is_active
             then format('This assessment is already on sale as "%s": change its price instead.', v_existing.name)
             else format('This assessment has a retired product, "%s": restore it instead.', v_existing.name) end);
    end if;
  end if;
  begin
    insert into public.products (kind, name, assessment_id, seats, unit_amount, currency)
    values (p_kind, v_name, p_assessment_id, p_seats, p_unit_amount, p_currency)
    returning * into v_row;
  exception
    when unique_violation then
      -- Another admin put the same assessment on sale between the check and the insert.
      perform private.refuse_field('PRODUCT_DUPLICATE', 'assessment_id', 'This assessment is already on sale.');
  end;
  perform private.write_audit('product_created', 'products', v_row.id, null,
    jsonb_build_object('kind', v_row.kind, 'name', v_row.name, 'assessment_id', v_row.assessment_id,
                       'seats', v_row.seats, 'unit_amount', v_row.unit_amount, 'currency', v_row.currency));
  return v_row;
end;
$$;

-- A product's new name and price (what it sells stays: retire it and add another for that).
create function public.product_update(
  p_id uuid,
  p_name text,
  p_unit_amount integer,
  p_currency text
)
returns public.products
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_name text;
  v_old public.products;
  v_row public.products;
begin
  perform private.require_product_admin();
  v_name := private.product_name(p_name);
  perform private.check_product_price(p_unit_amount, p_currency);
  select * into v_old from public.products p where p.id = p_id for update;
  if not found then
    perform private.refuse('PRODUCT_NOT_FOUND', 'There is no such product.');
  end if;
  if (v_old.name, v_old.unit_amount, v_old.currency) = (v_name, p_unit_amount, p_currency) then
    return v_old;
  end if;
  update public.products p
     set name = v_name, unit_amount = p_unit_amount, currency = p_currency
   where p.id = p_id
  returning * into v_row;
  perform private.write_audit('product_changed', 'products', p_id,
    jsonb_build_object('name', v_old.name, 'unit_amount', v_old.unit_amount, 'currency', v_old.currency),
    jsonb_build_object('name', v_row.name, 'unit_amount', v_row.unit_amount, 'currency', v_row.currency));
  return v_row;
end;
$$;

-- Retires (p_active false: no new sales, the assessment stays paid) or restores a product. Asking for
-- the state it is already in changes and records nothing.
create function public.product_set_active(p_id uuid, p_active boolean)
returns public.products
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.products;
begin
  perform private.require_product_admin();
  if p_active is null then
    perform private.refuse_field('PRODUCT_INVALID', 'active', 'Say whether the product is on sale.');
  end if;
  select * into v_row from public.products p where p.id = p_id for update;
  if not found then
    perform private.refuse('PRODUCT_NOT_FOUND', 'There is no such product.');
  end if;
  if v_row.is_active = p_active then
    return v_row;
  end if;
  update public.products p set is_active = p_active where p.id = p_id returning * into v_row;
  perform private.write_audit(case when p_active then 'product_restored' else 'product_retired' end,
    'products', p_id, jsonb_build_object('is_active', not p_active), jsonb_build_object('is_active', p_active));
  return v_row;
end;
$$;

revoke all on all functions in schema private from public;
revoke all on function
  public.product_create(text, text, integer, text, uuid, integer),
  public.product_update(uuid, text, integer, text),
  public.product_set_active(uuid, boolean)
  from public, anon;
grant execute on function
  public.product_create(text, text, integer, text, uuid, integer),
  public.product_update(uuid, text, integer, text),
  public.product_set_active(uuid, boolean)
  to authenticated;
revoke all on function public.product_currencies() from public;
grant execute on function public.product_currencies() to authenticated, service_role;
