-- KPI rollup (migration kpi_rollup): the 15-minute slots kept by statement triggers stay equal to a
-- recount through inserts, updates, deletes and a disposition's change of meaning; floor_kpis read
-- from them answers what the raw count answers, over random data, in zones with :30 and :45 offsets,
-- across DST, with periods that end mid-slot and pending callbacks turning late; floor_board's counts
-- of today come from them too; no client reads them.
begin;
\ir _support/helpers.psql
\ir _support/sync-helpers.psql
select plan(33);
set local track_functions = 'all';
select setseed(0.39);

-- Four telecallers of this file, each with ten leads.
insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data)
select format('00000000-0000-4000-8000-0000000039%s', lpad(u::text, 2, '0'))::uuid,
       'roll' || u || '@talentg.test', 'authenticated', 'authenticated',
       '{"provider": "email", "role": "telecaller"}', jsonb_build_object('full_name', 'Roll ' || u)
  from generate_series(1, 4) u;
create function tests.caller(n integer) returns uuid language sql immutable
  as $$ select format('00000000-0000-4000-8000-0000000039%s', lpad(n::text, 2, '0'))::uuid $$;
create function tests.rlead(n integer) returns uuid language sql immutable
  as $$ select md5('kpi-rollup-lead/' || n)::uuid $$;
insert into public.leads (id, name, phone_e164, source, assigned_to)
select tests.rlead(g), 'Rollup lead ' || g, '+9198390' || lpad(g::text, 5, '0'), 'kpi-rollup', tests.caller(1 + g % 4)
  from generate_series(1, 40) g;

-- A random call, note or meeting by one of the four, some time in March 2025.
create function tests.random_interactions(p_count integer, p_from timestamptz, p_days integer)
returns void
language sql
as $$
  insert into public.interactions (lead_id, type, disposition, duration_seconds, occurred_at, created_by)
  select tests.rlead(1 + (random() * 38)::integer),
         t.type,
         case when t.type = 'call'
              then (array['NA','B','A','CB','INT','NI','SALE','DEC'])[1 + (random() * 7)::integer] end,
         case when random() < 0.2 then null else (random() * 900)::integer end,
         p_from + random() * p_days * interval '1 day',
         tests.caller(1 + (random() * 3)::integer)
    from generate_series(1, p_count) g,
         lateral (select case when random() < 0.9 then 'call' when random() < 0.5 then 'note' else 'meeting' end
                           || left(g::text, 0) as type) t
$$;

-- Random callbacks: owned or anyone's, pending, kept, late, missed or cancelled.
create function tests.random_callbacks(p_count integer, p_from timestamptz, p_days integer)
returns void
language sql
as $$
  insert into public.callbacks (lead_id, owner_id, scope, due_at, state, closed_at, created_by)
  select c.lead, case when c.anyone then null else c.who end, case when c.anyone then 'anyone' else 'personal' end,
         c.due, c.state,
         case when c.state <> 'pending' then c.due + (random() * 40 - 5) * interval '1 minute' end, c.who
    from (
      select tests.rlead(1 + (random() * 38)::integer) as lead, tests.caller(1 + (random() * 3)::integer) as who,
             random() < 0.2 as anyone, p_from + random() * p_days * interval '1 day' as due,
             (array['pending','done','done','missed','cancelled'])[1 + (random() * 4)::integer] || left(g::text, 0) as state
        from generate_series(1, p_count) g
    ) c
$$;

-- What the slots hold, without rows emptied by later changes, for comparing with a recount.
create function tests.slots() returns table (slot timestamptz, user_id uuid, counts bigint[]) language sql
  as $$ select s.slot, s.user_id, array[s.calls, s.contacts, s.conversions, s.talk_seconds, s.callbacks_due,
                                        s.callbacks_kept, s.callbacks_missed, s.callbacks_pending]
          from private.kpi_slots s
         where (s.calls, s.contacts, s.conversions, s.talk_seconds, s.callbacks_due, s.callbacks_kept,
                s.callbacks_missed, s.callbacks_pending) <> (0, 0, 0, 0, 0, 0, 0, 0) $$;
create function tests.same_as_recount() returns boolean language plpgsql as $$
begin
  drop table if exists kept_slots;
  create temp table kept_slots as select * from tests.slots();
  perform private.kpi_slots_rebuild();
  return not exists (
    (select * from kept_slots except select * from tests.slots())
    union all
    (select * from tests.slots() except select * from kept_slots));
end;
$$;

