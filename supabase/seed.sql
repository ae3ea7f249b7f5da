-- Demo floor for local development and tests: five users, about 500 leads, call history,
-- callbacks, do-not-call entries, two assessments and releases.
-- Deterministic (ids from md5, choices from the row number, times relative to now()) and
-- re-runnable: every insert skips rows that already exist. Set-based, so it stays fast on PGlite.
-- Dispositions are not here: they ship with the schema (migration ..._dispositions.sql).

-- Users: password 'talentg-demo' for all. bcrypt through pgcrypto, which GoTrue and the embedded
-- auth both verify. The token columns are '' because GoTrue cannot scan NULL into them.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  email_change_token_current, phone_change, phone_change_token, reauthentication_token,
  is_sso_user, is_anonymous
)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
       extensions.crypt('talentg-demo', extensions.gen_salt('bf')), now(),
       jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'role', u.app_role),
       jsonb_build_object('full_name', u.full_name),
       now() - interval '90 days', now() - interval '90 days',
       '', '', '', '', '', '', '', '', false, false
  from (values
    ('00000000-0000-4000-8000-000000000001'::uuid, 'admin@talentg.test',   'Anita Desai',     'admin'),
    ('00000000-0000-4000-8000-000000000002'::uuid, 'manager@talentg.test', 'Rajiv Menon',     'manager'),
    ('00000000-0000-4000-8000-000000000003'::uuid, 'tc1@talentg.test',     'Priya Raman',     'telecaller'),
    ('00000000-0000-4000-8000-000000000004'::uuid, 'tc2@talentg.test',     'Arjun Khanna',    'telecaller'),
    ('00000000-0000-4000-8000-000000000005'::uuid, 'user@talentg.test',    'Sameer Kulkarni', 'user')
  ) as u (id, email, full_name, app_role)
on conflict do nothing;

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select ('00000000-0000-4000-8000-0000000001' || right(u.id::text, 2))::uuid, u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
       'email', now(), now() - interval '90 days', now() - interval '90 days'
  from auth.users u
 where u.id between '00000000-0000-4000-8000-000000000001' and '00000000-0000-4000-8000-000000000005'
on conflict do nothing;

