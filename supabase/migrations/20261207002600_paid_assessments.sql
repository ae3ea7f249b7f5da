-- Paid assessments as their taker sees them (issue 15, app side): which of the caller's assigned
-- assessments are paid, what they cost and whether the caller has unlocked them, so the Assessments
-- screen can show the price and a Buy button instead of letting a start fail with ASSESSMENT_LOCKED.
--
-- A separate function rather than more columns on my_assessments(): its return type is read by the
-- workstation and the api function, and changing it means dropping and recreating it under them.
-- A definer because a retired product is hidden from non-admins by products_select, yet it still gates
-- its assessment (see private.assessment_open_to): the taker must see "locked, not for sale" then.

create function public.my_assessment_offers()
returns table (
  assessment_id uuid,
  product_id uuid,
  -- Stripe's smallest currency unit (paise, cents), as products keeps it.
  unit_amount integer,
  currency text,
  -- False when the product is retired: the assessment stays paid but cannot be bought now.
  for_sale boolean,
  unlocked boolean
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.caller_is_active() then
    raise exception 'my_assessment_offers is not for a deactivated account' using errcode = '42501';
  end if;
  return query
    select p.assessment_id, p.id, p.unit_amount, p.currency, p.is_active,
           private.assessment_open_to((select auth.uid()), p.assessment_id)
      from public.products p
     where p.kind = 'assessment'
       and exists (select 1 from public.assessment_assignments a
                    where a.assessment_id = p.assessment_id and a.user_id = (select auth.uid())
                      and a.status <> 'cancelled');
end;
$$;
comment on function public.my_assessment_offers() is
  'The caller''s assigned paid assessments: product, price, whether it is on sale and whether the caller unlocked it.';

revoke all on function public.my_assessment_offers() from public, anon;
grant execute on function public.my_assessment_offers() to authenticated, service_role;
