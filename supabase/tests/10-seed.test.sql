-- The demo floor the app, the docs (DESIGN.md section 7) and the other suites rely on.
begin;
\ir _support/helpers.psql
select plan(25);

select results_eq(
  $$ select u.email::text, p.role, u.aud::text, u.role::text, u.email_confirmed_at is not null,
            u.raw_app_meta_data ->> 'provider', u.raw_app_meta_data ->> 'role'
       from auth.users u join profiles p on p.id = u.id
      where u.email like '%@talentg.test' order by u.id $$,
  $$ values ('admin@talentg.test', 'admin', 'authenticated', 'authenticated', true, 'email', 'admin'),
            ('manager@talentg.test', 'manager', 'authenticated', 'authenticated', true, 'email', 'manager'),
            ('tc1@talentg.test', 'telecaller', 'authenticated', 'authenticated', true, 'email', 'telecaller'),
            ('tc2@talentg.test', 'telecaller', 'authenticated', 'authenticated', true, 'email', 'telecaller'),
            ('user@talentg.test', 'user', 'authenticated', 'authenticated', true, 'email', 'user') $$,
  'the five demo users exist, confirmed, with their roles in app metadata and profiles');
select is((select count(*) from auth.users where email like '%@talentg.test'
             and encrypted_password = extensions.crypt('talentg-demo', encrypted_password)
             and encrypted_password like '$2%'), 5::bigint,
  'every demo user''s password is talentg-demo, bcrypt-hashed');
select is((select count(*) from auth.users where email like '%@talentg.test'
             and (confirmation_token is null or recovery_token is null or email_change_token_new is null or email_change is null)), 0::bigint,
  'the token columns GoTrue scans as strings are not null');
select is((select count(*) from auth.identities i join auth.users u on u.id = i.user_id
            where u.email like '%@talentg.test' and i.provider = 'email' and i.provider_id = u.id::text
              and i.identity_data ->> 'email' = u.email and i.identity_data ->> 'sub' = u.id::text), 5::bigint,
  'every demo user has a matching email identity');

select is((select count(*) from leads), 500::bigint, '500 leads');
select results_eq(
  $$ select coalesce(p.email, 'pool'), count(*) from leads l left join profiles p on p.id = l.assigned_to group by 1 order by 1 $$,
  $$ values ('pool', 100::bigint), ('tc1@talentg.test', 200::bigint), ('tc2@talentg.test', 200::bigint) $$,
  'leads are spread over both telecallers and the unassigned pool');
select ok((select count(distinct time_zone) >= 6 and count(*) filter (where time_zone is null) = 0 from leads),
  'every lead has a time zone; several zones are represented');
select ok((select count(*) filter (where country = 'IN') between 300 and 400 and count(distinct country) >= 5 from leads),
  'mostly Indian leads with international ones');
select is((select count(*) from leads where phone is null or phone = phone_e164), 0::bigint,
  'every lead keeps the raw phone_e164 as typed, differing from E.164');
select is((select count(distinct status) from leads), 5::bigint, 'every status occurs');
select ok((select count(*) from leads where email is null) between 1 and 100, 'some leads have no email, most do');

select ok((select count(*) from interactions where type = 'call') >= 500, 'there is call history');
select is((select array_agg(code order by code) from dispositions d where not exists (select 1 from interactions i where i.disposition = d.code)),
  null::text[], 'every disposition code occurs in the history');
select is((select count(*) from leads l where l.attempts <> (select count(*) from interactions i where i.lead_id = l.id and i.type = 'call')),
  0::bigint, 'attempts match the calls logged');
select ok((select count(*) from leads where recycle_at is not null) > 0, 'leads last left unanswered carry a recycle time');
select ok((select count(*) from interactions where created_at - occurred_at > interval '1 hour') > 0,
  'some history was logged offline and reached the server later');

select ok((select count(*) from callbacks where state = 'pending' and due_at < now()) > 0, 'there are overdue callbacks');
select ok((select count(*) from callbacks where state = 'pending' and due_at >= now() and due_at < now() + interval '1 day') > 0, 'there are callbacks due today');
select is((select count(distinct state) from callbacks), 4::bigint, 'callbacks in every state');
select ok((select count(*) from callbacks where scope = 'anyone') > 0 and (select count(*) from callbacks where scope = 'personal') > 0,
  'personal and anyone callbacks');

select ok((select count(*) from dnc_list) between 3 and 12, 'a few do-not-call entries');
select is((select count(*) from leads l where l.do_not_call <> exists (select 1 from dnc_list d where d.phone_e164 = l.phone_e164)), 0::bigint,
  'do_not_call flags match the list');

select results_eq(
  $$ select a.title, p.email::text, aa.status from assessment_assignments aa
       join assessments a on a.id = aa.assessment_id join profiles p on p.id = aa.user_id order by 1, 2 $$,
  $$ values ('Customer Communication Skills', 'tc1@talentg.test', 'assigned'),
            ('Customer Communication Skills', 'user@talentg.test', 'assigned'),
            ('Telecaller Readiness Check', 'tc1@talentg.test', 'assigned'),
            ('Telecaller Readiness Check', 'user@talentg.test', 'completed') $$,
  'both assessments are assigned to user@ and tc1@; user@ has completed one');
select is((select count(*) from assessments where jsonb_array_length(questions) >= 4
             and jsonb_array_length(scoring_rules -> 'sections') >= 2 and scoring_rules ? 'pass_mark'), 2::bigint,
  'both assessments have questions, weighted sections and a pass mark');
select is((select count(*) from releases where channel = 'stable' and published_at <= now() and staged_percentage = 100), 1::bigint,
  'a published stable release');

select * from finish();
rollback;