-- Leads: 500, 70% India, the rest US, UK, UAE, Singapore and Australia, each with the number as
-- typed (phone) and normalised (phone_e164). Phone numbers sit in
-- ranges reserved for drama and testing where a country has one (US 555-01xx, UK 07700 900xxx,
-- AU 0491 570xxx). Assignment: n % 5 in (0, 1) tc1, (2, 3) tc2, 4 the unassigned pool.
-- The status follows the last call's outcome planned below (no contact yet: new; CB: contacted;
-- INT: qualified; SALE: converted; NI, DEC, WN, DC, DNC: lost).
with names as (
  select array['Aarav','Vivaan','Aditya','Vihaan','Arjun','Sai','Reyansh','Krishna','Ishaan','Rohan',
               'Priya','Ananya','Diya','Aadhya','Saanvi','Kavya','Pooja','Neha','Sneha','Lakshmi',
               'Rahul','Vikram','Suresh','Ramesh','Karthik','Venkatesh','Imran','Farhan','Fatima','Ayesha',
               'Harpreet','Gurpreet','Manpreet','Sanjay','Deepika','Anjali','Meera','Nikhil','Tanvi','Siddharth',
               'Aishwarya','Rajesh','Divya','Abhishek','Shreya','Varun','Nandini','Arvind','Yash','Ritu'] as in_first,
         array['Sharma','Verma','Gupta','Iyer','Nair','Reddy','Patel','Shah','Mehta','Joshi',
               'Kulkarni','Deshpande','Chatterjee','Banerjee','Mukherjee','Das','Singh','Kaur','Khan','Siddiqui',
               'Menon','Pillai','Rao','Naidu','Agarwal','Bansal','Malhotra','Kapoor','Chauhan','Yadav',
               'Pandey','Mishra','Tiwari','Bhat','Hegde','Shetty','Fernandes','D''Souza','Gill','Sethi'] as in_last,
         array['Sharma Textiles Pvt Ltd','Kaveri Logistics','Nilgiri Foods','Brightpath Edtech','Zenith Pharma',
               'Deccan Infra Projects','Ganga Motors','Sahyadri Hospitals','Coromandel Agro','Vistara Realty',
               'Lotus Fintech','Indus Retail','Malabar Spices Co','Aravali Steel','Konark Solar',
               'Narmada Cements','Sunrise Academy','Saffron Hotels','Bluewave Telecom','Orchid Diagnostics',
               'Peacock Apparel','Tanjore Crafts','Himalaya Tours','Chennai Freight Lines','Pune Precision Tools',
               'Hyderabad Biotech Labs','Jaipur Gems House','Kochi Marine Exports','Mysore Silk Emporium','Ahmedabad Polymers'] as in_company,
         array['James','Emily','Oliver','Sophia','Liam','Olivia','Noah','Ava','Ethan','Chloe',
               'Lucas','Hannah','Mohammed','Aisha','Omar','Layla','Wei','Mei','Jun','Hui Min',
               'Daniel','Grace','Jack','Charlotte','Thomas','Isla','Samuel','Zara','Ahmed','Mariam'] as intl_first,
         array['Smith','Johnson','Brown','Williams','Taylor','Wilson','Davies','Evans','Thompson','Walker',
               'Al Mansouri','Al Hashimi','Haddad','Tan','Lim','Ng','Wong','Lee','Chen','O''Brien',
               'Murphy','Nguyen','Martin','Clarke','Hughes'] as intl_last,
         array['Harbor Analytics','Northwind Traders','Bluebell Insurance','Crescent Realty','Desert Rose Trading',
               'Marina Bay Capital','Redgum Software','Thames Valley Staffing','Golden Gate Robotics','Lakeshore Health',
               'Emirates Horizon Logistics','Orchard Road Retail','Southern Cross Mining','Pinnacle Consulting','Maple and Oak Legal'] as intl_company,
         array['website','referral','csv_import','job_fair','linkedin','cold_list','walk_in','partner'] as sources,
         array['NA','CB','INT','NI','B','SALE','CB','A','NA','DEC','INT','WN','CB','DC','NI','NA'] as outcomes
),
base as (
  select n,
         case when n % 20 < 14 then 'IN' when n % 20 < 16 then 'US' when n % 20 = 16 then 'GB'
              when n % 20 = 17 then 'AE' when n % 20 = 18 then 'SG' else 'AU' end as country,
         -- A per-country counter that makes every number unique.
         (n / 20) * 2 + (n % 20) % 2 as k,
         case when n % 10 >= 6 then null
              when n % 97 = 3 then 'DNC'
              else (select outcomes[1 + (n / 10) % 16] from names) end as last_outcome
    from generate_series(1, 500) as n
),
planned as (
  select b.*,
         case b.country
           when 'IN' then (array['98','99','97','96','88','87','70','63'])[1 + n % 8] || (10000000 + n * 7919)::text
           when 'US' then (array['212','312','415'])[1 + k % 3] || '55501' || lpad((k % 100)::text, 2, '0')
           when 'GB' then '7700900' || lpad(k::text, 3, '0')
           when 'AE' then '5' || (n % 6)::text || (1000000 + n * 37)::text
           when 'SG' then '81' || lpad(n::text, 6, '0')
           else '491570' || lpad((100 + k)::text, 3, '0')
         end as national,
         case b.country
           when 'IN' then '91' when 'US' then '1' when 'GB' then '44'
           when 'AE' then '971' when 'SG' then '65' else '61'
         end as dial_code,
         -- Stable pseudo-random picks: md5 gives the same answer on every PostgreSQL and PGlite.
         ('x' || left(md5('first/' || b.n), 7))::bit(28)::integer as pick_first,
         ('x' || left(md5('last/' || b.n), 7))::bit(28)::integer as pick_last,
         ('x' || left(md5('company/' || b.n), 7))::bit(28)::integer as pick_company
    from base b
)
insert into public.leads (
  id, name, email, phone_e164, phone, company, status, source, assigned_to, time_zone, country,
  priority, consent, consent_at, created_by, created_at, updated_at
)
select md5('talentg-seed/lead/' || p.n)::uuid,
       person.first_name || ' ' || person.last_name,
       case when p.n % 7 = 0 then null
            else lower(regexp_replace(person.first_name, '[^A-Za-z]', '', 'g')) || '.'
              || lower(regexp_replace(person.last_name, '[^A-Za-z]', '', 'g')) || '@'
              || lower(regexp_replace(person.company, '[^A-Za-z]', '', 'g')) || '.example'
       end,
       '+' || p.dial_code || p.national,
       case p.country
         when 'IN' then case p.n % 4
                          when 0 then '0' || p.national
                          when 1 then '+91 ' || left(p.national, 5) || ' ' || right(p.national, 5)
                          when 2 then left(p.national, 5) || '-' || right(p.national, 5)
                          else '91' || p.national
                        end
         when 'US' then case p.n % 3
                          when 0 then '(' || left(p.national, 3) || ') ' || substr(p.national, 4, 3) || '-' || right(p.national, 4)
                          when 1 then left(p.national, 3) || '-' || substr(p.national, 4, 3) || '-' || right(p.national, 4)
                          else '+1 ' || left(p.national, 3) || ' ' || substr(p.national, 4, 3) || ' ' || right(p.national, 4)
                        end
         when 'GB' then '0' || left(p.national, 4) || ' ' || right(p.national, 6)
         when 'AE' then '0' || left(p.national, 2) || ' ' || substr(p.national, 3, 3) || ' ' || right(p.national, 4)
         when 'SG' then '+65 ' || left(p.national, 4) || ' ' || right(p.national, 4)
         else '0' || left(p.national, 3) || ' ' || substr(p.national, 4, 3) || ' ' || right(p.national, 3)
       end,
       case when p.n % 11 = 0 then null else person.company end,
       case p.last_outcome
         when 'CB' then 'contacted' when 'INT' then 'qualified' when 'SALE' then 'converted'
         when 'NI' then 'lost' when 'DEC' then 'lost' when 'WN' then 'lost' when 'DC' then 'lost' when 'DNC' then 'lost'
         else 'new'
       end,
       (select sources[1 + (p.n * 3) % 8] from names),
       case when p.n % 5 in (0, 1) then '00000000-0000-4000-8000-000000000003'::uuid
            when p.n % 5 in (2, 3) then '00000000-0000-4000-8000-000000000004'::uuid
       end,
       case p.country
         when 'IN' then 'Asia/Kolkata'
         when 'US' then (array['America/New_York', 'America/Chicago', 'America/Los_Angeles'])[1 + p.k % 3]
         when 'GB' then 'Europe/London'
         when 'AE' then 'Asia/Dubai'
         when 'SG' then 'Asia/Singapore'
         else 'Australia/Sydney'
       end,
       p.country,
       case when p.n % 23 = 0 then 9 when p.n % 9 = 0 then 5 when p.n % 4 = 0 then 2 else 0 end,
       case when p.n % 29 = 0 then 'withdrawn' when p.n % 3 = 0 then 'granted' else 'unknown' end,
       case when p.n % 29 = 0 or p.n % 3 = 0 then now() - make_interval(days => 20 + p.n % 40) end,
       case when p.n % 6 = 0 then '00000000-0000-4000-8000-000000000001'::uuid
            else '00000000-0000-4000-8000-000000000002'::uuid end,
       now() - make_interval(days => 15 + p.n % 60, hours => p.n % 24),
       now() - make_interval(days => 15 + p.n % 60, hours => p.n % 24)
  from planned p
  cross join lateral (
    select case when p.country = 'IN' then in_first[1 + p.pick_first % 50] else intl_first[1 + p.pick_first % 30] end as first_name,
           case when p.country = 'IN' then in_last[1 + p.pick_last % 40] else intl_last[1 + p.pick_last % 25] end as last_name,
           case when p.country = 'IN' then in_company[1 + p.pick_company % 30] else intl_company[1 + p.pick_company % 15] end as company
      from names
  ) as person
