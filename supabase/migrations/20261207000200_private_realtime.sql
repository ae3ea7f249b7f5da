-- Realtime Authorization for the two channels the workstation joins, both private (config.private):
-- Realtime evaluates these policies on realtime.messages as the joining user, with realtime.topic()
-- naming the channel. SELECT decides who joins and what they receive (broadcast, presence); INSERT
-- decides who sends a broadcast or tracks presence. No policy, no access: anon gets none.
--
-- `floor`, the managers' board. Managers and admins read everything on it. A telecaller may join (a
-- broadcast read, and nobody may broadcast there) without reading anyone's presence, and tracks their
-- own. Every floor member tracks only under their own user id: hosted Realtime shows the policy no
-- presence key (its check row has a null payload, supabase discussion #28218), so there the key rests
-- on the client; the embedded stack shows it as payload->>'presence_key', and this policy holds it to
-- auth.uid().
--
-- `workstation:<user id>`, the per-user doorbell. Only that user joins; the pokes come from
-- postgres_changes on public.sync_pokes (RLS-checked per change), so no client may broadcast or track
-- there: no INSERT policy. A server-side broadcast needs the service role, which bypasses RLS.

create policy floor_staff_read on realtime.messages
  for select to authenticated
  using ((select realtime.topic()) = 'floor' and (select private.is_staff()));

create policy floor_telecaller_join on realtime.messages
  for select to authenticated
  using (
    (select realtime.topic()) = 'floor' and extension = 'broadcast'
    and (select private.current_app_role()) = 'telecaller'
  );

create policy floor_track_own_key on realtime.messages
  for insert to authenticated
  with check (
    (select realtime.topic()) = 'floor' and extension = 'presence'
    and (select private.current_app_role()) in ('admin', 'manager', 'telecaller')
    and coalesce(payload ->> 'presence_key', (select auth.uid())::text) = (select auth.uid())::text
  );

create policy workstation_read_own on realtime.messages
  for select to authenticated
  using ((select realtime.topic()) = 'workstation:' || (select auth.uid())::text);
