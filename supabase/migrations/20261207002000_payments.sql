-- Payments through Stripe (issue 15): what TalentG sells and what a paid checkout grants.
--
--   products            what is for sale: one paid assessment (unlocks it for the buyer) or a pack of
--                       seats for the team; admins write, signed-in people read the active ones.
--   stripe_events       every Stripe event once, by its Stripe id, with what applying it did; only the
--                       service role writes (the stripe-webhook function), admins read.
--   purchases           one row per paid Checkout Session; the buyer reads their own, admins all.
--   assessment_unlocks  a user may start a paid assessment; the buyer reads their own, admins all.
--   team_seats          seats a manager or admin bought for the team; staff read.
--
-- Nobody but the service role writes purchases, unlocks, seats or events: a person cannot unlock an
-- assessment for themselves. stripe_apply_event applies one signed event in one transaction (the
-- event id is claimed first, so a redelivery, even concurrent with the first, applies nothing);
-- stripe_checkout_offer checks a product before stripe-checkout asks Stripe for a session.
--
-- An assessment is paid while a product sells it (active or not: retiring a product stops new sales,
-- it does not give the assessment away; deleting the product does). A paid assessment's responses
-- can be started and answered only by a user holding an unrevoked unlock (trigger below); free
-- assessments are unchanged.

-- ---- Products ----

create table public.products (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  name text not null,
  description text not null default '',
  -- kind 'assessment': the assessment a purchase unlocks.
  assessment_id uuid references public.assessments (id) on delete restrict,
  -- kind 'seats': how many seats one purchase adds.
  seats integer,
  -- Stripe's smallest currency unit (paise, cents), as Checkout's unit_amount takes it.
  unit_amount integer not null,
  currency text not null default 'inr',
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint products_kind_check check (
    (kind = 'assessment' and assessment_id is not null and seats is null)
    or (kind = 'seats' and assessment_id is null and seats between 1 and 10000)),
  constraint products_name_check check (char_length(btrim(name)) between 1 and 200),
  constraint products_description_check check (char_length(description) <= 2000),
  constraint products_unit_amount_check check (unit_amount between 1 and 99999999),
  constraint products_currency_check check (currency ~ '^[a-z]{3}$')
);
comment on table public.products is 'What TalentG sells through Stripe: a paid assessment or a pack of team seats.';
-- One price per assessment, so "paid" and "what it costs" have one answer.
create unique index products_assessment_id_key on public.products (assessment_id)
  where kind = 'assessment';

create trigger products_set_updated_at
  before update on public.products
  for each row execute function private.set_updated_at();

-- ---- Stripe events: each once, by Stripe's id ----

create table public.stripe_events (
  id text primary key,
  type text not null,
  livemode boolean not null default false,
  -- When Stripe created the event (its `created`), and when it first reached us.
  stripe_created_at timestamptz,
  received_at timestamptz not null default now(),
  -- Filled in the same transaction that claims the id, so no other transaction sees them empty.
  outcome text,
  detail text,
  purchase_id uuid,
  -- The event's data.object, for an admin tracing a payment.
  payload jsonb not null default '{}'::jsonb,
  constraint stripe_events_id_check check (char_length(id) between 1 and 255),
  constraint stripe_events_type_check check (char_length(type) between 1 and 200),
  constraint stripe_events_outcome_check check (outcome in (
    'unlocked', 'seats_added', 'revoked', 'already_applied', 'awaiting_payment', 'ignored'))
);
comment on table public.stripe_events is
  'Each Stripe webhook event once, by its id, with what applying it did (stripe-webhook).';
create index stripe_events_received_at_idx on public.stripe_events (received_at);

-- ---- Purchases, unlocks and seats ----

