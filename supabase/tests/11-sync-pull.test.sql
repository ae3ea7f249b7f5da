-- Sync pull and bootstrap (docs/sync-protocol.md). One pgTAP file is one transaction, so commit
-- order is simulated: the log is emptied, entries are stamped with chosen transaction ids below
-- the current snapshot, and page cursors carry chosen snapshots in which some of those ids are
-- still running. The real two-connection proof is in tests/integration/sync/sync-rpc.test.ts.
-- Seed fixtures: lead 5 is tc1's, lead 2 is tc2's, lead 9 is unassigned.
begin;
\ir _support/helpers.psql
select plan(44);

select tests.act_as('postgres');
delete from sync.change_log;
create table tests.sync_base as
  select greatest(pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 200, 3) as base,
         (select count(*) from leads where assigned_to = tests.user_id('tc1')) as tc1_leads,
         (select count(*) from interactions i join leads l on l.id = i.lead_id where l.assigned_to = tests.user_id('tc1')) as tc1_interactions,
         (select count(*) from callbacks c join leads l on l.id = c.lead_id where l.assigned_to = tests.user_id('tc1')) as tc1_callbacks,
         (select count(*) from interactions where lead_id = tests.lead_id(5)) as lead5_interactions,
         (select count(*) from callbacks where lead_id = tests.lead_id(5)) as lead5_callbacks,
         (select count(*) from leads) as all_leads;
grant select on tests.sync_base to anon, authenticated, service_role;

-- Transaction id n of this file's made-up history (all long committed in reality).
create function tests.xid(n integer) returns xid8 language sql stable
  as $$ select ((select base from tests.sync_base) + n)::text::xid8 $$;
-- A snapshot of that history: everything below xmin committed, the xip ids still running.
create function tests.snap(p_xmin integer, p_xmax integer, p_xip integer[] default '{}') returns text language sql stable
  as $$ select format('%s:%s:%s', tests.xid(p_xmin), tests.xid(p_xmax),
                      (select coalesce(string_agg(tests.xid(x)::text, ',' order by x), '') from unnest(p_xip) as x)) $$;
-- The cursor of a pull that started at snapshot `p_to` after a previous cursor `p_from`.
create function tests.page(p_from text, p_to text) returns text language sql immutable
  as $$ select 'v1:' || p_from || '/' || p_to || '/0/0' $$;
-- Entries this transaction wrote get transaction id n, as if it had committed as that one.
create function tests.stamp(n integer) returns bigint language sql security definer
  as $$ with s as (update sync.change_log set xid = tests.xid(n) where xid = pg_current_xact_id() returning 1) select count(*) from s $$;
-- entity:id:op of every change, sorted, for set comparisons.
create function tests.changes(p_answer jsonb) returns text[] language sql immutable
  as $$ select coalesce(array_agg((c ->> 'entity') || ':' || (c ->> 'id') || ':' || (c ->> 'op') order by 1), '{}')
          from jsonb_array_elements(p_answer -> 'changes') as c $$;
create function tests.change_of(p_answer jsonb, p_entity text, p_id uuid) returns jsonb language sql immutable
  as $$ select c from jsonb_array_elements(p_answer -> 'changes') as c where c ->> 'entity' = p_entity and (c ->> 'id')::uuid = p_id $$;
grant execute on all functions in schema tests to anon, authenticated, service_role;

-- ---- Access and cursor parsing ----
select tests.act_as('anon');
select is(tests.run($$ select sync_pull(null) $$), '42501', 'anon cannot pull');
select is(tests.run($$ select sync_bootstrap('lead') $$), '42501', 'anon cannot bootstrap');

select tests.act_as('tc1');
select ok((sync_pull(null) ->> 'resync')::boolean, 'a null cursor answers resync');
select ok((select a -> 'changes' = '[]'::jsonb and a -> 'next' = 'null'::jsonb and a ->> 'cursor' like 'v1:%' from sync_pull(null) as a),
  'resync carries no changes, no next page, and the cursor to pull from after bootstrapping');
