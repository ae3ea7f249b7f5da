-- Floor KPIs (migration kpis): floor_kpis counts a small known day of calls and callbacks per
-- telecaller and per hour or day in the manager's time zone; only managers and admins may read
-- them; bad ranges, buckets and time zones are refused with their codes.
begin;
\ir _support/helpers.psql
select plan(28);

-- Two telecallers with a lead each, and a known day: 2025-03-10 in India (UTC+05:30), far from the seed's calls.
insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data) values
  ('00000000-0000-4000-8000-0000000000e1', 'k1@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Kay One"}'),
  ('00000000-0000-4000-8000-0000000000e2', 'k2@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Kay Two"}');
insert into public.leads (id, name, phone_e164, source, assigned_to) values
  ('00000000-0000-4000-8000-0000000000f1', 'KPI lead one', '+919911000001', 'kpi-test',
   '00000000-0000-4000-8000-0000000000e1'),
  ('00000000-0000-4000-8000-0000000000f2', 'KPI lead two', '+919911000002', 'kpi-test',
   '00000000-0000-4000-8000-0000000000e2');

insert into public.interactions (lead_id, type, disposition, duration_seconds, occurred_at, created_by) values
  -- k1, 09:00-10:00 IST: no answer and interested; 10:00-11:00: a sale.
  ('00000000-0000-4000-8000-0000000000f1', 'call', 'NA', 20, '2025-03-10 09:05+05:30', '00000000-0000-4000-8000-0000000000e1'),
  ('00000000-0000-4000-8000-0000000000f1', 'call', 'INT', 300, '2025-03-10 09:40+05:30', '00000000-0000-4000-8000-0000000000e1'),
  ('00000000-0000-4000-8000-0000000000f1', 'call', 'SALE', 600, '2025-03-10 10:15+05:30', '00000000-0000-4000-8000-0000000000e1'),
  -- k1 the minute before the day starts, and a note: neither counts.
  ('00000000-0000-4000-8000-0000000000f1', 'call', 'B', 5, '2025-03-09 23:59+05:30', '00000000-0000-4000-8000-0000000000e1'),
  ('00000000-0000-4000-8000-0000000000f1', 'note', null, null, '2025-03-10 09:50+05:30', '00000000-0000-4000-8000-0000000000e1'),
  -- k2: a callback promise and a declined sale logged without a timer.
  ('00000000-0000-4000-8000-0000000000f2', 'call', 'CB', 120, '2025-03-10 09:30+05:30', '00000000-0000-4000-8000-0000000000e2'),
  ('00000000-0000-4000-8000-0000000000f2', 'call', 'DEC', null, '2025-03-10 11:00+05:30', '00000000-0000-4000-8000-0000000000e2');

insert into public.callbacks (lead_id, owner_id, scope, due_at, state, closed_at, created_by) values
  -- k1: done 10 minutes late (kept), done 30 minutes late (missed), never done (missed), cancelled (neither).
  ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000e1', 'personal',
   '2025-03-10 11:00+05:30', 'done', '2025-03-10 11:10+05:30', '00000000-0000-4000-8000-0000000000e1'),
  ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000e1', 'personal',
   '2025-03-10 12:00+05:30', 'done', '2025-03-10 12:30+05:30', '00000000-0000-4000-8000-0000000000e1'),
  ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000e1', 'personal',
   '2025-03-10 13:00+05:30', 'pending', null, '00000000-0000-4000-8000-0000000000e1'),
  ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000e1', 'personal',
   '2025-03-10 14:00+05:30', 'cancelled', '2025-03-10 13:00+05:30', '00000000-0000-4000-8000-0000000000e1'),
  -- k2's promise for anyone, marked missed: it counts for its author.
  ('00000000-0000-4000-8000-0000000000f2', null, 'anyone',
   '2025-03-10 15:00+05:30', 'missed', '2025-03-10 16:00+05:30', '00000000-0000-4000-8000-0000000000e2');

create temp table answers (name text primary key, a jsonb);
grant all on answers to authenticated;

-- One person's cell of one answer, by bucket start.
create function tests.cell(p_answer text, p_user uuid, p_bucket timestamptz)
returns jsonb
language sql
as $$
  select c - 'user_id' - 'bucket'
    from answers a, jsonb_array_elements(a.a -> 'cells') c
   where a.name = p_answer and (c ->> 'user_id')::uuid = p_user and (c ->> 'bucket')::timestamptz = p_bucket
$$;
-- The sum of one field over one person's cells (or everyone's, for null).
create function tests.total(p_answer text, p_user uuid, p_field text)
returns bigint
language sql
as $$
  select coalesce(sum((c ->> p_field)::bigint), 0)
    from answers a, jsonb_array_elements(a.a -> 'cells') c
   where a.name = p_answer and (p_user is null or (c ->> 'user_id')::uuid = p_user)
$$;
grant execute on all functions in schema tests to authenticated;

-- The answers, read as the manager once per shape.
select tests.act_as('manager');
insert into answers values
  ('hour', public.floor_kpis('2025-03-10 00:00+05:30', '2025-03-11 00:00+05:30', 'hour', 'Asia/Kolkata')),
  ('day', public.floor_kpis('2025-03-10 00:00+05:30', '2025-03-11 00:00+05:30', 'day', 'Asia/Kolkata')),
  ('dst', public.floor_kpis('2025-03-08 00:00-05:00', '2025-03-11 00:00-04:00', 'day', 'America/New_York'));

-- ---- Buckets ----
select is(jsonb_array_length((select a -> 'buckets' from answers where name = 'hour')), 24,
  'a day in hours has 24 buckets');
select is(((select a -> 'buckets' ->> 0 from answers where name = 'hour'))::timestamptz,
  '2025-03-10 00:00+05:30'::timestamptz, 'the first hour starts at local midnight');