-- ---- The triggers: one call per statement, slots equal to a recount ----
select tests.act_as('postgres');
select tests.mark_calls(array['private.kpi_slots_follow_interactions()', 'private.kpi_slots_follow_callbacks()']);
select tests.random_interactions(2000, '2025-03-01 00:00+00', 20);
select tests.random_callbacks(400, '2025-03-01 00:00+00', 20);
select is(tests.since(), '1/1', 'a 2,000-row insert and a 400-row insert fire one trigger call each');
select is((select sum(calls) from private.kpi_slots where slot >= '2025-03-01' and slot < '2025-04-01'),
  (select count(*) from interactions where type = 'call' and created_by in (select tests.caller(n) from generate_series(1, 4) n))::bigint,
  'every call of the batch is in a slot');

select tests.random_interactions(1000, '2025-03-01 00:00+00', 20);
-- Calls move in time, change outcome, author and length; some are deleted, a lead with its history.
update interactions set occurred_at = occurred_at + (random() * 600 - 300) * interval '1 minute'
 where lead_id in (select tests.rlead(g) from generate_series(1, 10) g);
update interactions set disposition = 'SALE', duration_seconds = 42
 where lead_id in (select tests.rlead(g) from generate_series(11, 14) g) and type = 'call';
update interactions set created_by = tests.caller(4) where lead_id = tests.rlead(15);
update interactions set content = 'typed later' where lead_id = tests.rlead(16);
delete from interactions where lead_id = tests.rlead(17) and type = 'call' and disposition = 'NA';
-- Callbacks are closed on time and late, reassigned, rescheduled and deleted.
update callbacks set state = 'done', closed_at = due_at + interval '3 minutes'
 where state = 'pending' and lead_id in (select tests.rlead(g) from generate_series(1, 20) g);
update callbacks set state = 'done', closed_at = due_at + interval '1 hour'
 where state = 'pending' and lead_id in (select tests.rlead(g) from generate_series(21, 25) g);
update callbacks set owner_id = tests.caller(2) where lead_id = tests.rlead(26);
update callbacks set due_at = due_at + interval '2 days' where lead_id = tests.rlead(27);
delete from callbacks where lead_id = tests.rlead(28);
delete from leads where id = tests.rlead(40);
select ok(tests.same_as_recount(), 'after updates and deletes of calls and callbacks the slots equal a recount');

-- An admin changes what two outcomes mean: every call logged with them is counted again.
update dispositions set human_contact = not human_contact where code in ('NA', 'B');
update dispositions set sale = true, human_contact = true, final = true, callback = false, recycle_after_minutes = null
 where code = 'INT';
select ok(tests.same_as_recount(), 'after dispositions change meaning the slots equal a recount');

-- ---- The answers equal the raw count ----
-- Calls an hour either side of now(), pending callbacks due around now() - 15 minutes (where they turn
-- missed, mid-slot), and a few calls in 1971, when Monrovia was 44 minutes 30 seconds behind UTC.
select tests.random_interactions(300, now() - interval '1 day', 1);
select tests.random_callbacks(200, now() - interval '1 hour', 1);
insert into public.callbacks (lead_id, owner_id, due_at, created_by)
select tests.rlead(1), tests.caller(1), now() - m * interval '1 minute', tests.caller(1)
  from unnest(array[31, 20, 16, 15.5, 14.5, 14, 10, 1, -5]) m;
select tests.random_interactions(100, '1971-05-01 00:00+00', 10);

create function tests.same_answer(p_from timestamptz, p_to timestamptz, p_bucket text, p_zone text)
returns boolean language sql stable as $$
  select private.floor_kpis_answer(p_from, p_to, p_bucket, p_zone, true)
       = private.floor_kpis_answer(p_from, p_to, p_bucket, p_zone, false)
$$;
select ok(tests.same_answer('2025-03-01 00:00+05:30', '2025-03-22 00:00+05:30', 'day', 'Asia/Kolkata'),
  'Kolkata (+05:30), three weeks by day: the rollup answers as the raw count');
select ok(tests.same_answer('2025-03-05 00:00+05:30', '2025-03-12 00:00+05:30', 'hour', 'Asia/Kolkata'),
  'Kolkata, a week by hour');
select ok(tests.same_answer('2025-03-01 00:00+05:45', '2025-03-22 00:00+05:45', 'day', 'Asia/Kathmandu'),
  'Kathmandu (+05:45), three weeks by day');
select ok(tests.same_answer('2025-03-05 00:00+05:45', '2025-03-12 00:00+05:45', 'hour', 'Asia/Kathmandu'),
  'Kathmandu, a week by hour');