select ok((sync_pull('not a cursor') ->> 'resync')::boolean, 'an unparseable cursor answers resync');
select ok((sync_pull('v1:12:x') ->> 'resync')::boolean, 'a cursor with a bad snapshot answers resync');
select ok((sync_pull('v1:' || tests.snap(1, 1) || '/x') ->> 'resync')::boolean, 'a page cursor with a missing part answers resync');
select ok((sync_pull(format('v1:%1$s:%1$s:', pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000)) ->> 'resync')::boolean,
  'a cursor from the future (a restored database) answers resync');
select is(tests.run($$ select sync_pull(null, 0) $$), '22023', 'p_limit below 1 is malformed input and raises');
select ok(not (sync_pull('v1:' || tests.snap(0, 0)) ->> 'resync')::boolean, 'a well-formed recent cursor pulls');

-- ---- Commit order: a lower transaction id that commits later is not skipped ----
select tests.act_as('manager');
update leads set company = 'First writer' where id = tests.lead_id(5);
select is(tests.stamp(10), 1::bigint, 'an update of a lead writes one upsert entry');
update leads set company = 'Second writer' where id = tests.lead_id(6);
select tests.stamp(11);

select tests.act_as('tc1');
-- Pull 1 starts while transaction 10 is still running and 11 has committed.
create temporary table pulled on commit drop as
  select 1 as n, sync_pull(tests.page(tests.snap(5, 5), tests.snap(10, 12, '{10}'))) as answer;
select is((select tests.changes(answer) from pulled where n = 1),
  array['lead:' || tests.lead_id(6) || ':upsert'],
  'pull 1 answers the committed transaction 11 only');
select is((select answer ->> 'cursor' from pulled where n = 1), 'v1:' || tests.snap(10, 12, '{10}'),
  'pull 1 ends with its start snapshot as the cursor');
insert into pulled select 2, sync_pull(tests.page(tests.snap(10, 12, '{10}'), tests.snap(12, 12)));
select is((select tests.changes(answer) from pulled where n = 2),
  array['lead:' || tests.lead_id(5) || ':upsert'],
  'pull 2 answers transaction 10, open during pull 1, and not 11 again');
select is((select answer -> 'changes' -> 0 -> 'row' ->> 'company' from pulled where n = 2), 'First writer',
  'an upsert carries the current row');
select ok((select jsonb_typeof(answer -> 'changes' -> 0 -> 'row' -> 'updated_at') = 'string'
              and answer -> 'changes' -> 0 -> 'row' ->> 'updated_at' ~ '^\d{4}-\d\d-\d\dT' from pulled where n = 2),
  'timestamps in rows are ISO 8601');
select is(sync_pull(tests.page(tests.snap(10, 12, '{10}'), tests.snap(12, 12))),
          (select answer from pulled where n = 2),
  'the same page asked again answers the same state (re-applying a page is harmless)');

-- ---- Cursor never goes backwards ----
select ok(
  (with c1 as (select substr(sync_pull('v1:' || tests.snap(12, 12)) ->> 'cursor', 4)::pg_snapshot as s),
        c2 as (select substr(sync_pull('v1:' || (select s::text from c1)) ->> 'cursor', 4)::pg_snapshot as s)
   select pg_snapshot_xmin(c2.s) >= pg_snapshot_xmin(c1.s) and pg_snapshot_xmax(c2.s) >= pg_snapshot_xmax(c1.s)
              and pg_snapshot_xmax(c1.s) >= tests.xid(12)
     from c1, c2),
  'each pull''s cursor is at or after the one it started from, even with nothing new');

-- ---- Paging with the snapshot pinned; duplicates merge within a page ----
select tests.act_as('manager');
update leads set company = 'Third writer' where id = tests.lead_id(5);
update leads set source = 'referral' where id = tests.lead_id(5);
select is(tests.stamp(13), 2::bigint, 'two updates, two entries');
update leads set company = 'Fourth writer' where id = tests.lead_id(6);
select tests.stamp(14);
select tests.act_as('tc1');
select is(tests.changes(sync_pull(tests.page(tests.snap(12, 12), tests.snap(15, 15)), 10)),
  (select array_agg(x order by x) from unnest(array['lead:' || tests.lead_id(5) || ':upsert', 'lead:' || tests.lead_id(6) || ':upsert']) as x),
  'one page answers each touched entity once');