select is((select a -> 'buckets' from answers where name = 'day'),
  jsonb_build_array('2025-03-10 00:00+05:30'::timestamptz), 'a day in days has one bucket, at local midnight');
select is((select array_agg(b::timestamptz order by b) from answers, jsonb_array_elements_text(a -> 'buckets') b
            where name = 'dst'),
  array['2025-03-08 00:00-05:00', '2025-03-09 00:00-05:00', '2025-03-10 00:00-04:00']::timestamptz[],
  'day buckets stay local midnights across a DST change (a 23-hour day)');

-- ---- Calls, contacts, conversions, talk time ----
select is(tests.cell('hour', '00000000-0000-4000-8000-0000000000e1', '2025-03-10 09:00+05:30'),
  '{"calls": 2, "contacts": 1, "conversions": 0, "talk_seconds": 320, "callbacks_kept": 0, "callbacks_missed": 0}'::jsonb,
  'k1 09:00: two calls, one contact, 320 s of talk');
select is(tests.cell('hour', '00000000-0000-4000-8000-0000000000e1', '2025-03-10 10:00+05:30'),
  '{"calls": 1, "contacts": 1, "conversions": 1, "talk_seconds": 600, "callbacks_kept": 0, "callbacks_missed": 0}'::jsonb,
  'k1 10:00: a sale is a contact and a conversion');
select is(tests.cell('hour', '00000000-0000-4000-8000-0000000000e2', '2025-03-10 11:00+05:30'),
  '{"calls": 1, "contacts": 1, "conversions": 0, "talk_seconds": 0, "callbacks_kept": 0, "callbacks_missed": 0}'::jsonb,
  'k2 11:00: a call without a timer adds no talk time');
select is(tests.cell('day', '00000000-0000-4000-8000-0000000000e1', '2025-03-10 00:00+05:30'),
  '{"calls": 3, "contacts": 2, "conversions": 1, "talk_seconds": 920, "callbacks_kept": 1, "callbacks_missed": 2}'::jsonb,
  'k1''s day: the call before midnight and the note do not count');
select is(tests.total('day', '00000000-0000-4000-8000-0000000000e2', 'contacts'), 2::bigint,
  'a callback promise and a declined sale are both contacts');
select is(tests.total('hour', null, 'calls'), 5::bigint, 'the floor made five calls that day');
select is(tests.total('day', null, 'talk_seconds'), tests.total('hour', null, 'talk_seconds'),
  'hours and days add up to the same talk time');

-- ---- Callbacks kept versus missed ----
select is(tests.cell('hour', '00000000-0000-4000-8000-0000000000e1', '2025-03-10 11:00+05:30') ->> 'callbacks_kept', '1',
  'a callback done within 15 minutes of its time is kept');
select is(tests.cell('hour', '00000000-0000-4000-8000-0000000000e1', '2025-03-10 12:00+05:30') ->> 'callbacks_missed', '1',
  'a callback done 30 minutes late is missed');
select is(tests.cell('hour', '00000000-0000-4000-8000-0000000000e1', '2025-03-10 13:00+05:30') ->> 'callbacks_missed', '1',
  'a callback still pending past its grace is missed');
select is(tests.cell('hour', '00000000-0000-4000-8000-0000000000e1', '2025-03-10 14:00+05:30'), null,
  'a cancelled callback is neither kept nor missed');
select is(tests.total('hour', '00000000-0000-4000-8000-0000000000e2', 'callbacks_missed'), 1::bigint,
  'a callback for anyone counts for its author');

-- ---- People ----
select ok((select a -> 'people' from answers where name = 'day')
            @> '[{"email": "tc1@talentg.test", "role": "telecaller"}, {"email": "k1@talentg.test", "full_name": "Kay One"}]',
  'every active telecaller is listed, with or without calls');
select ok(not ((select a -> 'people' from answers where name = 'day') @> '[{"email": "manager@talentg.test"}]'),
  'a manager who made no calls is not listed');

-- ---- Who may read ----
select tests.act_as('admin');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '1 day', now(), 'hour', 'UTC') $$), null,
  'an admin reads the floor''s KPIs');
select tests.act_as('tc1');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '1 day', now(), 'hour', 'UTC') $$), '42501',
  'a telecaller cannot read the floor''s KPIs');
select tests.act_as('user');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '1 day', now(), 'hour', 'UTC') $$), '42501',
  'a user cannot read the floor''s KPIs');
select tests.act_as('anon');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '1 day', now(), 'hour', 'UTC') $$), '42501',
  'anon cannot call floor_kpis');

-- ---- Bad arguments ----
select tests.act_as('manager');
select is(tests.refusal($$ select public.floor_kpis(now(), now() - interval '1 hour', 'hour', 'UTC') $$),
  'KPI_RANGE_INVALID', 'a period that ends before it starts is refused');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '93 days', now(), 'day', 'UTC') $$),
  'KPI_RANGE_INVALID', 'a period over 92 days is refused');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '8 days', now(), 'hour', 'UTC') $$),
  'KPI_RANGE_INVALID', 'hours over more than a week are refused');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '1 day', now(), 'week', 'UTC') $$),
  'KPI_RANGE_INVALID', 'an unknown bucket is refused');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '1 day', now(), 'hour', 'Mars/Olympus') $$),
  'INVALID_TIME_ZONE', 'an unknown time zone is refused');
select is(tests.refusal($$ select public.floor_kpis(now() - interval '1 day', now(), 'hour', 'IST') $$),
  'INVALID_TIME_ZONE', 'an ambiguous abbreviation is refused, as the floor board refuses it');

select * from finish();
rollback;
