-- Sync flooding limits (migration sync_flood_limits): a push stores at most 100 conflict rows and
-- summarises the rest while still answering every mutation; each sync RPC spends from a per-user
-- token bucket and is refused with PostgREST's 429 and Retry-After when it is empty.
begin;
\ir _support/helpers.psql
\ir _support/sync-helpers.psql
select plan(26);

select tests.act_as('postgres');
create function tests.fixture(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('f2300000', n) $$;
create function tests.client(n integer) returns uuid language sql immutable as $$ select tests.uuid_of('c2300000', n) $$;
-- n contact edits of one lead, seqs from p_first, each on a stale base of two fields: two conflicts each.
create function tests.stale_edits(p_lead uuid, p_first integer, p_count integer) returns jsonb language sql immutable
  as $$ select jsonb_agg(tests.mutation(s, 'update_contact',
                           jsonb_build_object('lead_id', p_lead,
                                              'base', jsonb_build_object('name', 'stale', 'company', 'stale'),
                                              'set', jsonb_build_object('name', 'Edit ' || s, 'company', 'Co ' || s)),
                           '2026-12-07T10:00:00Z') order by s)
          from generate_series(p_first, p_first + p_count - 1) s $$;
-- The SQLSTATE, the JSON body (message) and the JSON status and headers (detail) a statement failed with.
create function tests.failure(p_sql text) returns jsonb language plpgsql as $$
declare
  v_state text;
  v_message text;
  v_detail text;
begin
  execute p_sql;
  return null;
exception
  when others then
    get stacked diagnostics v_state = returned_sqlstate, v_message = message_text, v_detail = pg_exception_detail;
    return jsonb_build_object('state', v_state, 'body', v_message::jsonb, 'detail', v_detail::jsonb);
end;
$$;
grant execute on all functions in schema tests to anon, authenticated, service_role;

insert into leads (id, name, phone_e164, company, status, assigned_to) values
  (tests.fixture(1), 'Flood One', '+99923000001', 'Flood Co', 'new', tests.user_id('tc1'));
delete from sync.rate_limits;

-- ---- Conflict rows per push ----

select tests.act_as('tc1');
create temporary table flood on commit drop as
  select public.sync_push(tests.client(1), tests.stale_edits(tests.fixture(1), 1, 150)) as answer;
select tests.act_as('postgres');

select is((select jsonb_array_length(answer -> 'results') from flood), 150,
  'every mutation of a flooding push is answered');
select is((select count(*) from flood, jsonb_array_elements(answer -> 'results') r
            where r ->> 'status' = 'applied' and r ->> 'flag' = 'field_conflict'), 150::bigint,
  'each answer still says its fields had changed on the server');
select is((select count(*) from sync.conflicts where client_id = tests.client(1)), 100::bigint,
  'only 100 of the push''s 300 conflicts are stored as rows');
select is((select (answer ->> 'conflicts_not_logged')::integer from flood), 200,
  'the push''s answer counts the conflicts not stored');
select is((select array_agg(not_logged) from sync.conflict_overflow where client_id = tests.client(1)), array[200],
  'one summary row counts them for the floor');
select is((select max(seq) from sync.conflicts where client_id = tests.client(1)), 50::bigint,
  'the stored rows are the push''s first conflicts');
select is((select name from leads where id = tests.fixture(1)), 'Edit 150', 'the writes themselves all applied');

-- The cap is per push: the next one stores its own first 100.
select tests.act_as('tc1');
create temporary table second_push on commit drop as
  select public.sync_push(tests.client(1), tests.stale_edits(tests.fixture(1), 151, 10)) as answer;
select tests.act_as('postgres');
select is((select count(*) from sync.conflicts where client_id = tests.client(1) and seq > 150), 20::bigint,
  'a later push under the cap stores all its conflicts');
select ok((select not (answer ? 'conflicts_not_logged') from second_push),
  'a push under the cap says nothing about unlogged conflicts');
select is((select count(*) from sync.conflict_overflow where client_id = tests.client(1)), 1::bigint,
  'and writes no summary row');

-- ---- Rate limits ----

update sync.rate_limit_rules set burst = 3, per_second = 0.01 where rpc = 'sync_pull';
select tests.act_as('tc1');
select lives_ok($$ select sync_pull(null); select sync_pull(null); select sync_pull(null) $$,
  'a burst up to the limit is served');
create temporary table refused on commit drop as select tests.failure('select sync_pull(null)') as f;
select is((select f ->> 'state' from refused), 'PGRST',
  'the next call is refused the way PostgREST lets a function set status and headers');
select is((select (f -> 'detail' ->> 'status')::integer from refused), 429, 'with HTTP status 429');
select is((select f -> 'body' ->> 'code' from refused), 'PT429', 'and code PT429 in the body');
select ok((select (f -> 'detail' -> 'headers' ->> 'Retry-After')::integer between 1 and 100 from refused),
  'Retry-After says when a token is back (1/0.01 s at most)');
select is((select f -> 'body' ->> 'details' from refused),
          (select 'Retry-After: ' || (f -> 'detail' -> 'headers' ->> 'Retry-After') from refused),
  'the body repeats Retry-After for clients that cannot read headers');
select tests.act_as('tc2');
select lives_ok($$ select sync_pull(null) $$, 'another user''s bucket is their own');

select tests.act_as('postgres');
select cmp_ok((select tokens from sync.rate_limits where user_id = tests.user_id('tc1') and rpc = 'sync_pull'), '>=', 0::double precision,
  'a refused call takes nothing from the bucket');
-- Time refills it.
update sync.rate_limits set refilled_at = refilled_at - interval '200 seconds'
 where user_id = tests.user_id('tc1') and rpc = 'sync_pull';
select tests.act_as('tc1');
select lives_ok($$ select sync_pull(null); select sync_pull(null) $$, 'time puts tokens back, up to the burst');
select is((select tests.failure('select sync_pull(null)') -> 'detail' ->> 'status'), '429', 'but never more than the burst');

-- A push costs 20 plus its mutations: a big push spends what many small calls would.
select tests.act_as('postgres');
update sync.rate_limit_rules set burst = 100, per_second = 0.001 where rpc = 'sync_push';
delete from sync.rate_limits where rpc = 'sync_push';
select tests.act_as('tc1');
select lives_ok(format('select sync_push(%L, %L)', tests.client(4), tests.stale_edits(tests.fixture(1), 1, 50)),
  'a push of 50 mutations spends 70 of 100');
select is(
  tests.failure(format('select sync_push(%L, %L)', tests.client(4), tests.stale_edits(tests.fixture(1), 51, 20))) -> 'detail' ->> 'status',
  '429', 'so the second call, of 20 mutations (40), is refused');

-- Every RPC of the family spends from its own bucket.
select tests.act_as('postgres');
update sync.rate_limit_rules set burst = 1, per_second = 0.001;
delete from sync.rate_limits;
select tests.act_as('tc1');
select is(
  array[
    tests.failure($$ select sync_push(tests.client(2), '[]'::jsonb); select sync_push(tests.client(2), '[]'::jsonb) $$) -> 'detail' ->> 'status',
    tests.failure($$ select sync_pull(null); select sync_pull(null) $$) -> 'detail' ->> 'status',
    tests.failure($$ select sync_bootstrap('disposition'); select sync_bootstrap('disposition') $$) -> 'detail' ->> 'status',
    tests.failure($$ select count(*) from sync_conflicts(); select count(*) from sync_conflicts() $$) -> 'detail' ->> 'status',
    tests.failure($$ select sync_database(); select sync_database() $$) -> 'detail' ->> 'status'],
  array['429', '429', '429', '429', '429'],
  'sync_push, sync_pull, sync_bootstrap, sync_conflicts and sync_database are each limited');

-- Nobody reads or resets buckets from a client, nor calls the unlimited functions behind the RPCs.
select is(tests.run($$ select * from sync.rate_limits $$), '42501', 'a telecaller cannot read the buckets');
select is(tests.run($$ select sync.push_batch(tests.client(3), '[]'::jsonb) $$), '42501',
  'a telecaller cannot call the push behind its limit');
select tests.act_as('anon');
select is(tests.run($$ select sync_pull(null) $$), '42501', 'anon still cannot pull');

select * from finish();
rollback;
