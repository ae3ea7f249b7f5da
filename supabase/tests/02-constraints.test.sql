-- Bad rows are refused by the database with the constraint's name in the error, and foreign keys
-- delete the way their comments say. Runs as postgres (no RLS) so only constraints decide.
begin;
\ir _support/helpers.psql
select plan(61);

-- leads
select throws_ok($$ insert into leads (name, phone_e164) values ('Asha Rao', '98765 43210') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_phone_e164_check"',
  'a phone_e164 that is not E.164 is refused');
select throws_ok($$ insert into leads (name, phone_e164) values ('Asha Rao', '+0123456789') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_phone_e164_check"',
  'E.164 has no leading zero country code');
select throws_ok($$ insert into leads (name, phone_e164) values ('Asha Rao', '+91123') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_phone_e164_check"',
  'too short for E.164');
select throws_ok($$ insert into leads (name, phone_e164) values ('Asha Rao', null) $$,
  '23502', 'null value in column "phone_e164" of relation "leads" violates not-null constraint',
  'a lead needs a dialable number');
select is(tests.run($$ insert into leads (name, phone) values ('Old Client', '+91 90000-00009') $$), '1',
  'a client of the original design may send only phone, when it is international');
select is((select (phone, phone_e164) from leads where name = 'Old Client'), ('+91 90000-00009'::text, '+919000000009'::text),
  'phone keeps what was typed and phone_e164 is derived from it');
select throws_ok($$ insert into leads (name, phone) values ('Old Client', '090000 00008') $$,
  '23502', 'null value in column "phone_e164" of relation "leads" violates not-null constraint',
  'a national number without phone_e164 is refused (the client normalises it)');
select throws_ok($$ insert into leads (name, phone_e164) values ('  ', '+919000000001') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_name_check"',
  'a blank name is refused');
select throws_ok($$ insert into leads (name, phone_e164, status) values ('Asha Rao', '+919000000001', 'pending') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_status_check"',
  'status outside new/contacted/qualified/converted/lost is refused');
select throws_ok($$ insert into leads (name, phone_e164, email) values ('Asha Rao', '+919000000001', 'asha at example') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_email_check"',
  'a malformed email is refused');
select throws_ok($$ insert into leads (name, phone_e164, time_zone) values ('Asha Rao', '+919000000001', 'IST') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_time_zone_check"',
  'a zone abbreviation is not an IANA name');
select throws_ok($$ insert into leads (name, phone_e164, time_zone) values ('Asha Rao', '+919000000001', 'Mars/Olympus_Mons') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_time_zone_check"',
  'an unknown zone is refused');
select lives_ok($$ insert into leads (name, phone_e164, time_zone) values ('Asha Rao', '+919000000001', 'America/Argentina/Buenos_Aires') $$,
  'a three-part IANA zone is accepted');
select throws_ok($$ insert into leads (name, phone_e164, priority) values ('Ravi Rao', '+919000000002', 10) $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_priority_check"',
  'priority above 9 is refused');
select throws_ok($$ insert into leads (name, phone_e164, attempts) values ('Ravi Rao', '+919000000002', -1) $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_attempts_check"',
  'negative attempts are refused');
select throws_ok($$ insert into leads (name, phone_e164, consent) values ('Ravi Rao', '+919000000002', 'maybe') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_consent_check"',
  'consent outside unknown/granted/withdrawn is refused');
select throws_ok($$ insert into leads (name, phone_e164, country) values ('Ravi Rao', '+919000000002', 'India') $$,
  '23514', 'new row for relation "leads" violates check constraint "leads_country_check"',
  'country must be ISO 3166 alpha-2');
select throws_ok($$ insert into leads (name, phone_e164) values ('Asha Twin', '+919000000001') $$,
  '23505', 'duplicate key value violates unique constraint "leads_phone_e164_key"',
  'a second lead with the same phone_e164 is refused (import dedup)');
select throws_ok(format($$ update leads set assigned_to = %L where id = %L $$, tests.user_id('user'), tests.lead_id(9)),
  '23514', 'leads can be assigned only to active telecallers, managers or admins',
  'a lead cannot go to an assessment-only user');
select is(tests.violated_constraint(format($$ update leads set assigned_to = %L where id = %L $$, tests.user_id('user'), tests.lead_id(9))),
  'leads_assignee_role_check', 'the assignee refusal names leads_assignee_role_check');

-- leads: updated_at and version move on every update
select is((select (updated_at < now(), version) from leads where id = tests.lead_id(9)), (true, 1::bigint),
  'a seeded lead starts at version 1 with an older updated_at');
update leads set company = 'Renamed Pvt Ltd' where id = tests.lead_id(9);
select is((select (updated_at = now(), version) from leads where id = tests.lead_id(9)), (true, 2::bigint),
  'an update stamps updated_at and bumps version');

-- profiles
select throws_ok(format($$ update profiles set role = 'superuser' where id = %L $$, tests.user_id('tc2')),
  '23514', 'new row for relation "profiles" violates check constraint "profiles_role_check"',
  'roles are admin, manager, telecaller or user');

