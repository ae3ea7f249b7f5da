-- Dispositions (admin-maintained catalogue), the do-not-call list and releases (public feed).
begin;
\ir _support/helpers.psql
select plan(64);

-- dispositions: the catalogue and its meaning flags
select results_eq(
  $$ select code, human_contact, sale, dnc, callback, final, qualifies, recycle_after_minutes from dispositions
      where code in ('NA', 'B', 'CB', 'INT', 'NI', 'DNC', 'SALE', 'A', 'DC', 'WN', 'DEC') order by code $$,
  $$ values ('A', false, false, false, false, false, false, 240), ('B', false, false, false, false, false, false, 15),
            ('CB', true, false, false, true, false, false, null), ('DC', false, false, false, false, true, false, null),
            ('DEC', true, false, false, false, true, false, null), ('DNC', true, false, true, false, true, false, null),
            ('INT', true, false, false, false, false, true, 1440), ('NA', false, false, false, false, false, false, 120),
            ('NI', true, false, false, false, true, false, null), ('SALE', true, true, false, false, true, false, null),
            ('WN', false, false, false, false, true, false, null) $$,
  'the VICIdial-style codes ship with the meaning flags src/domain/dispositions.ts uses');

select tests.act_as('anon');
select is(tests.run($$ select * from dispositions $$), '42501', 'anon cannot read dispositions');
select is(tests.run($$ insert into dispositions (code, label) values ('ANON', 'x') $$), '42501', 'anon cannot insert dispositions');
select is(tests.run($$ update dispositions set label = 'x' $$), '42501', 'anon cannot update dispositions');
select is(tests.run($$ delete from dispositions $$), '42501', 'anon cannot delete dispositions');
select tests.act_as('user');
select is(tests.run($$ select * from dispositions $$), '11', 'a user reads the catalogue');
select is(tests.run($$ insert into dispositions (code, label) values ('USR', 'x') $$), '42501', 'a user cannot add codes');
select tests.act_as('tc1');
select is(tests.run($$ select * from dispositions $$), '11', 'a telecaller reads the catalogue');
select is(tests.run($$ insert into dispositions (code, label) values ('TC', 'x') $$), '42501', 'a telecaller cannot add codes');
select is(tests.run($$ update dispositions set final = false where code = 'DNC' $$), '0', 'a telecaller cannot change a code''s meaning');
select is(tests.run($$ delete from dispositions where code = 'NI' $$), '0', 'a telecaller cannot delete codes');
select tests.act_as('manager');
select is(tests.run($$ select * from dispositions $$), '11', 'a manager reads the catalogue');
select is(tests.run($$ insert into dispositions (code, label) values ('MGR', 'x') $$), '42501', 'a manager cannot add codes');
select is(tests.run($$ update dispositions set label = 'Nope' where code = 'NA' $$), '0', 'a manager cannot edit codes');
select is(tests.run($$ delete from dispositions where code = 'NI' $$), '0', 'a manager cannot delete codes');
select tests.act_as('admin');
select is(tests.run($$ insert into dispositions (code, label, human_contact, final, hotkey) values ('LB', 'Language barrier', true, true, 'L') $$), '1', 'an admin adds a code');
select is(tests.run($$ update dispositions set label = 'No answer (rang out)' where code = 'NA' $$), '1', 'an admin edits a code');
select is(tests.run($$ delete from dispositions where code = 'LB' $$), '1', 'an admin deletes an unused code');
select is(tests.run($$ delete from dispositions where code = 'NA' $$), '23503', 'an admin cannot delete a code history uses');
select tests.act_as('service_role');
select is(tests.run($$ select * from dispositions $$), '11', 'the service role reads the catalogue');
select is(tests.run($$ update dispositions set is_active = false where code = 'DC' $$), '1', 'the service role retires a code');