select ok((select a -> 'next' <> 'null'::jsonb and a -> 'cursor' = 'null'::jsonb
             from sync_pull(tests.page(tests.snap(12, 12), tests.snap(15, 15)), 2) as a),
  'a page that is not the last has next and no cursor');
select is(
  (with recursive pages (n, answer) as (
     select 1, sync_pull(tests.page(tests.snap(12, 12), tests.snap(15, 15)), 1)
     union all
     select n + 1, sync_pull(answer ->> 'next', 1) from pages where answer ->> 'next' is not null and n < 10
   )
   select array[count(*)::text, max(answer ->> 'cursor'), string_agg(array_to_string(tests.changes(answer), ','), ' | ' order by n)] from pages),
  array['3', 'v1:' || tests.snap(15, 15),
        'lead:' || tests.lead_id(5) || ':upsert | lead:' || tests.lead_id(5) || ':upsert | lead:' || tests.lead_id(6) || ':upsert'],
  'pages of one entry follow next to the end, which alone carries the cursor of the pinned snapshot');

-- ---- Visibility: a telecaller never gets another's entries ----
select tests.act_as('manager');
update leads set company = 'Only for tc2' where id = tests.lead_id(2);
select tests.stamp(20);
update leads set company = 'Pool lead' where id = tests.lead_id(9);
select tests.stamp(21);
select tests.act_as('tc1');
select is(tests.changes(sync_pull(tests.page(tests.snap(19, 19), tests.snap(22, 22)))), '{}'::text[],
  'tc1 gets nothing of tc2''s lead or the pool');
select tests.act_as('tc2');
select is(tests.changes(sync_pull(tests.page(tests.snap(19, 19), tests.snap(22, 22)))),
  array['lead:' || tests.lead_id(2) || ':upsert'], 'tc2 gets their own lead only');
select tests.act_as('manager');
select is(cardinality(tests.changes(sync_pull(tests.page(tests.snap(19, 19), tests.snap(22, 22))))), 2,
  'a manager gets every entry');
select tests.act_as('user');
select is(tests.changes(sync_pull(tests.page(tests.snap(0, 0), tests.snap(30, 30)))), '{}'::text[],
  'an assessment-only user gets nothing');

-- ---- Reassignment: revoke for the old holder, grant (with history) for the new ----
select tests.act_as('manager');
update leads set assigned_to = tests.user_id('tc2') where id = tests.lead_id(5);
select tests.act_as('postgres');
select set_eq(
  $$ select kind || ':' || coalesce(owner::text, '-') || ':' || coalesce(audience::text, '-') from sync.change_log where xid = pg_current_xact_id() $$,
  array['upsert:' || tests.user_id('tc2') || ':-', 'revoke:-:' || tests.user_id('tc1'), 'grant:-:' || tests.user_id('tc2')],
  'a reassignment writes an upsert for the new holder, a revoke for the old and a grant for the new');
select tests.stamp(30);
select tests.act_as('tc1');
select is(tests.changes(sync_pull(tests.page(tests.snap(25, 25), tests.snap(31, 31)))),
  array['lead:' || tests.lead_id(5) || ':remove'], 'the old holder is told to remove the lead (and with it its history)');
select tests.act_as('tc2');
create temporary table granted on commit drop as
  select sync_pull(tests.page(tests.snap(25, 25), tests.snap(31, 31))) as answer;
select is((select tests.change_of(answer, 'lead', tests.lead_id(5)) ->> 'op' from granted), 'upsert', 'the new holder gets the lead');
select is((select count(*) from granted, jsonb_array_elements(answer -> 'changes') c where c ->> 'entity' = 'interaction' and c ->> 'op' = 'upsert'),
  (select lead5_interactions from tests.sync_base), 'the grant brings the lead''s interactions');
select is((select count(*) from granted, jsonb_array_elements(answer -> 'changes') c where c ->> 'entity' = 'callback' and c ->> 'op' = 'upsert'),
  (select lead5_callbacks from tests.sync_base), 'the grant brings the lead''s callbacks');