create table public.purchases (
  id uuid primary key default gen_random_uuid(),
  -- Kept as a record when the buyer's account or the product goes.
  user_id uuid references public.profiles (id) on delete set null,
  product_id uuid references public.products (id) on delete set null,
  -- What was sold, as it was at checkout (the session's metadata), whatever the product became since.
  kind text not null,
  assessment_id uuid references public.assessments (id) on delete set null,
  seats integer,
  amount_total integer not null,
  currency text not null,
  status text not null default 'paid',
  stripe_checkout_session_id text not null,
  stripe_payment_intent_id text,
  paid_at timestamptz not null default now(),
  refunded_at timestamptz,
  constraint purchases_kind_check check (kind in ('assessment', 'seats')),
  constraint purchases_amount_check check (amount_total >= 0),
  constraint purchases_status_check check (status in ('paid', 'refunded')),
  constraint purchases_refunded_check check ((status = 'refunded') = (refunded_at is not null)),
  constraint purchases_session_key unique (stripe_checkout_session_id),
  constraint purchases_payment_intent_key unique (stripe_payment_intent_id)
);
comment on table public.purchases is 'Paid Stripe Checkout Sessions: who bought what, for how much; refunds mark them.';
create index purchases_user_id_idx on public.purchases (user_id, paid_at);
create index purchases_product_id_idx on public.purchases (product_id);
create index purchases_assessment_id_idx on public.purchases (assessment_id);
create index purchases_paid_at_idx on public.purchases (paid_at);

alter table public.stripe_events
  add constraint stripe_events_purchase_id_fkey
  foreign key (purchase_id) references public.purchases (id) on delete set null;
create index stripe_events_purchase_id_idx on public.stripe_events (purchase_id);

create table public.assessment_unlocks (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  assessment_id uuid not null references public.assessments (id) on delete cascade,
  purchase_id uuid not null references public.purchases (id) on delete cascade,
  created_at timestamptz not null default now(),
  -- Set when the payment is refunded: the user can no longer start or answer it.
  revoked_at timestamptz,
  constraint assessment_unlocks_purchase_key unique (purchase_id)
);
comment on table public.assessment_unlocks is 'Who may take which paid assessment, from which purchase; revoked on refund.';
create index assessment_unlocks_user_assessment_idx on public.assessment_unlocks (user_id, assessment_id)
  where revoked_at is null;
create index assessment_unlocks_assessment_id_idx on public.assessment_unlocks (assessment_id);

create table public.team_seats (
  purchase_id uuid primary key references public.purchases (id) on delete cascade,
  bought_by uuid references public.profiles (id) on delete set null,
  seats integer not null,
  granted_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint team_seats_seats_check check (seats between 1 and 10000)
);
comment on table public.team_seats is 'Seats bought for the team, one row per purchase; revoked on refund.';
create index team_seats_bought_by_idx on public.team_seats (bought_by);

-- ---- Row-level security ----

alter table public.products enable row level security;
alter table public.stripe_events enable row level security;
alter table public.purchases enable row level security;
alter table public.assessment_unlocks enable row level security;
alter table public.team_seats enable row level security;

revoke all on table public.products, public.stripe_events, public.purchases, public.assessment_unlocks,
  public.team_seats from public, anon, authenticated;
grant select, insert, update, delete on table public.products to authenticated;
grant select on table public.stripe_events, public.purchases, public.assessment_unlocks, public.team_seats
  to authenticated;
grant all on table public.products, public.stripe_events, public.purchases, public.assessment_unlocks,
  public.team_seats to service_role;

-- Signed-in people see what is on sale; admins see and keep the whole catalogue.
create policy products_select on public.products
  for select to authenticated
  using (is_active or (select private.is_admin()));
create policy products_insert on public.products
  for insert to authenticated
  with check ((select private.is_admin()));
create policy products_update on public.products
  for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));
create policy products_delete on public.products
  for delete to authenticated
  using ((select private.is_admin()));

create policy stripe_events_select on public.stripe_events
  for select to authenticated
  using ((select private.is_admin()));

create policy purchases_select on public.purchases
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

create policy assessment_unlocks_select on public.assessment_unlocks
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

-- Seats are the team's, so its managers see them beside the admins.
create policy team_seats_select on public.team_seats
  for select to authenticated
  using ((select private.is_staff()));