-- dnc_list
select tests.act_as('postgres');
create table tests.dnc as select (select count(*) from dnc_list) as total,
                                 (select phone_e164 from leads where id = tests.lead_id(15)) as tc1_phone,
                                 (select phone_e164 from leads where id = tests.lead_id(100)) as listed_phone;
grant select on tests.dnc to anon, authenticated, service_role;

select tests.act_as('anon');
select is(tests.run($$ select * from dnc_list $$), '42501', 'anon cannot read the DNC list');
select is(tests.run($$ insert into dnc_list (phone_e164) values ('+919000000201') $$), '42501', 'anon cannot add to the DNC list');
select is(tests.run($$ update dnc_list set reason = 'x' $$), '42501', 'anon cannot edit the DNC list');
select is(tests.run($$ delete from dnc_list $$), '42501', 'anon cannot remove from the DNC list');
select tests.act_as('user');
select is(tests.run($$ select * from dnc_list $$), '0', 'a user cannot read the DNC list');
select is(tests.run(format($$ insert into dnc_list (phone_e164, added_by) values ('+919000000201', %L) $$, tests.user_id('user'))), '42501',
  'a user cannot add to the DNC list');
select tests.act_as('tc1');
select is(tests.run($$ select * from dnc_list $$), (select total::text from tests.dnc), 'a telecaller checks the whole DNC list');
select is(tests.run(format($$ insert into dnc_list (phone_e164, reason) values (%L, 'Asked on a call') $$, (select tc1_phone from tests.dnc))), '1',
  'a telecaller adds a number');
select is((select do_not_call from leads where id = tests.lead_id(15)), true, 'the listed number''s lead is flagged at once');
select is(tests.run(format($$ insert into dnc_list (phone_e164, added_by) values ('+919000000202', %L) $$, tests.user_id('manager'))), '42501',
  'a telecaller cannot add in someone else''s name');
select is(tests.run($$ update dnc_list set reason = 'changed' $$), '42501', 'entries cannot be edited');
select is(tests.run(format($$ delete from dnc_list where phone_e164 = %L $$, (select listed_phone from tests.dnc))), '0',
  'attack: a telecaller cannot take a number off the list');
select tests.act_as('manager');
select is(tests.run($$ select * from dnc_list $$), ((select total from tests.dnc) + 1)::text, 'a manager reads the DNC list');
select is(tests.run($$ insert into dnc_list (phone_e164, reason) values ('+919000000203', 'Regulator list') $$), '1', 'a manager adds a number');
select is(tests.run(format($$ delete from dnc_list where phone_e164 = %L $$, (select listed_phone from tests.dnc))), '0',
  'a manager cannot take a number off the list');
select tests.act_as('admin');
select is(tests.run(format($$ delete from dnc_list where phone_e164 = %L $$, (select listed_phone from tests.dnc))), '1',
  'an admin takes a number off the list');
select is((select do_not_call from leads where id = tests.lead_id(100)), false, 'its lead becomes callable again');
select is(tests.run($$ insert into dnc_list (phone_e164, reason) values ('+919000000204', 'Complaint') $$), '1', 'an admin adds a number');
select tests.act_as('service_role');
select is(tests.run($$ select * from dnc_list $$), ((select total from tests.dnc) + 2)::text, 'the service role reads the list');
select is(tests.run($$ insert into dnc_list (phone_e164, reason) values ('+919000000205', 'Registry sync') $$), '1', 'the service role imports numbers');
select is(tests.run($$ delete from dnc_list where phone_e164 = '+919000000205' $$), '1', 'the service role removes numbers');
select tests.act_as('manager');
select is(tests.run($$ insert into leads (name, phone_e164, do_not_call) values ('Flagged Import', '+919000000206', true) $$), '1',
  'a manager imports a lead already flagged do-not-call');
select is(tests.run($$ select * from dnc_list where phone_e164 = '+919000000206' and added_by = auth.uid() $$), '1',
  'the flagged lead''s number is put on the list, added by the manager');

