-- The floor's one settings row gets a fixed id instead of a random one: every database built from the
-- migrations holds the same row (the catalog snapshot compares migration-seeded rows), and the audit
-- log's entries name the same id everywhere. Nothing refers to the row's id but those entries.
update public.floor_settings
   set id = '00000000-0000-4000-8000-0000000f1005'
 where singleton;
