-- Storage bucket size limits (migration release_bucket_size): the project's global limit is 1 GiB so
-- that the releases bucket takes installers, and that global limit would be every other bucket's too.
-- So the releases bucket is the only one past 50 MiB, and every bucket sets its own limit.
begin;
\ir _support/helpers.psql
select plan(3);

select is((select file_size_limit from storage.buckets where id = 'releases'), 1073741824::bigint,
  'the releases bucket takes installers up to 1 GiB');

select is_empty($$ select id from storage.buckets where file_size_limit is null $$,
  'every bucket sets its own file_size_limit rather than inherit the 1 GiB global one');

select is_empty($$ select id from storage.buckets where id <> 'releases' and file_size_limit > 52428800 $$,
  'no bucket but releases takes files over 50 MiB');

select * from finish();
rollback;