-- releases: published ones are public, drafts and future ones are admin-only
select tests.act_as('postgres');
insert into releases (id, version, channel, platform, file_name, url, sha512, size_bytes, published_at)
values
  ('00000000-0000-4000-8000-0000000c0d01', '0.3.0', 'alpha', 'linux', 'talentg-0.3.0.AppImage', 'https://downloads.talentg.test/a/talentg-0.3.0.AppImage', repeat('b', 128), 1000, null),
  ('00000000-0000-4000-8000-0000000c0d02', '0.2.1', 'stable', 'darwin', 'talentg-0.2.1.dmg', 'https://downloads.talentg.test/s/talentg-0.2.1.dmg', repeat('c', 128), 1000, now() + interval '1 day');

select tests.act_as('anon');
select is(tests.run($$ select * from releases $$), '2', 'anon reads the published releases (the update feed)');
select is(tests.run($$ select * from releases where published_at is null or published_at > now() $$), '0', 'anon sees no draft or scheduled release');
select is(tests.run($$ insert into releases (version, platform, file_name, url, sha512, size_bytes) values ('6.6.6', 'win32', 'evil.exe', 'https://evil.test/evil.exe', repeat('d', 128), 1) $$), '42501',
  'anon cannot publish a release');
select is(tests.run($$ update releases set url = 'https://evil.test/evil.exe' $$), '42501', 'anon cannot redirect a release');
select is(tests.run($$ delete from releases $$), '42501', 'anon cannot delete releases');
select tests.act_as('user');
select is(tests.run($$ select * from releases $$), '2', 'a user reads the published releases');
select is(tests.run($$ update releases set staged_percentage = 100 $$), '0', 'a user cannot change a rollout');
select tests.act_as('tc1');
select is(tests.run($$ select * from releases $$), '2', 'a telecaller reads the published releases');
select is(tests.run($$ insert into releases (version, platform, file_name, url, sha512, size_bytes) values ('6.6.6', 'win32', 'evil.exe', 'https://evil.test/evil.exe', repeat('d', 128), 1) $$), '42501',
  'a telecaller cannot publish a release');
select is(tests.run($$ update releases set url = 'https://evil.test/evil.exe' $$), '0', 'a telecaller cannot redirect a release');
select is(tests.run($$ delete from releases $$), '0', 'a telecaller cannot delete releases');
select tests.act_as('manager');
select is(tests.run($$ select * from releases $$), '2', 'a manager reads only published releases');
select is(tests.run($$ insert into releases (version, platform, file_name, url, sha512, size_bytes) values ('6.6.7', 'win32', 'm.exe', 'https://downloads.talentg.test/m.exe', repeat('d', 128), 1) $$), '42501',
  'a manager cannot publish a release');
select is(tests.run($$ delete from releases $$), '0', 'a manager cannot delete releases');
select tests.act_as('admin', 'aal2');
select is(tests.run($$ select * from releases $$), '4', 'an admin sees drafts and scheduled releases too');
select is(tests.run($$ insert into releases (version, channel, platform, file_name, url, sha512, size_bytes, staged_percentage) values ('0.3.1', 'beta', 'win32', 'TalentG-0.3.1.exe', 'https://downloads.talentg.test/b/TalentG-0.3.1.exe', repeat('e', 128), 123456, 10) $$), '1',
  'an admin creates a release');
select is(tests.run($$ update releases set staged_percentage = 50, published_at = now() where version = '0.3.1' $$), '1', 'an admin publishes and widens a rollout');
select is(tests.run($$ delete from releases where id = '00000000-0000-4000-8000-0000000c0d01' $$), '1', 'an admin deletes a draft');
select tests.act_as('service_role');
select is(tests.run($$ select * from releases $$), '4', 'the service role (the release pipeline) sees every release');
select is(tests.run($$ update releases set notes = 'Signed' where version = '0.3.1' $$), '1', 'the service role updates a release');

select * from finish();
rollback;