select ok(tests.same_answer('2025-03-06 00:00-05:00', '2025-03-13 00:00-04:00', 'hour', 'America/New_York'),
  'New York, a week by hour over the spring-forward');
select ok(tests.same_answer('2025-03-01 00:00-05:00', '2025-03-22 00:00-04:00', 'day', 'America/New_York'),
  'New York, by day over the spring-forward');
select ok(tests.same_answer('2025-03-05 00:00+13:00', '2025-03-09 00:00+13:00', 'hour', 'Pacific/Chatham'),
  'Chatham (+13:45), by hour');
select ok(tests.same_answer('2025-03-05 10:07:13.5+00', '2025-03-11 18:52:01+00', 'hour', 'Asia/Kolkata'),
  'a period starting and ending mid-slot');
select ok(tests.same_answer('2025-03-05 10:07+00', '2025-03-05 10:12+00', 'hour', 'UTC'),
  'a period inside one slot');
select ok(tests.same_answer(now() - interval '2 days', now() + interval '1 hour', 'hour', 'Asia/Kathmandu'),
  'the last two days up to an hour ahead, where pending callbacks are turning missed');
select ok(tests.same_answer(now() - interval '2 days', now(), 'day', 'UTC'), 'the last two days up to now');
select ok(tests.same_answer('1971-05-01 00:00-00:44:30', '1971-05-11 00:00-00:44:30', 'day', 'Africa/Monrovia'),
  'Monrovia in 1971 (-00:44:30, off the slots'' grid): the raw count answers');

-- ---- The buckets of :30 and :45 zones lie on slot boundaries; the slots are what is read ----
select ok(private.kpi_buckets_on_slots(array(select (b #>> '{}')::timestamptz from jsonb_array_elements(
         private.floor_kpis_answer('2025-03-01', '2025-03-08', 'hour', 'Asia/Kathmandu', true) -> 'buckets') b)),
  'every Kathmandu hour starts on a slot boundary');
select ok(private.kpi_buckets_on_slots(array(select (b #>> '{}')::timestamptz from jsonb_array_elements(
         private.floor_kpis_answer('2025-03-01', '2025-03-30', 'day', 'Asia/Kolkata', true) -> 'buckets') b)),
  'every Kolkata midnight starts on a slot boundary');
select ok(not private.kpi_buckets_on_slots(array(select (b #>> '{}')::timestamptz from jsonb_array_elements(
         private.floor_kpis_answer('1971-05-01', '1971-05-11', 'day', 'Africa/Monrovia', true) -> 'buckets') b)),
  'Monrovia''s 1971 midnights do not');

-- Calls a second either side of a local hour and of a local midnight, by a fifth telecaller.
insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data) values
  (tests.caller(5), 'roll5@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Roll Five"}');
insert into public.interactions (lead_id, type, disposition, duration_seconds, occurred_at, created_by) values
  (tests.rlead(1), 'call', 'NA', 1, '2025-04-01 09:59:59+05:45', tests.caller(5)),
  (tests.rlead(1), 'call', 'SALE', 2, '2025-04-01 10:00:00+05:45', tests.caller(5)),
  (tests.rlead(1), 'call', 'NA', 4, '2025-04-01 23:59:59+05:45', tests.caller(5)),
  (tests.rlead(1), 'call', 'INT', 8, '2025-04-02 00:00:00+05:45', tests.caller(5)),
  (tests.rlead(1), 'call', 'NA', 16, '2025-04-01 10:59:59+05:30', tests.caller(5)),
  (tests.rlead(1), 'call', 'SALE', 32, '2025-04-01 11:00:00+05:30', tests.caller(5));

create temp table answers (name text primary key, a jsonb);
grant all on answers to authenticated;
create function tests.talk(p_answer text, p_bucket timestamptz) returns bigint language sql as $$
  select sum((c ->> 'talk_seconds')::bigint)
    from answers a, jsonb_array_elements(a.a -> 'cells') c
   where a.name = p_answer and (c ->> 'user_id')::uuid = tests.caller(5) and (c ->> 'bucket')::timestamptz = p_bucket
$$;
grant execute on all functions in schema tests to authenticated;
select tests.act_as('manager');
insert into answers values
  ('ktm hours', floor_kpis('2025-04-01 09:00+05:45', '2025-04-01 11:00+05:45', 'hour', 'Asia/Kathmandu')),
  ('ktm days', floor_kpis('2025-04-01 00:00+05:45', '2025-04-03 00:00+05:45', 'day', 'Asia/Kathmandu')),
  ('ccu hours', floor_kpis('2025-04-01 10:00+05:30', '2025-04-01 12:00+05:30', 'hour', 'Asia/Kolkata'));
