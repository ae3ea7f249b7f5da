-- WordPress lead intake (migration wordpress_intake): only the service role takes leads in and counts
-- rate limits; a submission id has one effect; a known number merges; a listed number is kept, flagged
-- and given to nobody; a new lead goes to the active telecaller with the fewest open leads; managers and
-- admins read the submissions, telecallers do not. Seed: lead 9 is unassigned, lead 100 is on dnc_list.
begin;
\ir _support/helpers.psql
select plan(30);

-- ---- Tables: row-level security, one read policy, no writes for request roles ----
select ok((select relrowsecurity from pg_class where oid = 'public.wordpress_submissions'::regclass),
  'wordpress_submissions has row-level security');
select ok((select relrowsecurity from pg_class where oid = 'private.edge_rate_limits'::regclass),
  'edge_rate_limits has row-level security');
select policies_are('public', 'wordpress_submissions', array['wordpress_submissions_select'],
  'wordpress_submissions has only its read policy');
select ok(not has_table_privilege('authenticated', 'public.wordpress_submissions', 'insert, update, delete'),
  'signed-in people cannot write submissions');
select ok(not has_table_privilege('anon', 'public.wordpress_submissions', 'select'),
  'anon cannot read submissions');
select ok(not has_table_privilege('authenticated', 'private.edge_rate_limits', 'select, insert, update, delete'),
  'signed-in people cannot touch the rate-limit counts');

-- ---- Functions: service role only, checked again inside ----
select ok(not has_function_privilege('anon',
  'public.wordpress_lead_intake(text, text, text, text, text, text, text, text, text, integer, integer)', 'execute'),
  'anon cannot execute wordpress_lead_intake');
select ok(not has_function_privilege('authenticated',
  'public.wordpress_lead_intake(text, text, text, text, text, text, text, text, text, integer, integer)', 'execute'),
  'signed-in people cannot execute wordpress_lead_intake');
select ok(has_function_privilege('service_role',
  'public.wordpress_lead_intake(text, text, text, text, text, text, text, text, text, integer, integer)', 'execute'),
  'the service role executes wordpress_lead_intake');
select ok(not has_function_privilege('authenticated', 'public.edge_rate_limit_hit(text, integer, integer)', 'execute')
  and not has_function_privilege('anon', 'public.edge_rate_limit_hit(text, integer, integer)', 'execute'),
  'request roles cannot execute edge_rate_limit_hit');
select tests.act_as('manager');
select throws_ok($$ select public.wordpress_lead_intake('wp-x', 'Someone', '+919811100000') $$, '42501', null,
  'a manager cannot call the intake');

-- ---- A new lead: inserted once, assigned to the telecaller with the fewest open leads ----
select tests.act_as('postgres');
create temp table open_before as
  select p.id, (select count(*) from public.leads l
                 where l.assigned_to = p.id and not l.do_not_call
                   and l.status in ('new', 'contacted', 'qualified')) as open_leads
    from public.profiles p where p.role = 'telecaller' and p.is_active;
grant all on open_before to service_role;
create temp table answers (name text primary key, answer jsonb);
grant all on answers to service_role;
select tests.act_as('service_role');
insert into answers values ('new', public.wordpress_lead_intake(
  'wp-1', 'Meera Nair', '+919811100001', '98111 00001', 'meera@example.com', 'Acme', 'website', 'IN'));
select is((select answer ->> 'outcome' from answers where name = 'new'), 'inserted', 'a new number makes a lead');
select is((select o.open_leads from open_before o, answers a
             where a.name = 'new' and o.id = (a.answer ->> 'assigned_to')::uuid),
  (select min(open_leads) from open_before), 'the new lead goes to an active telecaller with the fewest open leads');
select is((select assigned_to::text from public.leads where phone_e164 = '+919811100001'),
  (select answer ->> 'assigned_to' from answers where name = 'new'), 'the lead row holds that assignment');
