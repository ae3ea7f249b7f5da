-- Seats bought or refunded reach an open People screen (issue 15 leftovers). A seat purchase or refund
-- is written by stripe-webhook (service role) while People may be open, showing "Seats 12 of 15".
-- Publishing team_seats lets the workstation hear it on Realtime (postgres_changes), as it hears
-- profiles (migration profiles_realtime); each change is checked against team_seats_select, so only
-- staff (active managers and admins) hear of seats, as only they read them.
alter publication supabase_realtime add table public.team_seats;
