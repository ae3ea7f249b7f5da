-- One INSERT of many interactions updates each lead once, to the state the same rows give when
-- inserted one statement at a time (20261127000100_interactions_apply_per_statement.sql).
-- Seed fixtures: leads 5 and 15 are tc1's; lead 10 is tc1's and its number is not on dnc_list.
begin;
\ir _support/helpers.psql
select plan(11);

select tests.act_as('postgres');

-- A day's calls on lead 5, out of time order and mixed with a note and a meeting: the 09:00 call is
-- older than the 10:00 meeting before it, so it must not move recycle_at; the 11:00 no-answer sets it.
create table tests.day (n integer, lead integer, type text, disposition text, occurred_at timestamptz);
insert into tests.day values
  (1, 5, 'call', 'B', date_trunc('hour', now()) - interval '5 hours'),
  (2, 5, 'note', null, date_trunc('hour', now()) - interval '1 hour'),
  (3, 5, 'meeting', null, date_trunc('hour', now()) - interval '3 hours'),
  (4, 5, 'call', 'INT', date_trunc('hour', now()) - interval '4 hours'),
  (5, 15, 'call', 'NA', date_trunc('hour', now()) - interval '6 hours'),
  (6, 5, 'call', 'NA', date_trunc('hour', now()) - interval '2 hours'),
  (7, 15, 'call', 'CB', date_trunc('hour', now()) - interval '7 hours');
-- No earlier contact on either lead, so only the statement's own rows decide.
update leads set last_contact_at = null, recycle_at = null where id in (tests.lead_id(5), tests.lead_id(15));

select (select version from leads where id = tests.lead_id(5)) as version_before,
       (select attempts from leads where id = tests.lead_id(5)) as attempts_before \gset

savepoint row_by_row;
do $$
declare
  r record;
begin
  for r in select * from tests.day order by n loop
    insert into interactions (lead_id, type, disposition, occurred_at)
    values (tests.lead_id(r.lead), r.type, r.disposition, r.occurred_at);
  end loop;
end;
$$;
select (select (attempts, last_contact_at, recycle_at)::text from leads where id = tests.lead_id(5)) as lead5_separately,
       (select (attempts, last_contact_at, recycle_at)::text from leads where id = tests.lead_id(15)) as lead15_separately \gset
rollback to savepoint row_by_row;

insert into interactions (lead_id, type, disposition, occurred_at)
select tests.lead_id(d.lead), d.type, d.disposition, d.occurred_at from tests.day d order by d.n;

select is((select (attempts, last_contact_at, recycle_at)::text from leads where id = tests.lead_id(5)), :'lead5_separately',
  'lead 5: one statement ends where the same rows one statement each end');
select is((select (attempts, last_contact_at, recycle_at)::text from leads where id = tests.lead_id(15)), :'lead15_separately',
  'lead 15: one statement ends where the same rows one statement each end');
select is((select (attempts, last_contact_at, recycle_at) from leads where id = tests.lead_id(5)),
  (:attempts_before + 3, date_trunc('hour', now()) - interval '2 hours', date_trunc('hour', now())),
  'lead 5: three attempts, last contact the latest non-note row, recycle set by the -2 h no-answer (the -4 h call came after a -3 h meeting, so it set nothing)');
select is((select recycle_at from leads where id = tests.lead_id(15)), date_trunc('hour', now()) - interval '4 hours',
  'lead 15: the callback logged after the no-answer is older than it, so the no-answer''s recycle time stays');
select is((select version from leads where id = tests.lead_id(5)), :version_before::bigint + 1,
  'lead 5 is updated once for the whole statement');

-- Only notes: no lead update at all.
select (select version from leads where id = tests.lead_id(5)) as version_notes \gset
insert into interactions (lead_id, type, content)
values (tests.lead_id(5), 'note', 'one'), (tests.lead_id(5), 'note', 'two');
select is((select version from leads where id = tests.lead_id(5)), :version_notes::bigint,
  'a statement of notes leaves the lead alone');

-- DNC inside a batch: the first DNC outcome lists the number, and the lead is flagged.
insert into interactions (lead_id, type, disposition, occurred_at, created_by)
values (tests.lead_id(10), 'call', 'NA', now() - interval '3 minutes', tests.user_id('tc1')),
       (tests.lead_id(10), 'call', 'DNC', now() - interval '2 minutes', tests.user_id('tc1')),
       (tests.lead_id(10), 'call', 'DNC', now() - interval '1 minute', tests.user_id('tc2'));
select is((select (reason, added_by) from dnc_list where phone_e164 = (select phone_e164 from leads where id = tests.lead_id(10))),
  ('Disposition DNC logged on a call'::text, tests.user_id('tc1')),
  'the first DNC outcome of the statement lists the number, in its author''s name');
select is((select do_not_call from leads where id = tests.lead_id(10)), true, 'and the lead is flagged do-not-call');
select is((select attempts from leads where id = tests.lead_id(10)),
  (select count(*)::integer from interactions where lead_id = tests.lead_id(10) and type = 'call'),
  'every call of the batch counted as an attempt');

-- A telecaller's bulk insert goes through RLS and the trigger alike.
select (select (attempts, last_contact_at, version)::text from leads where id = tests.lead_id(2)) as lead2_before \gset
select tests.act_as('tc1');
select is(tests.run(format(
  $$ insert into interactions (lead_id, type, disposition, occurred_at)
     values (%L, 'call', 'NA', now()), (%L, 'call', 'B', now()) $$, tests.lead_id(5), tests.lead_id(2))), '42501',
  'attack: a bulk insert with one row on another telecaller''s lead is refused whole');
select tests.act_as('postgres');
select is((select (attempts, last_contact_at, version)::text from leads where id = tests.lead_id(2)), :'lead2_before',
  'and the other telecaller''s lead was not touched');

select * from finish();
rollback;
