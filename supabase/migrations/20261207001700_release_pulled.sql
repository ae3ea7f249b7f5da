-- A pulled release: an admin withdraws a published installer (a bad build) without deleting its row, so
-- the history of what was offered stays and the release can be put back. The updater's feed (issue 13)
-- skips pulled rows; reading them stays as the releases_select policy allows. Writes need an admin at
-- aal2 through the existing releases_update and releases_update_aal2 policies.
alter table public.releases
  add column pulled_at timestamptz,
  add column pulled_reason text,
  -- A pull says why, so whoever looks at the history later knows; unpulling clears both.
  add constraint releases_pulled_check check (
    (pulled_at is null and pulled_reason is null)
    or (pulled_at is not null and pulled_reason is not null
        and length(btrim(pulled_reason)) between 1 and 500)
  );

comment on column public.releases.pulled_at is 'When an admin withdrew the release from the update feed; null while offered.';
comment on column public.releases.pulled_reason is 'Why the release was withdrawn; set exactly when pulled_at is.';
