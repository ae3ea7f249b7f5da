-- Staff do not buy paid assessments (issue 15 leftovers). Managers and admins take them without an unlock
-- (migration team_seat_limits, private.assessment_open_to), so the app offers them no checkout; but the
-- stripe-checkout function, called directly, would still have sold one. The offer now refuses it with
-- ALREADY_UNLOCKED (409), as it refuses someone who bought it already. Every other answer is unchanged;
-- create or replace keeps the function's owner and grants (service role only).
create or replace function public.stripe_checkout_offer(
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
  -- The same rule as private.assessment_open_to: an active manager or admin takes it included.
  if v_product.kind = 'assessment' and v_profile.role in ('manager', 'admin') then
    return jsonb_build_object('refused', 'ALREADY_UNLOCKED',
      'message', 'Managers and admins take paid assessments without buying them.');
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