select ok((select bool_and((c -> 'row' ->> 'lead_id')::uuid = tests.lead_id(5)) from granted, jsonb_array_elements(answer -> 'changes') c where c ->> 'entity' <> 'lead'),
  'the granted rows are that lead''s');

-- ---- Deletes and interactions ----
select tests.act_as('admin');
delete from interactions where id = (select id from interactions where lead_id = tests.lead_id(10) order by id limit 1);
select tests.act_as('postgres');
create table tests.deleted as select entity_id from sync.change_log where xid = pg_current_xact_id() and entity = 'interaction';
grant select on tests.deleted to authenticated;
select tests.stamp(40);
select tests.act_as('tc1');
select ok((select tests.change_of(sync_pull(tests.page(tests.snap(39, 39), tests.snap(41, 41))), 'interaction', entity_id) ->> 'op' = 'remove' from tests.deleted),
  'a deleted interaction is answered as remove');
select tests.act_as('tc1');
insert into interactions (lead_id, type, content) values (tests.lead_id(6), 'note', 'Synced note');
select tests.act_as('postgres');
select tests.stamp(42);
select tests.act_as('tc1');
select is((select c -> 'row' ->> 'content' from jsonb_array_elements(sync_pull(tests.page(tests.snap(41, 41), tests.snap(43, 43))) -> 'changes') c
            where c ->> 'entity' = 'interaction'), 'Synced note', 'a new interaction is answered with its row');

-- ---- Retention: an older cursor than the horizon resyncs ----
select tests.act_as('postgres');
insert into sync.change_log (xid, entity, entity_id, lead_id, kind, created_at)
values (tests.xid(50), 'lead', tests.lead_id(6), tests.lead_id(6), 'upsert', now() - interval '40 days'),
       (tests.xid(51), 'lead', tests.lead_id(6), tests.lead_id(6), 'upsert', now() - interval '40 days');
select tests.act_as('service_role');
select is(sync.prune_change_log(interval '30 days'), 2::bigint, 'the service role prunes entries older than the retention');
select tests.act_as('postgres');
select is(sync.log_horizon_xid(), tests.xid(51), 'the horizon is the newest pruned transaction');
select tests.act_as('tc1');
select ok((sync_pull('v1:' || tests.snap(51, 51)) ->> 'resync')::boolean, 'a cursor that could still need a pruned entry resyncs');
select ok(not (sync_pull('v1:' || tests.snap(52, 52)) ->> 'resync')::boolean, 'a cursor past the horizon pulls');
select is(tests.run($$ select sync.prune_change_log(interval '1 day') $$), '42501', 'a telecaller cannot prune the log');

-- ---- Bootstrap: keyset pages of what the caller sees now ----
select tests.act_as('manager');
update leads set assigned_to = tests.user_id('tc1') where id = tests.lead_id(5);
select tests.act_as('tc1');
select is(
  (with recursive pages (n, answer) as (
     select 1, sync_bootstrap('lead', null, 37)
     union all
     select n + 1, sync_bootstrap('lead', answer ->> 'next_after', 37) from pages where answer ->> 'next_after' is not null
   )
   select count(distinct r ->> 'id') from pages, json_array_elements(answer -> 'rows') r),
  (select tc1_leads from tests.sync_base), 'paging leads gives exactly the leads tc1 holds');
select is(
  (with recursive pages (n, answer) as (
     select 1, sync_bootstrap('interaction', null, 500)
     union all
     select n + 1, sync_bootstrap('interaction', answer ->> 'next_after', 500) from pages where answer ->> 'next_after' is not null
   )
   select count(distinct r ->> 'id') from pages, json_array_elements(answer -> 'rows') r),
  (select tc1_interactions from tests.sync_base), 'paging interactions gives those of tc1''s leads (one deleted, one noted)');
select is(json_array_length(sync_bootstrap('callback', null, 10000) -> 'rows')::bigint, (select tc1_callbacks from tests.sync_base),
  'callbacks are those of tc1''s leads');
select is(json_array_length(sync_bootstrap('disposition') -> 'rows'), 11, 'every role reads the disposition catalogue');
select is(tests.run($$ select sync_bootstrap('profiles') $$), '22023', 'an unknown entity is malformed input');

select * from finish();
rollback;