select tests.act_as('postgres');
select is(array[tests.talk('ktm hours', '2025-04-01 09:00+05:45'), tests.talk('ktm hours', '2025-04-01 10:00+05:45')],
  array[1, 2]::bigint[], 'Kathmandu: 09:59:59 and 10:00:00 fall in their own hours');
select is(array[tests.talk('ktm days', '2025-04-01 00:00+05:45'), tests.talk('ktm days', '2025-04-02 00:00+05:45')],
  -- (Kolkata's 10:59:59 and 11:00:00 below are 11:14:59 and 11:15:00 in Kathmandu, the same day.)
  array[1 + 2 + 4 + 16 + 32, 8]::bigint[], 'Kathmandu: 23:59:59 and midnight fall in their own days');
select is(array[tests.talk('ccu hours', '2025-04-01 10:00+05:30'), tests.talk('ccu hours', '2025-04-01 11:00+05:30')],
  array[16, 32]::bigint[], 'Kolkata: 10:59:59 and 11:00:00 fall in their own hours');

-- A slot changed behind the triggers' back shows in floor_kpis: it reads the slots, not the calls.
update private.kpi_slots set calls = calls + 1000
 where user_id = tests.caller(5) and slot = '2025-04-01 10:00+05:45';
select tests.act_as('manager');
select is((select sum((c ->> 'calls')::bigint)::bigint from jsonb_array_elements(
             floor_kpis('2025-04-01 00:00+05:45', '2025-04-02 00:00+05:45', 'hour', 'Asia/Kathmandu') -> 'cells') c
           where (c ->> 'user_id')::uuid = tests.caller(5)), 1005::bigint,
  'floor_kpis counts from the slots');
select tests.act_as('postgres');
update private.kpi_slots set calls = calls - 1000
 where user_id = tests.caller(5) and slot = '2025-04-01 10:00+05:45';

-- ---- floor_board counts today from the slots ----
-- Two calls by the fifth telecaller now (one a human contact), a third in a slot bumped behind the
-- triggers' back: the board shows the slots' counts, and the raw count agrees without the bump.
insert into public.interactions (lead_id, type, disposition, duration_seconds, occurred_at, created_by) values
  (tests.rlead(1), 'call', 'A', 10, now(), tests.caller(5)),
  (tests.rlead(1), 'call', 'SALE', 10, now(), tests.caller(5));
create function tests.today(p_zone text) returns text language sql as $$
  select format('%s/%s', p ->> 'calls_today', p ->> 'contacts_today')
    from jsonb_array_elements(floor_board(p_zone) -> 'people') p
   where (p ->> 'user_id')::uuid = tests.caller(5)
$$;
grant execute on function tests.today(text) to authenticated;
select tests.act_as('manager');
select is(tests.today('Asia/Kathmandu'), '2/1', 'floor_board counts today''s calls and contacts (Kathmandu)');
select tests.act_as('postgres');
update private.kpi_slots set calls = calls + 1000 where user_id = tests.caller(5) and slot = private.kpi_slot(now());
select tests.act_as('manager');
select is(tests.today('Asia/Kolkata'), '1002/1', 'from the slots');
select tests.act_as('postgres');
update private.kpi_slots set calls = calls - 1000 where user_id = tests.caller(5) and slot = private.kpi_slot(now());

-- ---- No client reads or writes the slots ----
select tests.act_as('manager');
select is(tests.run('select * from private.kpi_slots'), '42501', 'a manager cannot read the slots');
select is(tests.run($$ update private.kpi_slots set calls = 0 $$), '42501', 'nor change them');
select tests.act_as('admin', 'aal2');
select is(tests.run('select * from private.kpi_slots'), '42501', 'nor can an admin');
select tests.act_as('tc1');
select is(tests.run('select * from private.kpi_slots'), '42501', 'nor a telecaller');
select is(tests.run($$ select private.kpi_slots_rebuild() $$), '42501', 'who cannot recount them either');
select tests.act_as('anon');
select is(tests.run('select * from private.kpi_slots'), '42501', 'nor anyone signed out');

select tests.act_as('postgres');
select ok((select relrowsecurity from pg_class where oid = 'private.kpi_slots'::regclass),
  'the slots have row level security, with no policy');
select is((select count(*) from pg_policies where schemaname = 'private' and tablename = 'kpi_slots'), 0::bigint,
  'and no policy lets a role through');

select * from finish();
rollback;