select ok((select count(*) = 2 from open_before), 'the seed''s floor has two active telecallers');

insert into answers values ('replay', public.wordpress_lead_intake(
  'wp-1', 'Meera Nair', '+919811100001', '98111 00001', 'meera@example.com', 'Acme', 'website', 'IN'));
select is((select answer - 'replayed' from answers where name = 'replay'),
  (select answer - 'replayed' from answers where name = 'new'), 'a replayed submission answers as the first');
select ok((select (answer ->> 'replayed')::boolean from answers where name = 'replay'), 'and says it was a replay');
select is((select count(*)::integer from public.leads where phone_e164 = '+919811100001'), 1,
  'a replay makes no second lead');

-- Round-robin: with equally few open leads, the telecallers take turns.
select tests.act_as('postgres');
update public.leads set assigned_to = null where assigned_to in (select id from open_before);
select is((select count(distinct private.next_intake_telecaller())::integer from generate_series(1, 2)), 2,
  'two telecallers with equally few open leads get one lead each');
select tests.act_as('service_role');

-- ---- A known number merges: fills what the lead lacks, keeps what it has ----
insert into answers values ('merge', public.wordpress_lead_intake(
  'wp-3', 'Another Name', (select phone_e164 from public.leads where id = tests.lead_id(9)),
  null, null, 'Filled by the form'));
select is((select answer ->> 'lead_id' from answers where name = 'merge'), tests.lead_id(9)::text,
  'a submission with a known number merges into that lead');
select isnt((select name from public.leads where id = tests.lead_id(9)), 'Another Name',
  'merging keeps the lead''s name');
select ok((select company is not null and company <> 'Filled by the form' from public.leads where id = tests.lead_id(9)),
  'and keeps the company it had over the form''s');

-- ---- A listed number: kept, flagged, given to nobody ----
select tests.act_as('postgres');
insert into public.dnc_list (phone_e164, reason) values ('+919811100003', 'asked not to be called');
select tests.act_as('service_role');
insert into answers values ('dnc', public.wordpress_lead_intake('wp-4', 'Listed Person', '+919811100003'));
select is((select answer ->> 'outcome' from answers where name = 'dnc'), 'inserted', 'a listed number is kept');
select ok((select do_not_call and assigned_to is null from public.leads where phone_e164 = '+919811100003'),
  'flagged do-not-call and given to nobody');

-- ---- Who reads the submissions ----
select tests.act_as('manager');
select is((select count(*)::integer from public.wordpress_submissions where submission_id like 'wp-%'), 3,
  'a manager reads every submission');
select tests.act_as('tc1');
select is((select count(*)::integer from public.wordpress_submissions), 0, 'a telecaller reads none');

-- ---- The rate limiter: a fixed window per bucket ----
select tests.act_as('service_role');
select is(
  (select jsonb_agg(public.edge_rate_limit_hit('test:address:192.0.2.1', 2, 60) - 'retry_after' order by n)
     from generate_series(1, 3) n),
  '[{"allowed": true, "remaining": 1}, {"allowed": true, "remaining": 0}, {"allowed": false, "remaining": 0}]'::jsonb,
  'the limit lets through its count and refuses the next');
select ok((select (public.edge_rate_limit_hit('test:address:192.0.2.1', 2, 60) ->> 'retry_after')::integer between 1 and 60),
  'a refusal says how many seconds until the window ends');
select is((public.wordpress_lead_intake('wp-5', 'Limited', '+919811100005',
           p_rate_bucket => 'test:address:192.0.2.1', p_rate_limit => 2, p_rate_window_seconds => 60)) ->> 'allowed',
  'false', 'the intake counts its caller''s limit and, over it, does nothing');
select is((select count(*)::integer from public.wordpress_submissions where submission_id = 'wp-5'), 0,
  'a limited intake claims no submission id');

select * from finish();
rollback;
