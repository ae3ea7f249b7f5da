-- Lead import (migration lead_import_and_distribution): staged rows applied in one transaction with
-- duplicates, do-not-call and bad rows refused by line; a re-run changes nothing; a dry run writes
-- nothing; telecallers and anon cannot import. Seed: lead 4's number is on dnc_list, lead 9 has a phone.
begin;
\ir _support/helpers.psql
select plan(19);

create temp table ids (name text primary key, id uuid);
grant all on ids to authenticated;

-- ---- Telecallers and anon are refused before anything happens ----
select tests.act_as('tc1');
select throws_ok($$ select public.lead_import_begin('x.csv') $$, '42501', null,
  'a telecaller cannot start an import');
select tests.act_as('anon');
select throws_ok($$ select public.lead_import_begin('x.csv') $$, '42501', null,
  'anon cannot call the import at all');

-- ---- A manager stages a file and applies it ----
select tests.act_as('manager');
insert into ids values ('first', public.lead_import_begin('leads.csv'));
select is(
  public.lead_import_stage((select id from ids where name = 'first'), jsonb_build_array(
    jsonb_build_object('line', 2, 'name', 'Asha Rao', 'phone', '98765 00001', 'phone_e164', '+919876500001', 'email', 'asha@example.com'),
    jsonb_build_object('line', 3, 'name', 'Asha again', 'phone', '098765 00001', 'phone_e164', '+919876500001'),
    jsonb_build_object('line', 4, 'name', 'Listed', 'phone_e164', (select l.phone_e164 from public.leads l where l.id = tests.lead_id(4))),
    jsonb_build_object('line', 5, 'name', '', 'phone_e164', '+919876500002'),
    jsonb_build_object('line', 6, 'name', 'Bad zone', 'phone_e164', '+919876500003', 'time_zone', 'IST'),
    jsonb_build_object('line', 7, 'name', 'Seed nine', 'phone_e164', (select l.phone_e164 from public.leads l where l.id = tests.lead_id(9)), 'company', 'Filled in'),
    jsonb_build_object('line', 8, 'name', 'Ravi', 'phone_e164', '+919876500004', 'source', 'fair')
  )),
  7, 'a chunk stages every row');
select is(
  public.lead_import_stage((select id from ids where name = 'first'),
    jsonb_build_array(jsonb_build_object('line', 8, 'name', 'Ravi', 'phone_e164', '+919876500004'))),
  0, 'the same chunk sent again stages nothing twice');

select tests.act_as('postgres');
-- What the seed lead 9 looks like before: the merge may fill its company only if it has none.
update public.leads set company = null where id = tests.lead_id(9);
create temp table before_leads as select count(*) as n from public.leads;
create temp table before_audit as select count(*) as n from public.audit_log;
select tests.act_as('manager');

select is(
  public.lead_import_apply((select id from ids where name = 'first'), true) - 'refused' - 'written',
  '{"inserted": 2, "merged": 1, "unchanged": 0, "duplicate_in_file": 1, "dnc": 1, "invalid": 2, "dry_run": true}'::jsonb,
  'a dry run counts every outcome');
select tests.act_as('postgres');
select is((select count(*) from public.leads), (select n from before_leads),
  'a dry run inserts no lead');
select tests.act_as('manager');
select throws_ok(
  $$ select public.lead_import_apply((select id from ids where name = 'first')) $$,
  'P0001', null, 'a dry-run import is closed: it cannot be applied afterwards');

-- The real import: the same rows under a new id.
insert into ids values ('second', public.lead_import_begin('leads.csv'));
select public.lead_import_stage((select id from ids where name = 'second'), jsonb_build_array(
    jsonb_build_object('line', 2, 'name', 'Asha Rao', 'phone', '98765 00001', 'phone_e164', '+919876500001', 'email', 'asha@example.com'),
    jsonb_build_object('line', 3, 'name', 'Asha again', 'phone', '098765 00001', 'phone_e164', '+919876500001'),
    jsonb_build_object('line', 4, 'name', 'Listed', 'phone_e164', (select l.phone_e164 from public.leads l where l.id = tests.lead_id(4))),
    jsonb_build_object('line', 5, 'name', '', 'phone_e164', '+919876500002'),
    jsonb_build_object('line', 6, 'name', 'Bad zone', 'phone_e164', '+919876500003', 'time_zone', 'IST'),
    jsonb_build_object('line', 7, 'name', 'Seed nine', 'phone_e164', (select l.phone_e164 from public.leads l where l.id = tests.lead_id(9)), 'company', 'Filled in'),
    jsonb_build_object('line', 8, 'name', 'Ravi', 'phone_e164', '+919876500004', 'source', 'fair')
  ));