-- interactions
select throws_ok(format($$ insert into interactions (lead_id, type, disposition, duration_seconds, created_by) values (%L, 'call', 'NA', -5, %L) $$, tests.lead_id(5), tests.user_id('tc1')),
  '23514', 'new row for relation "interactions" violates check constraint "interactions_duration_check"',
  'a negative duration is refused');
select throws_ok(format($$ insert into interactions (lead_id, type, disposition, duration_seconds) values (%L, 'call', 'NA', 90000) $$, tests.lead_id(5)),
  '23514', 'new row for relation "interactions" violates check constraint "interactions_duration_check"',
  'a call longer than a day is refused');
select throws_ok(format($$ insert into interactions (lead_id, type) values (%L, 'sms') $$, tests.lead_id(5)),
  '23514', 'new row for relation "interactions" violates check constraint "interactions_type_check"',
  'type outside call/email/meeting/note is refused');
select throws_ok(format($$ insert into interactions (lead_id, type) values (%L, 'call') $$, tests.lead_id(5)),
  '23514', 'new row for relation "interactions" violates check constraint "interactions_call_disposition_check"',
  'a call needs a disposition');
select throws_ok(format($$ insert into interactions (lead_id, type, disposition) values (%L, 'call', 'XYZ') $$, tests.lead_id(5)),
  '23503', 'insert or update on table "interactions" violates foreign key constraint "interactions_disposition_fkey"',
  'a disposition must be in the catalogue');
select throws_ok($$ insert into interactions (lead_id, type) values (null, 'note') $$,
  '23502', 'null value in column "lead_id" of relation "interactions" violates not-null constraint',
  'an interaction needs a lead');
select throws_ok($$ insert into interactions (lead_id, type) values ('00000000-0000-4000-8000-00000000dead', 'note') $$,
  '23503', 'insert or update on table "interactions" violates foreign key constraint "interactions_lead_id_fkey"',
  'an interaction needs an existing lead');

-- dispositions
select throws_ok($$ insert into dispositions (code, label) values ('no answer', 'No answer') $$,
  '23514', 'new row for relation "dispositions" violates check constraint "dispositions_code_check"',
  'codes are short upper-case tokens');
select throws_ok($$ insert into dispositions (code, label, sale, final) values ('XSALE', 'Sale without contact', true, true) $$,
  '23514', 'new row for relation "dispositions" violates check constraint "dispositions_flags_check"',
  'a sale implies human contact');
select throws_ok($$ insert into dispositions (code, label, final, recycle_after_minutes) values ('XFIN', 'Final but recycled', true, 60) $$,
  '23514', 'new row for relation "dispositions" violates check constraint "dispositions_flags_check"',
  'a final outcome does not recycle');
select throws_ok($$ insert into dispositions (code, label, recycle_after_minutes) values ('XNEG', 'Negative', 0) $$,
  '23514', 'new row for relation "dispositions" violates check constraint "dispositions_recycle_after_minutes_check"',
  'a recycle delay is positive');

-- callbacks
select throws_ok(format($$ insert into callbacks (lead_id, due_at, state) values (%L, now(), 'later') $$, tests.lead_id(5)),
  '23514', 'new row for relation "callbacks" violates check constraint "callbacks_state_check"',
  'state outside pending/done/cancelled/missed is refused');
select throws_ok(format($$ insert into callbacks (lead_id, due_at, scope) values (%L, now(), 'team') $$, tests.lead_id(5)),
  '23514', 'new row for relation "callbacks" violates check constraint "callbacks_scope_check"',
  'scope outside personal/anyone is refused');
select throws_ok(format($$ insert into callbacks (lead_id) values (%L) $$, tests.lead_id(5)),
  '23502', 'null value in column "due_at" of relation "callbacks" violates not-null constraint',
  'a callback needs a due time');

-- dnc_list
select throws_ok($$ insert into dnc_list (phone_e164) values ('9800000001') $$,
  '23514', 'new row for relation "dnc_list" violates check constraint "dnc_list_phone_e164_check"',
  'DNC numbers are E.164');
select throws_ok($$ insert into dnc_list (phone_e164) values ('+919800000001') $$,
  '23505', 'duplicate key value violates unique constraint "dnc_list_phone_e164_key"',
  'a number is listed once');

-- assessments
select throws_ok($$ insert into assessments (title, questions) values ('Quiz', '{}') $$,
  '23514', 'new row for relation "assessments" violates check constraint "assessments_questions_check"',
  'questions are a JSON array');
select throws_ok($$ insert into assessments (title, scoring_rules) values ('Quiz', '{"pass_mark": 150}') $$,
  '23514', 'new row for relation "assessments" violates check constraint "assessments_pass_mark_check"',
  'the pass mark is a percentage');