on conflict do nothing;

-- Call history for 60% of leads (n % 10 < 6): one to three calls a day apart, the last one
-- ending in the outcome the lead's status reflects, earlier ones unanswered. Unassigned leads
-- with history are recycled: a telecaller worked them before they went back to the pool.
-- Triggers count attempts, set last_contact_at and recycle_at, and put DNC outcomes on dnc_list.
with plan as (
  select n,
         case when n % 97 = 3 then 'DNC'
              else (array['NA','CB','INT','NI','B','SALE','CB','A','NA','DEC','INT','WN','CB','DC','NI','NA'])[1 + (n / 10) % 16]
         end as last_outcome,
         1 + n % 3 as calls,
         case when n % 5 in (0, 1) then '00000000-0000-4000-8000-000000000003'::uuid
              when n % 5 in (2, 3) then '00000000-0000-4000-8000-000000000004'::uuid
              when n % 2 = 0 then '00000000-0000-4000-8000-000000000003'::uuid
              else '00000000-0000-4000-8000-000000000004'::uuid
         end as caller
    from generate_series(1, 500) as n
   where n % 10 < 6
),
call as (
  select plan.n, plan.caller, attempt,
         case when attempt = plan.calls then plan.last_outcome
              else (array['NA', 'B', 'A'])[1 + (plan.n + attempt) % 3] end as outcome,
         now() - make_interval(days => plan.n % 14 + plan.calls - attempt, hours => plan.n % 9, mins => (plan.n * 7) % 60) as at
    from plan
   cross join lateral generate_series(1, plan.calls) as attempt
)
insert into public.interactions (id, lead_id, type, content, disposition, duration_seconds, occurred_at, created_at, created_by)
select md5('talentg-seed/interaction/' || call.n || '/' || call.attempt)::uuid,
       md5('talentg-seed/lead/' || call.n)::uuid,
       'call',
       case call.outcome
         when 'NA' then 'No answer after six rings'
         when 'B' then 'Line busy'
         when 'A' then 'Reached voicemail; no message left'
         when 'CB' then 'Asked to be called back after office hours'
         when 'INT' then 'Interested in the weekend batch; wants the fee details by email'
         when 'NI' then 'Not interested: already enrolled with another institute'
         when 'SALE' then 'Paid the registration fee over UPI; receipt sent'
         when 'DNC' then 'Asked never to be called again'
         when 'DEC' then 'Declined after hearing the fee structure'
         when 'WN' then 'Number belongs to someone else'
         else 'Number not in service'
       end,
       call.outcome,
       case when call.outcome in ('NA', 'B', 'A', 'DC') then 15 + (call.n * 3) % 30
            else 60 + (call.n * 37) % 540 end,
       call.at,
       -- Every 13th lead's calls were logged offline and reached the server hours later.
       call.at + case when call.n % 13 = 0 then interval '3 hours' else interval '2 seconds' end,
       call.caller
  from call
