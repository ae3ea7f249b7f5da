-- The `private` schema holds what policies and triggers call. It is not in [api] schemas in
-- config.toml, so PostgREST never exposes it; roles get only the usage their policies need.
create schema if not exists private;
comment on schema private is 'Policy and trigger helpers; never exposed over the Data API.';

revoke all on schema private from public;
-- anon and authenticated evaluate policies that call private.* functions, so they need usage.
grant usage on schema private to anon, authenticated, service_role;

-- Every mutable table keeps updated_at honest without trusting the client's clock.
create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- A row version for optimistic concurrency and the future sync cursor (issue 4).
create function private.bump_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.version := old.version + 1;
  return new;
end;
$$;

-- True for IANA zone names the server knows ('Asia/Kolkata', 'UTC'); false for abbreviations
-- ('IST') and POSIX offsets ('+05:30'), which are ambiguous for calling windows.
-- Immutable so a check constraint may use it; the zone database changes only with a server upgrade.
create function private.is_iana_time_zone(zone text)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  if zone is null or zone !~ '^(UTC|[A-Z][A-Za-z]+(/[A-Za-z0-9_+-]+)+)$' then
    return false;
  end if;
  perform pg_catalog.timezone(zone, timestamptz '2000-01-01 00:00:00+00');
  return true;
exception
  when invalid_parameter_value then
    return false;
end;
$$;

-- PostgreSQL lets everyone execute a new function; helpers here are callable only where granted.
-- (Per-schema default privileges cannot revoke that, so each migration repeats this revoke.)
revoke all on all functions in schema private from public;
-- Check constraints run the function as the writing role.
grant execute on function private.is_iana_time_zone(text) to anon, authenticated, service_role;