create temp table report as
  select public.lead_import_apply((select id from ids where name = 'second')) as r;
grant all on report to authenticated;
select is(
  (select r - 'refused' - 'written' from report),
  '{"inserted": 2, "merged": 1, "unchanged": 0, "duplicate_in_file": 1, "dnc": 1, "invalid": 2, "dry_run": false}'::jsonb,
  'the import applies with the same counts');
select is(
  (select r -> 'refused' from report),
  '[{"line": 3, "kind": "duplicate_in_file", "reason": "the same phone as line 2"},
    {"line": 4, "kind": "dnc", "reason": "the number is on the do-not-call list"},
    {"line": 5, "kind": "invalid", "reason": "the name is missing or longer than 200 characters"},
    {"line": 6, "kind": "invalid", "reason": "the time zone is not an IANA zone name (e.g. Asia/Kolkata)"}]'::jsonb,
  'every refused line is reported with its number and reason');
select is(
  public.lead_import_apply((select id from ids where name = 'second')),
  (select r from report),
  'applying again (a lost answer) returns the same report and changes nothing');

select tests.act_as('postgres');
select is((select count(*) from public.leads), (select n from before_leads) + 2, 'two leads were inserted');
select results_eq(
  $$ select name, email, source, created_by, assigned_to from public.leads
      where phone_e164 in ('+919876500001', '+919876500004') order by phone_e164 $$,
  $$ values ('Asha Rao', 'asha@example.com', null::text, tests.user_id('manager'), null::uuid),
            ('Ravi', null, 'fair', tests.user_id('manager'), null::uuid) $$,
  'new leads carry the first line''s fields, the importer, and no holder');
select is((select company from public.leads where id = tests.lead_id(9)), 'Filled in',
  'the existing lead with the same phone got the field it lacked');
select is((select count(*) from public.leads where phone_e164 = '+919876500001'), 1::bigint,
  'a phone imported twice is one lead');
select is((select count(*) from sync.change_log c
             join public.leads l on l.id = c.entity_id
            where l.phone_e164 in ('+919876500001', '+919876500004') and c.kind = 'upsert'), 2::bigint,
  'the new leads reach the sync change log');

-- ---- The same file again changes nothing ----
create temp table before_rerun as
  select array_agg(l.version order by l.id) as versions, count(*) as n from public.leads l;
select tests.act_as('manager');
insert into ids values ('third', public.lead_import_begin('leads.csv'));
select public.lead_import_stage((select id from ids where name = 'third'), jsonb_build_array(
    jsonb_build_object('line', 2, 'name', 'Asha Rao', 'phone', '98765 00001', 'phone_e164', '+919876500001', 'email', 'asha@example.com'),
    jsonb_build_object('line', 7, 'name', 'Seed nine', 'phone_e164', (select l.phone_e164 from public.leads l where l.id = tests.lead_id(9)), 'company', 'Filled in'),
    jsonb_build_object('line', 8, 'name', 'Ravi', 'phone_e164', '+919876500004', 'source', 'fair')
  ));
select is(
  public.lead_import_apply((select id from ids where name = 'third')) - 'refused' - 'written',
  '{"inserted": 0, "merged": 0, "unchanged": 3, "duplicate_in_file": 0, "dnc": 0, "invalid": 0, "dry_run": false}'::jsonb,
  'a re-run finds every lead unchanged');
select tests.act_as('postgres');
select is(
  (select array_agg(l.version order by l.id) from public.leads l), (select versions from before_rerun),
  'a re-run touches no lead');

-- ---- Someone else's import, and the staging tables, are out of reach ----
select tests.act_as('admin');
select throws_ok(
  $$ select public.lead_import_stage((select id from ids where name = 'third'), '[]'::jsonb) $$,
  'P0001', 'There is no such import of yours.', 'nobody stages into another person''s import');
select tests.act_as('manager');
select throws_ok($$ select count(*) from private.lead_import_rows $$, '42501', null,
  'the staging rows are not readable by a request');

select * from finish();
rollback;