select throws_ok(format($$ insert into assessment_assignments (assessment_id, user_id) values (%L, %L) $$, '00000000-0000-4000-8000-00000000a001', tests.user_id('user')),
  '23505', 'duplicate key value violates unique constraint "assessment_assignments_assessment_user_key"',
  'an assessment is assigned to a person once');
select throws_ok(format($$ insert into assessment_responses (assessment_id, user_id, status) values (%L, %L, 'graded') $$, '00000000-0000-4000-8000-00000000a001', tests.user_id('user')),
  '23514', 'new row for relation "assessment_responses" violates check constraint "assessment_responses_status_check"',
  'response status is in_progress or submitted');

-- releases
create function tests.release_insert(p_set text)
returns text
language sql
as $$
  select 'insert into releases (version, channel, platform, file_name, url, sha512, size_bytes, staged_percentage) '
      || 'select version, channel, platform, file_name, url, sha512, size_bytes, staged_percentage from (select '
      || '''9.9.9''::text as version, ''stable''::text as channel, ''linux''::text as platform, ''talentg.AppImage''::text as file_name, '
      || '''https://downloads.talentg.test/talentg.AppImage''::text as url, repeat(''a'', 128) as sha512, 1000::bigint as size_bytes, '
      || '100::smallint as staged_percentage) r ' || p_set
$$;
select lives_ok(tests.release_insert(''), 'a well-formed release is accepted');
select throws_ok(replace(tests.release_insert(''), '100::smallint', '101::smallint'),
  '23514', 'new row for relation "releases" violates check constraint "releases_staged_percentage_check"',
  'staged percentage above 100 is refused');
select throws_ok(replace(tests.release_insert(''), 'repeat(''a'', 128)', '''abc'''),
  '23514', 'new row for relation "releases" violates check constraint "releases_sha512_check"',
  'a sha512 that is neither base64 nor hex of 64 bytes is refused');
select throws_ok(replace(tests.release_insert(''), '''9.9.9''', '''v1'''),
  '23514', 'new row for relation "releases" violates check constraint "releases_version_check"',
  'versions are semver');
select throws_ok(replace(tests.release_insert(''), '''stable''', '''nightly'''),
  '23514', 'new row for relation "releases" violates check constraint "releases_channel_check"',
  'channels are stable, beta, alpha');
select throws_ok(replace(tests.release_insert(''), '''linux''', '''beos'''),
  '23514', 'new row for relation "releases" violates check constraint "releases_platform_check"',
  'platforms are win32, darwin, linux');
select throws_ok(replace(tests.release_insert(''), '1000::bigint', '0::bigint'),
  '23514', 'new row for relation "releases" violates check constraint "releases_size_check"',
  'an installer has a size');
select throws_ok(tests.release_insert(''),
  '23505', 'duplicate key value violates unique constraint "releases_version_channel_platform_key"',
  'one release per version, channel, platform and arch');

-- audit_log
select throws_ok(format($$ insert into audit_log (actor_role, action, entity, entity_id) values ('system', 'lead_deleted', 'leads', %L) $$, tests.lead_id(5)),
  '23514', 'new row for relation "audit_log" violates check constraint "audit_log_action_check"',
  'audit actions are the ones the triggers write');

-- Deliberate on-delete behaviour.
select is(tests.run($$ delete from dispositions where code = 'NA' $$), '23503',
  'a disposition used by history cannot be deleted (on delete restrict)');
select is(tests.run($$ delete from assessments where id = '00000000-0000-4000-8000-00000000a001' $$), '23503',
  'an assessment with results cannot be deleted (on delete restrict)');

select is(tests.run(format($$ delete from leads where id = %L $$, tests.lead_id(5))), '1', 'a lead can be erased');
select is((select count(*) from interactions where lead_id = tests.lead_id(5))
        + (select count(*) from callbacks where lead_id = tests.lead_id(5))
        + (select count(*) from lead_assignments where lead_id = tests.lead_id(5)), 0::bigint,
  'erasing a lead erases its interactions, callbacks and assignment history (on delete cascade)');
select is((select lead_id from assessment_responses where id = '00000000-0000-4000-8000-00000000b002'), null::uuid,
  'an assessment result run with an erased lead stays, without the lead (on delete set null)');

create table tests.tc2_leads as select id from leads where assigned_to = tests.user_id('tc2');
select is(tests.run(format($$ delete from auth.users where id = %L $$, tests.user_id('tc2'))), '1', 'an auth user can be deleted');
select is((select count(*) from profiles where id = tests.user_id('tc2')), 0::bigint,
  'the profile goes with the auth user (on delete cascade)');
select is((select count(*) from leads where assigned_to is null and id in (select id from tests.tc2_leads)), 200::bigint,
  'a deleted telecaller''s leads return to the unassigned pool (on delete set null)');
select ok((select count(*) from interactions where created_by is null) > 0
      and (select count(*) from audit_log where entity_id = tests.user_id('tc2')) = 1,
  'their call history and the audit log stay (set null / no foreign key)');

select * from finish();
rollback;