on conflict do nothing;

-- Notes on a few worked leads.
insert into public.interactions (id, lead_id, type, content, occurred_at, created_at, created_by)
select md5('talentg-seed/note/' || n)::uuid,
       md5('talentg-seed/lead/' || n)::uuid,
       'note',
       (array['Prefers Hindi', 'Speaks Tamil; call after lunch', 'Works night shifts; mornings are best',
              'Asked for the brochure on WhatsApp', 'Father takes the decisions; include him on the call'])[1 + (n / 8) % 5],
       now() - make_interval(days => n % 14, hours => 1),
       now() - make_interval(days => n % 14, hours => 1),
       case when n % 5 in (0, 1) then '00000000-0000-4000-8000-000000000003'::uuid
            else '00000000-0000-4000-8000-000000000004'::uuid end
  from generate_series(1, 500) as n
 where n % 10 < 4 and n % 8 = 0
on conflict do nothing;

-- Callbacks. Leads whose last call was CB have a pending one: overdue, due later today, tomorrow
-- or next week. Earlier promises show the other states: done (before INT and SALE), cancelled
-- (before NI) and missed (some unanswered leads).
with worked as (
  select n,
         (array['NA','CB','INT','NI','B','SALE','CB','A','NA','DEC','INT','WN','CB','DC','NI','NA'])[1 + (n / 10) % 16] as last_outcome,
         case when n % 5 in (0, 1) then '00000000-0000-4000-8000-000000000003'::uuid
              when n % 5 in (2, 3) then '00000000-0000-4000-8000-000000000004'::uuid
         end as holder
    from generate_series(1, 500) as n
   where n % 10 < 6 and n % 97 <> 3
)
insert into public.callbacks (id, lead_id, owner_id, scope, due_at, state, note, created_by, closed_at, created_at)
select md5('talentg-seed/callback/' || w.n)::uuid,
       md5('talentg-seed/lead/' || w.n)::uuid,
       case when w.holder is null or w.n % 6 = 0 then null else w.holder end,
       case when w.holder is null or w.n % 6 = 0 then 'anyone' else 'personal' end,
       case when w.last_outcome = 'CB' then
              case w.n % 4
                when 0 then now() - make_interval(hours => 1 + w.n % 5)
                when 1 then now() + make_interval(hours => 1 + w.n % 3)
                when 2 then now() + make_interval(days => 1, hours => w.n % 8)
                else now() + make_interval(days => 7)
              end
            else now() - make_interval(days => 3 + w.n % 5)
       end,
       case w.last_outcome when 'CB' then 'pending' when 'NI' then 'cancelled' when 'NA' then 'missed' else 'done' end,
       case w.last_outcome
         when 'CB' then 'Call back after office hours, ask for the decision'
         when 'NI' then 'Cancelled: not interested any more'
         when 'NA' then 'Promised callback; nobody answered'
         else 'Follow-up call made as promised'
       end,
       coalesce(w.holder, '00000000-0000-4000-8000-000000000002'::uuid),
       case when w.last_outcome <> 'CB' then now() - make_interval(days => 3 + w.n % 5) + interval '10 minutes' end,
       now() - make_interval(days => 10 + w.n % 5)
  from worked w
 where w.last_outcome = 'CB'
    or w.last_outcome in ('INT', 'SALE', 'NI')
    or (w.last_outcome = 'NA' and w.n % 3 = 0)
