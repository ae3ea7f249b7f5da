-- A deactivated person's access token stays valid until it expires, and the sync RPCs checked only that
-- there is a user: a deactivated telecaller could keep pulling and pushing their leads for up to an hour.
-- Every sync RPC's wrapper spends from its rate bucket first (sync.spend_call); that first step now also
-- refuses a deactivated person, as any other refusal of the request's role (42501). The bucket
-- arithmetic stays as it was, under its own name.
alter function sync.spend_call(text, integer) rename to spend_tokens;

create function sync.spend_call(p_rpc text, p_cost integer default 1)
returns void
language plpgsql
as $$
begin
  if exists (select 1 from public.profiles p where p.id = (select auth.uid()) and not p.is_active) then
    raise exception '% is not for a deactivated account', p_rpc using errcode = '42501';
  end if;
  perform sync.spend_tokens(p_rpc, p_cost);
end;
$$;
comment on function sync.spend_call(text, integer) is
  'The first step of every sync RPC: refuses a deactivated person (42501), then spends from their rate bucket.';
revoke all on function sync.spend_call(text, integer), sync.spend_tokens(text, integer) from public, anon, authenticated;
