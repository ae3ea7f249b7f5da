-- interactions_stamp fires only for a created_at other than the transaction's time: a default
-- created_at (every sync insert) needs no correcting.

drop trigger interactions_stamp on public.interactions;
create trigger interactions_stamp
  before insert on public.interactions
  for each row
  when (new.created_at is distinct from now())
  execute function private.stamp_interaction();