on conflict do nothing;

-- Do-not-call: the DNC outcomes above added themselves; a manager added one lead from a
-- complaint and two numbers that are not leads.
insert into public.dnc_list (id, phone_e164, reason, added_by, created_at)
select md5('talentg-seed/dnc/' || d.slot)::uuid, d.phone, d.reason, '00000000-0000-4000-8000-000000000002'::uuid,
       now() - interval '20 days'
  from (
    select 1 as slot, (select l.phone_e164 from public.leads l where l.id = md5('talentg-seed/lead/4')::uuid) as phone,
           'Complaint through the website form' as reason
    union all select 2, '+919800000001', 'National DNC registry import'
    union all select 3, '+14155550100', 'Asked by email to be removed'
  ) as d
 where d.phone is not null
on conflict do nothing;

-- Assessments. Shapes are documented in migration ..._assessments.sql.
insert into public.assessments (id, title, description, questions, scoring_rules, is_active, created_by, created_at)
values
(
  '00000000-0000-4000-8000-00000000a001',
  'Telecaller Readiness Check',
  'Call etiquette, what the programme includes, and the compliance rules every call must follow.',
  $json$[
    {"id": "q1", "section": "communication", "type": "single",
     "prompt": "A lead answers and says they are busy. What do you do first?",
     "options": [{"id": "a", "label": "Finish the pitch quickly", "points": 0},
                 {"id": "b", "label": "Ask for a convenient time and log a callback", "points": 4},
                 {"id": "c", "label": "Hang up and try tomorrow", "points": 1},
                 {"id": "d", "label": "Send the brochure without asking", "points": 0}]},
    {"id": "q2", "section": "communication", "type": "single",
     "prompt": "How should a call open?",
     "options": [{"id": "a", "label": "Greet, give your name and TalentG, and confirm who you are speaking to", "points": 4},
                 {"id": "b", "label": "Ask straight away whether they want a job", "points": 1},
                 {"id": "c", "label": "Start with the fee", "points": 0}]},
    {"id": "q3", "section": "communication", "type": "text",
     "prompt": "Write the first two sentences you would say to a lead who missed their interview."},
    {"id": "q4", "section": "product", "type": "multi",
     "prompt": "Which of these does the placement programme include?",
     "options": [{"id": "a", "label": "Mock interviews", "points": 2},
                 {"id": "b", "label": "A guaranteed job offer", "points": -2},
                 {"id": "c", "label": "Resume review", "points": 2},
                 {"id": "d", "label": "Aptitude test practice", "points": 1}]},
    {"id": "q5", "section": "compliance", "type": "single",
     "prompt": "A lead says: never call me again. Which disposition do you log?",
     "options": [{"id": "a", "label": "NI - Not interested", "points": 0},
                 {"id": "b", "label": "DNC - Do not call", "points": 4},
                 {"id": "c", "label": "CB - Callback", "points": 0}]},
    {"id": "q6", "section": "compliance", "type": "single",
     "prompt": "When may you call a lead whose time zone is Asia/Kolkata?",
     "options": [{"id": "a", "label": "Any time", "points": 0},
                 {"id": "b", "label": "Between 09:00 and 21:00 their local time", "points": 4},
                 {"id": "c", "label": "Only at weekends", "points": 0}]}
  ]$json$::jsonb,
  $json${"sections": [{"id": "communication", "label": "Communication", "weight": 2},
                      {"id": "product", "label": "Programme knowledge", "weight": 1},
                      {"id": "compliance", "label": "Compliance", "weight": 1}],
         "pass_mark": 60}$json$::jsonb,
  true,
  '00000000-0000-4000-8000-000000000001',
  now() - interval '30 days'
),
(
  '00000000-0000-4000-8000-00000000a002',
  'Customer Communication Skills',
  'Listening and handling objections; run it with a lead during a qualification call or take it yourself.',
  $json$[
    {"id": "q1", "section": "listening", "type": "single",
     "prompt": "The lead is explaining their situation at length. You should:",
     "options": [{"id": "a", "label": "Interrupt to save time", "points": 0},
                 {"id": "b", "label": "Let them finish, then summarise what you heard", "points": 5},
                 {"id": "c", "label": "Put them on hold", "points": 0}]},
    {"id": "q2", "section": "listening", "type": "multi",
     "prompt": "Which show the lead you are listening?",
     "options": [{"id": "a", "label": "Repeating their key point back", "points": 2},
                 {"id": "b", "label": "Typing loudly", "points": -1},
                 {"id": "c", "label": "Asking a follow-up question", "points": 2}]},
    {"id": "q3", "section": "objections", "type": "single",
     "prompt": "The lead says the fee is too high. The best first answer is:",
     "options": [{"id": "a", "label": "Offer a discount at once", "points": 1},
                 {"id": "b", "label": "Ask what they are comparing it with and explain the value", "points": 5},
                 {"id": "c", "label": "Tell them everyone pays it", "points": 0}]},
    {"id": "q4", "section": "objections", "type": "single",
     "prompt": "The lead says they need to ask family first. You:",
     "options": [{"id": "a", "label": "Schedule a callback when the family is available", "points": 5},
                 {"id": "b", "label": "Mark the lead lost", "points": 0}]}
  ]$json$::jsonb,
  $json${"sections": [{"id": "listening", "label": "Listening", "weight": 1},
                      {"id": "objections", "label": "Objection handling", "weight": 1}],
         "pass_mark": 70}$json$::jsonb,
  true,
  '00000000-0000-4000-8000-000000000001',
  now() - interval '20 days'
)
on conflict do nothing;