-- ---- The gate: a paid assessment needs an unlock ----

-- Free (no product sells it) or unlocked for p_user by an unrevoked unlock.
create function private.assessment_open_to(p_user uuid, p_assessment uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select not exists (select 1 from public.products p
                      where p.kind = 'assessment' and p.assessment_id = p_assessment)
      or exists (select 1 from public.assessment_unlocks u
                  where u.user_id = p_user and u.assessment_id = p_assessment and u.revoked_at is null)
$$;

-- A named refusal (the workstation reads the hint's code), before the policies' plain 42501.
-- Requests without a user (service role, seed, migrations) are trusted.
create function private.require_assessment_unlocked()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if auth.uid() is null or private.assessment_open_to(new.user_id, new.assessment_id) then
    return new;
  end if;
  perform private.refuse('ASSESSMENT_LOCKED',
    'This assessment is paid: buy it (or ask an admin) before starting or answering it.');
  return null;
end;
$$;

create trigger assessment_responses_require_unlock
  before insert or update on public.assessment_responses
  for each row execute function private.require_assessment_unlocked();

-- ---- Checkout: what stripe-checkout may sell to whom ----

-- The product p_user may buy, as {product_id, kind, name, assessment_id, seats, unit_amount, currency,
-- email}, or {refused: <code>, message} when it is unknown, retired, already unlocked, or seats for
-- someone who is not staff. With rate-limit arguments it counts the user's request first and answers
-- the RateLimitHit when over (see edge_rate_limit_hit).
create function public.stripe_checkout_offer(
  p_user_id uuid,
  p_product_id uuid,
  p_rate_bucket text default null,
  p_rate_limit integer default null,
  p_rate_window_seconds integer default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_rate jsonb;
  v_product public.products;
  v_profile public.profiles;
begin
  perform private.require_service_role('offer checkouts');
  if p_rate_bucket is not null then
    v_rate := private.rate_limit_hit(p_rate_bucket, p_rate_limit, p_rate_window_seconds);
    if not (v_rate ->> 'allowed')::boolean then
      return v_rate;
    end if;
  end if;
  select * into v_profile from public.profiles p where p.id = p_user_id;
  if not found or not v_profile.is_active then
    return jsonb_build_object('refused', 'FORBIDDEN', 'message', 'Only an active account can buy.');
  end if;
  select * into v_product from public.products p where p.id = p_product_id;
  if not found then
    return jsonb_build_object('refused', 'PRODUCT_NOT_FOUND', 'message', 'There is no such product.');
  end if;
  if not v_product.is_active then
    return jsonb_build_object('refused', 'PRODUCT_NOT_AVAILABLE',
      'message', 'This product is no longer sold.');
  end if;
  if v_product.kind = 'assessment'
    and exists (select 1 from public.assessment_unlocks u
                 where u.user_id = p_user_id and u.assessment_id = v_product.assessment_id
                   and u.revoked_at is null) then
    return jsonb_build_object('refused', 'ALREADY_UNLOCKED',
      'message', 'You have already unlocked this assessment.');
  end if;
  if v_product.kind = 'seats' and v_profile.role not in ('manager', 'admin') then
    return jsonb_build_object('refused', 'FORBIDDEN',
      'message', 'Only a manager or an admin can buy seats for the team.');
  end if;
  return jsonb_build_object(
    'product_id', v_product.id, 'kind', v_product.kind, 'name', v_product.name,
    'assessment_id', v_product.assessment_id, 'seats', v_product.seats,
    'unit_amount', v_product.unit_amount, 'currency', v_product.currency, 'email', v_profile.email);
end;
$$;

-- ---- Webhook: one Stripe event, applied once ----

-- A uuid from a Stripe metadata string, or null when it is missing or not one.
create function private.uuid_or_null(p_text text)
returns uuid
language plpgsql
immutable
set search_path = ''
as $$
begin
  return p_text::uuid;
exception
  when invalid_text_representation then
    return null;
end;
$$;

-- A paid Checkout Session (checkout.session.completed, or async_payment_succeeded for payment methods
-- that settle later): the purchase and what it grants, once per session. Returns {outcome, detail,
-- purchase_id}. Sessions TalentG did not create (no talentg metadata) are ignored.
create function private.stripe_apply_checkout(p_session jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_meta jsonb := coalesce(p_session -> 'metadata', '{}'::jsonb);
  v_user uuid := private.uuid_or_null(p_session ->> 'client_reference_id');
  v_kind text := v_meta ->> 'talentg_kind';
  v_assessment uuid := private.uuid_or_null(v_meta ->> 'talentg_assessment_id');
  v_seats integer;
  v_purchase uuid;
begin
  if v_kind is null then
    return jsonb_build_object('outcome', 'ignored', 'detail', 'not a TalentG checkout (no talentg_kind metadata)');
  end if;
  if coalesce(p_session ->> 'payment_status', '') not in ('paid', 'no_payment_required') then
    return jsonb_build_object('outcome', 'awaiting_payment',
      'detail', 'payment_status ' || coalesce(p_session ->> 'payment_status', 'missing'));
  end if;
  if v_user is null or not exists (select 1 from public.profiles p where p.id = v_user) then
    return jsonb_build_object('outcome', 'ignored', 'detail', 'client_reference_id is not a TalentG user');
  end if;
  if (v_meta ->> 'talentg_seats') ~ '^\d{1,5}$' then
    v_seats := (v_meta ->> 'talentg_seats')::integer;
  end if;
  if not ((v_kind = 'assessment' and v_assessment is not null
           and exists (select 1 from public.assessments a where a.id = v_assessment))
          or (v_kind = 'seats' and v_seats between 1 and 10000)) then
    return jsonb_build_object('outcome', 'ignored', 'detail', 'metadata names nothing TalentG sells');
  end if;

  insert into public.purchases (user_id, product_id, kind, assessment_id, seats, amount_total, currency,
                                stripe_checkout_session_id, stripe_payment_intent_id)
  values (v_user,
          (select p.id from public.products p where p.id = private.uuid_or_null(v_meta ->> 'talentg_product_id')),
          v_kind, case when v_kind = 'assessment' then v_assessment end,
          case when v_kind = 'seats' then v_seats end,
          coalesce((p_session ->> 'amount_total')::integer, 0), coalesce(p_session ->> 'currency', ''),
          p_session ->> 'id', p_session ->> 'payment_intent')
  on conflict (stripe_checkout_session_id) do nothing
  returning id into v_purchase;
  -- completed and async_payment_succeeded both name the session: the first one granted it.
  if v_purchase is null then
    select p.id into v_purchase from public.purchases p where p.stripe_checkout_session_id = p_session ->> 'id';
    return jsonb_build_object('outcome', 'already_applied', 'detail', 'session already granted',
      'purchase_id', v_purchase);
  end if;

  if v_kind = 'assessment' then
    insert into public.assessment_unlocks (user_id, assessment_id, purchase_id)
    values (v_user, v_assessment, v_purchase);
    -- Bought, so theirs to take: an assignment (which also mails the invitation) unless one exists.
    insert into public.assessment_assignments (assessment_id, user_id, assigned_by)
    values (v_assessment, v_user, null)
    on conflict (assessment_id, user_id) do nothing;
    return jsonb_build_object('outcome', 'unlocked', 'purchase_id', v_purchase);
  end if;
  insert into public.team_seats (purchase_id, bought_by, seats) values (v_purchase, v_user, v_seats);
  return jsonb_build_object('outcome', 'seats_added', 'purchase_id', v_purchase);
end;
$$;

-- charge.refunded: a fully refunded charge revokes what its purchase granted. A partial refund
-- changes nothing (the admin decides), nor does a charge of no TalentG purchase.
create function private.stripe_apply_refund(p_charge jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_purchase public.purchases;
begin
  select * into v_purchase from public.purchases p
   where p.stripe_payment_intent_id = p_charge ->> 'payment_intent';
  if not found then
    return jsonb_build_object('outcome', 'ignored', 'detail', 'no purchase has this payment_intent');
  end if;
  if coalesce((p_charge ->> 'refunded')::boolean, false) is not true then
    return jsonb_build_object('outcome', 'ignored', 'detail', 'partial refund: nothing revoked',
      'purchase_id', v_purchase.id);
  end if;
  if v_purchase.status = 'refunded' then
    return jsonb_build_object('outcome', 'already_applied', 'detail', 'purchase already refunded',
      'purchase_id', v_purchase.id);
  end if;
  update public.purchases p set status = 'refunded', refunded_at = now() where p.id = v_purchase.id;
  update public.assessment_unlocks u set revoked_at = now()
   where u.purchase_id = v_purchase.id and u.revoked_at is null;
  update public.team_seats s set revoked_at = now()
   where s.purchase_id = v_purchase.id and s.revoked_at is null;
  return jsonb_build_object('outcome', 'revoked', 'purchase_id', v_purchase.id);
end;
$$;

-- One verified event (stripe-webhook checked its signature and timestamp): claimed by id first, so a
-- redelivery waits for the first delivery to commit and then answers {duplicate: true} applying
-- nothing; otherwise applied and recorded in this one transaction. Answers {event_id, type, outcome,
-- detail, purchase_id, duplicate}, or the RateLimitHit when over the limit.
create function public.stripe_apply_event(
  p_event_id text,
  p_type text,
  p_object jsonb,
  p_livemode boolean default false,
  p_created bigint default null,
  p_rate_bucket text default null,
  p_rate_limit integer default null,
  p_rate_window_seconds integer default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_rate jsonb;
  v_row public.stripe_events;
  v_result jsonb;
begin
  perform private.require_service_role('apply Stripe events');
  if p_rate_bucket is not null then
    v_rate := private.rate_limit_hit(p_rate_bucket, p_rate_limit, p_rate_window_seconds);
    if not (v_rate ->> 'allowed')::boolean then
      return v_rate;
    end if;
  end if;
  insert into public.stripe_events (id, type, livemode, stripe_created_at, payload)
  values (p_event_id, p_type, coalesce(p_livemode, false), to_timestamp(p_created),
          coalesce(p_object, '{}'::jsonb))
  on conflict (id) do nothing;
  if not found then
    select * into v_row from public.stripe_events e where e.id = p_event_id;
    return jsonb_build_object('event_id', v_row.id, 'type', v_row.type, 'outcome', v_row.outcome,
      'detail', v_row.detail, 'purchase_id', v_row.purchase_id, 'duplicate', true);
  end if;

  v_result := case
    when p_type in ('checkout.session.completed', 'checkout.session.async_payment_succeeded')
      then private.stripe_apply_checkout(p_object)
    when p_type = 'charge.refunded'
      then private.stripe_apply_refund(p_object)
    else jsonb_build_object('outcome', 'ignored', 'detail', 'TalentG does not act on ' || p_type)
  end;

  update public.stripe_events e
     set outcome = v_result ->> 'outcome', detail = v_result ->> 'detail',
         purchase_id = (v_result ->> 'purchase_id')::uuid
   where e.id = p_event_id
  returning * into v_row;
  return jsonb_build_object('event_id', v_row.id, 'type', v_row.type, 'outcome', v_row.outcome,
    'detail', v_row.detail, 'purchase_id', v_row.purchase_id, 'duplicate', false);
end;
$$;

revoke all on all functions in schema private from public;
revoke all on function
  public.stripe_checkout_offer(uuid, uuid, text, integer, integer),
  public.stripe_apply_event(text, text, jsonb, boolean, bigint, text, integer, integer)
  from public, anon, authenticated;
grant execute on function
  public.stripe_checkout_offer(uuid, uuid, text, integer, integer),
  public.stripe_apply_event(text, text, jsonb, boolean, bigint, text, integer, integer)
  to service_role;
