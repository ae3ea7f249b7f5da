-- A manager settles each logged conflict: 'kept' leaves what the writer wrote (the conflict is seen and
-- closed), 'restored' puts a contact field back to the value the writer overwrote, through an ordinary
-- update of the lead (so its history, change log and every telecaller's cache follow). Restoring is
-- refused once the field has moved on from what the writer wrote: the later value is someone's too.

alter table sync.conflicts
  add column settled_at timestamptz,
  add column settled_by uuid,
  add column settlement text,
  add constraint conflicts_settlement_check check (
    (settlement is null and settled_at is null and settled_by is null)
    or (settlement in ('kept', 'restored') and settled_at is not null)
  );
comment on column sync.conflicts.settlement is 'kept: the written value stays; restored: the overwritten value was put back.';

-- The settlement joins the page; the return type changes, so both the body and its wrapper are remade.
drop function public.sync_conflicts(bigint, integer);
drop function sync.conflicts_page(bigint, integer);

create function sync.conflicts_page(p_after bigint, p_limit integer)
returns table (
  id bigint,
  occurred_at timestamptz,
  user_id uuid,
  lead_id uuid,
  op text,
  kind text,
  field text,
  base jsonb,
  attempted jsonb,
  server jsonb,
  client_id uuid,
  seq bigint,
  mutation_id uuid,
  settled_at timestamptz,
  settled_by uuid,
  settlement text
)
language sql
stable
security definer
set search_path = ''
as $$
  select c.id, c.occurred_at, c.user_id, c.lead_id, c.op, c.kind, c.field, c.base, c.attempted, c.server,
         c.client_id, c.seq, c.mutation_id, c.settled_at, c.settled_by, c.settlement
    from sync.conflicts c
   where ((select private.is_staff()) or c.user_id = (select auth.uid()))
     and c.id > coalesce(p_after, 0)
   order by c.id
   limit least(greatest(coalesce(p_limit, 200), 1), 1000)
$$;
revoke all on function sync.conflicts_page(bigint, integer) from public, anon, authenticated;
-- As the body it replaces, and its siblings push_batch and pull_page: the service role may call it.
grant execute on function sync.conflicts_page(bigint, integer) to service_role;

create function public.sync_conflicts(p_after bigint default null, p_limit integer default 200)
returns table (
  id bigint,
  occurred_at timestamptz,
  user_id uuid,
  lead_id uuid,
  op text,
  kind text,
  field text,
  base jsonb,
  attempted jsonb,
  server jsonb,
  client_id uuid,
  seq bigint,
  mutation_id uuid,
  settled_at timestamptz,
  settled_by uuid,
  settlement text
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform sync.spend_call('sync_conflicts');
  return query select * from sync.conflicts_page(p_after, p_limit);
end;
$$;
revoke execute on function public.sync_conflicts(bigint, integer) from public, anon;
grant execute on function public.sync_conflicts(bigint, integer) to authenticated;

create function public.sync_settle_conflict(p_id bigint, p_settlement text)
returns table (id bigint, settled_at timestamptz, settled_by uuid, settlement text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_conflict sync.conflicts%rowtype;
  v_now jsonb;
begin
  perform private.require_staff('settle sync conflicts');
  if p_settlement is null or p_settlement not in ('kept', 'restored') then
    perform private.refuse('CONFLICT_SETTLEMENT_INVALID', 'A conflict is settled as kept or restored.');
  end if;
  select * into v_conflict from sync.conflicts c where c.id = p_id for update;
  if not found then
    perform private.refuse('CONFLICT_NOT_FOUND', 'No such conflict.');
  end if;
  if v_conflict.settled_at is not null then
    perform private.refuse('CONFLICT_ALREADY_SETTLED', 'This conflict was settled already.');
  end if;

  if p_settlement = 'restored' then
    if v_conflict.kind <> 'field_conflict' or v_conflict.lead_id is null
       or v_conflict.field not in ('name', 'email', 'phone', 'phone_e164', 'company', 'time_zone') then
      perform private.refuse('CONFLICT_NOT_RESTORABLE', 'Only a contact field''s conflict can be restored.');
    end if;
    select to_jsonb(l) -> v_conflict.field into v_now
      from public.leads l where l.id = v_conflict.lead_id for update;
    if not found then
      perform private.refuse('LEAD_NOT_FOUND', 'The lead is gone.');
    end if;
    if v_now is distinct from v_conflict.attempted then
      perform private.refuse('CONFLICT_MOVED_ON',
        'The field has changed since; it shows neither side of this conflict.');
    end if;
    -- One column by name: the field list above is closed, so the identifier cannot be anything else.
    execute format('update public.leads set %I = $1 where id = $2', v_conflict.field)
      using v_conflict.server #>> '{}', v_conflict.lead_id;
  end if;

  return query
    update sync.conflicts c
       set settled_at = now(), settled_by = auth.uid(), settlement = p_settlement
     where c.id = p_id
    returning c.id, c.settled_at, c.settled_by, c.settlement;
end;
$$;
comment on function public.sync_settle_conflict(bigint, text) is
  'Managers and admins close a logged conflict: kept, or restored (a contact field back to the overwritten value).';
revoke execute on function public.sync_settle_conflict(bigint, text) from public, anon;
grant execute on function public.sync_settle_conflict(bigint, text) to authenticated;