-- Both assessments go to user@ and tc1@.
insert into public.assessment_assignments (id, assessment_id, user_id, assigned_by, due_at, created_at)
select md5('talentg-seed/assignment/' || a.id || '/' || u.id)::uuid, a.id, u.id,
       '00000000-0000-4000-8000-000000000001'::uuid,
       now() + interval '7 days', now() - interval '10 days'
  from (values ('00000000-0000-4000-8000-00000000a001'::uuid), ('00000000-0000-4000-8000-00000000a002'::uuid)) as a (id)
 cross join (values ('00000000-0000-4000-8000-000000000005'::uuid), ('00000000-0000-4000-8000-000000000003'::uuid)) as u (id)
on conflict do nothing;

-- user@ has submitted the readiness check (the trigger scores it: 82.50, passed, and completes
-- the assignment); tc1@ is part-way through the communication assessment with one of their leads.
insert into public.assessment_responses (id, assessment_id, user_id, lead_id, answers, status, started_at, submitted_at, created_at)
values
  ('00000000-0000-4000-8000-00000000b001', '00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-000000000005',
   null,
   '{"q1": "b", "q2": "a", "q3": "Hello, this is Sameer from TalentG. I saw you could not make it on Monday; shall we find a new slot?",
     "q4": ["a", "c"], "q5": "b", "q6": "a"}'::jsonb,
   'submitted', now() - interval '2 days 1 hour', now() - interval '2 days', now() - interval '2 days 1 hour'),
  ('00000000-0000-4000-8000-00000000b002', '00000000-0000-4000-8000-00000000a002', '00000000-0000-4000-8000-000000000003',
   md5('talentg-seed/lead/5')::uuid,
   '{"q1": "b"}'::jsonb,
   'in_progress', now() - interval '1 hour', null, now() - interval '1 hour')
