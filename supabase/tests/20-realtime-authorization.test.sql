-- Realtime Authorization (migration private_realtime): who joins, reads and sends on the private
-- channels `floor` and `workstation:<user id>`, asked the way Realtime asks: realtime.topic() set, the
-- request's role and claims set, then a SELECT of check rows (join, receive) or an INSERT (send, track).
begin;
\ir _support/helpers.psql
select plan(20);

-- What `p_who` may read on `p_topic`: the extensions of one broadcast and one presence check row
-- (inserted as the owner) that the SELECT policies show them.
create function tests.realtime_reads(p_who text, p_topic text)
returns text[]
language plpgsql
as $$
declare
  v_broadcast uuid := gen_random_uuid();
  v_presence uuid := gen_random_uuid();
  v_seen text[];
begin
  perform tests.act_as('postgres');
  insert into realtime.messages (id, topic, extension)
  values (v_broadcast, p_topic, 'broadcast'), (v_presence, p_topic, 'presence');
  perform tests.act_as(p_who);
  perform set_config('realtime.topic', p_topic, true);
  select coalesce(array_agg(m.extension order by m.extension), '{}') into v_seen
    from realtime.messages m where m.id in (v_broadcast, v_presence);
  perform tests.act_as('postgres');
  delete from realtime.messages where id in (v_broadcast, v_presence);
  return v_seen;
end;
$$;

-- Whether the INSERT policies let `p_who` send `p_extension` on `p_topic` (the row is rolled back).
-- The embedded stack shows a presence track's key as payload->>'presence_key'.
create function tests.realtime_writes(p_who text, p_topic text, p_extension text, p_payload jsonb default null)
returns boolean
language plpgsql
as $$
declare
  v_allowed boolean;
begin
  perform tests.act_as(p_who);
  perform set_config('realtime.topic', p_topic, true);
  begin
    insert into realtime.messages (topic, extension, payload) values (p_topic, p_extension, p_payload);
    raise sqlstate 'TT001';
  exception
    when sqlstate 'TT001' then v_allowed := true;
    when insufficient_privilege then v_allowed := false;
  end;
  perform tests.act_as('postgres');
  return v_allowed;
end;
$$;

create function tests.key_of(p_who text)
returns jsonb
language sql
as $$ select jsonb_build_object('presence_key', tests.user_id(p_who)::text) $$;

select is(realtime.topic(), null, 'realtime.topic() is null outside a channel check');

-- floor: managers and admins read broadcast and presence; a telecaller joins but sees nobody's presence.
select is(tests.realtime_reads('manager', 'floor'), array['broadcast', 'presence'], 'a manager reads the floor, presence included');
select is(tests.realtime_reads('admin', 'floor'), array['broadcast', 'presence'], 'an admin reads the floor, presence included');
select is(tests.realtime_reads('tc1', 'floor'), array['broadcast'], 'a telecaller may join the floor but reads no one''s presence');
select is(tests.realtime_reads('user', 'floor'), '{}'::text[], 'a plain user may not join the floor');
select is(tests.realtime_reads('anon', 'floor'), '{}'::text[], 'the anon key may not join the floor');

-- floor: each floor member tracks under their own key only; nobody broadcasts there.
select ok(tests.realtime_writes('tc1', 'floor', 'presence', tests.key_of('tc1')), 'a telecaller tracks their own presence key');
select ok(not tests.realtime_writes('tc1', 'floor', 'presence', tests.key_of('tc2')), 'a telecaller may not track under someone else''s key');
select ok(not tests.realtime_writes('tc1', 'floor', 'presence', '{"presence_key": "manager-board"}'), 'nor under a made-up key');
select ok(tests.realtime_writes('manager', 'floor', 'presence', tests.key_of('manager')), 'a manager tracks their own presence key');
select ok(not tests.realtime_writes('manager', 'floor', 'presence', tests.key_of('tc1')), 'a manager may not track as a telecaller either');
select ok(not tests.realtime_writes('anon', 'floor', 'presence'), 'the anon key may not track on the floor');
select ok(not tests.realtime_writes('user', 'floor', 'presence', tests.key_of('user')), 'a plain user may not track on the floor');
select ok(not tests.realtime_writes('tc1', 'floor', 'broadcast'), 'nobody broadcasts on the floor');
select ok(tests.realtime_writes('tc1', 'floor', 'presence'), 'a check row without a key (hosted Realtime''s) is a floor member''s own');

-- workstation:<uid>: only that user joins; nobody sends on it from a client.
select is(tests.realtime_reads('tc1', 'workstation:' || tests.user_id('tc1')), array['broadcast', 'presence'], 'a person joins their own workstation topic');
select is(tests.realtime_reads('tc2', 'workstation:' || tests.user_id('tc1')), '{}'::text[], 'another telecaller may not join it');
select is(tests.realtime_reads('manager', 'workstation:' || tests.user_id('tc1')), '{}'::text[], 'nor may a manager');
select ok(
  not tests.realtime_writes('tc2', 'workstation:' || tests.user_id('tc1'), 'broadcast')
  and not tests.realtime_writes('tc1', 'workstation:' || tests.user_id('tc1'), 'broadcast')
  and not tests.realtime_writes('anon', 'workstation:' || tests.user_id('tc1'), 'broadcast'),
  'nobody broadcasts into a workstation topic from a client, its owner included');

select is(tests.realtime_reads('tc1', 'some-other-topic'), '{}'::text[], 'a topic without a policy is closed');

select * from finish();
rollback;
