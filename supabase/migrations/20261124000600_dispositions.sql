-- Disposition catalogue: call outcomes with meaning flags, as VICIdial's statuses carry them.
-- The codes are reference data the app and triggers rely on, so they ship with the schema.

create table public.dispositions (
  code text primary key,
  label text not null,
  description text not null default '',
  -- The lead answered (not no answer, busy, machine, dead line or a stranger): a contact in KPIs.
  human_contact boolean not null default false,
  sale boolean not null default false,
  -- Logging it puts the number on dnc_list.
  dnc boolean not null default false,
  -- Logging it requires a callback time.
  callback boolean not null default false,
  -- The lead leaves every queue.
  final boolean not null default false,
  -- Interested: the lead becomes qualified.
  qualifies boolean not null default false,
  -- No-answer style: the lead comes back to the queue after this delay (leads.recycle_at).
  recycle_after_minutes integer,
  -- One-key dispositioning in the workstation.
  hotkey text,
  sort_order smallint not null default 0,
  -- Retired codes stay for the history that uses them.
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- The same rules as src/domain/dispositions.ts, so the catalogue always parses there.
  constraint dispositions_code_check check (code ~ '^[A-Z][A-Z0-9_]{0,15}$'),
  constraint dispositions_label_check check (char_length(btrim(label)) between 1 and 80),
  constraint dispositions_hotkey_check check (hotkey is null or hotkey ~ '^[0-9A-Z]$'),
  constraint dispositions_hotkey_key unique (hotkey),
  constraint dispositions_recycle_after_minutes_check check (recycle_after_minutes is null or recycle_after_minutes > 0),
  constraint dispositions_flags_check check (
    (not sale or (final and human_contact))
    and (not dnc or final)
    and not (final and (callback or recycle_after_minutes is not null))
    and not (callback and recycle_after_minutes is not null)
  )
);
comment on table public.dispositions is 'Call outcome codes with meaning flags (human_contact, sale, dnc, callback, final).';

create trigger dispositions_set_updated_at
  before update on public.dispositions
  for each row execute function private.set_updated_at();

insert into public.dispositions
  (code, label, description, human_contact, sale, dnc, callback, final, qualifies, recycle_after_minutes, hotkey, sort_order)
values
  ('NA',   'No answer',           'Rang out with nobody picking up',          false, false, false, false, false, false, 120,  '1', 10),
  ('B',    'Busy',                'Line busy',                                false, false, false, false, false, false, 15,   '2', 20),
  ('A',    'Answering machine',   'Voicemail or answering machine',           false, false, false, false, false, false, 240,  '3', 30),
  ('CB',   'Callback',            'Asked to be called back at a set time',    true,  false, false, true,  false, false, null, '4', 40),
  ('INT',  'Interested',          'Interested; follow up',                    true,  false, false, false, false, true,  1440, '5', 50),
  ('NI',   'Not interested',      'Not interested in the offer',              true,  false, false, false, true,  false, null, '6', 60),
  ('SALE', 'Sale',                'Agreed; converted',                        true,  true,  false, false, true,  false, null, '7', 70),
  ('DNC',  'Do not call',         'Asked never to be called again',           true,  false, true,  false, true,  false, null, '8', 80),
  ('DEC',  'Declined sale',       'Declined the offer after hearing it out',  true,  false, false, false, true,  false, null, '9', 90),
  -- Someone answered, but not the lead: not a contact for the contact rate.
  ('WN',   'Wrong number',        'The person answering is not the lead',     false, false, false, false, true,  false, null, '0', 100),
  ('DC',   'Disconnected number', 'Number not in service',                    false, false, false, false, true,  false, null, 'D', 110);

alter table public.dispositions enable row level security;

-- Every signed-in role reads the catalogue; only admins edit it.
create policy dispositions_select on public.dispositions
  for select to authenticated
  using (true);

create policy dispositions_insert on public.dispositions
  for insert to authenticated
  with check ((select private.is_admin()));

create policy dispositions_update on public.dispositions
  for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy dispositions_delete on public.dispositions
  for delete to authenticated
  using ((select private.is_admin()));

revoke all on table public.dispositions from anon;