on conflict do nothing;

-- Releases: the current stable build and a beta staged to a quarter of installations.
insert into public.releases (id, version, channel, platform, arch, file_name, url, sha512, size_bytes, staged_percentage, notes, published_at, created_by, created_at)
select r.id, r.version, r.channel, 'win32', 'x64', r.file_name,
       'https://downloads.talentg.test/workstation/' || r.channel || '/' || r.file_name,
       replace(encode(extensions.digest('talentg-workstation ' || r.version, 'sha512'), 'base64'), E'\n', ''),
       r.size_bytes, r.staged, r.notes, r.published_at, '00000000-0000-4000-8000-000000000001'::uuid, r.published_at
  from (values
    ('00000000-0000-4000-8000-00000000c001'::uuid, '0.1.0', 'stable', 'TalentG-Workstation-Setup-0.1.0.exe',
     98765432::bigint, 100::smallint, 'First release: call queue, dispositions, callbacks, offline sync.', now() - interval '3 days'),
    ('00000000-0000-4000-8000-00000000c002'::uuid, '0.2.0-beta.1', 'beta', 'TalentG-Workstation-Setup-0.2.0-beta.1.exe',
     99123456::bigint, 25::smallint, 'Beta: live floor board and CSV import.', now() - interval '1 day')
  ) as r (id, version, channel, file_name, size_bytes, staged, notes, published_at)
on conflict do nothing;
