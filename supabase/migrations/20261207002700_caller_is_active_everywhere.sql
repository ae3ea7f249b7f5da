-- The rest of the tables whose policies name the caller (auth.uid()) get deactivated_reads' restrictive
-- caller_is_active policy too: a deactivated person's still-valid token reads none of their purchases or
-- unlocks, and adds nothing to the do-not-call list. pgTAP 40 now finds such tables by their policies, so
-- a new one without it fails the suite instead of slipping past a fixed list.
do $$
declare
  v_table text;
begin
  foreach v_table in array array['purchases', 'assessment_unlocks', 'dnc_list']
  loop
    execute format(
      'create policy caller_is_active on public.%I as restrictive for all to authenticated '
      'using ((select private.caller_is_active())) with check ((select private.caller_is_active()))',
      v_table);
  end loop;
end;
$$;
