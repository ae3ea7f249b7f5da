-- sync_database(): one id per database, made on first use, the same on every call, for signed-in users only.
begin;
\ir _support/helpers.psql
select plan(5);

select tests.act_as('postgres');
select is((select count(*) from sync.database_identity), 0::bigint, 'no id before the first call');

select tests.act_as('anon');
select is(tests.run('select public.sync_database()'), '42501', 'anon gets no id');

select tests.act_as('tc1');
create temporary table first_id on commit drop as select public.sync_database() as id;
select isnt((select id from first_id), null, 'a signed-in user gets an id');
select tests.act_as('manager');
select is(public.sync_database(), (select id from first_id), 'every later call, by anyone, gets the same id');
select tests.act_as('postgres');
select is((select count(*) from sync.database_identity), 1::bigint, 'one row holds it');

select * from finish();
rollback;
