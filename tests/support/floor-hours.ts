// The floor's calling hours as a floor_settings row, for tests and benches that need every seed lead
// callable whatever the day and hour they run at (the default is 09:00-21:00 Mon-Sat on each lead's clock).

/** Calling hours under which every lead is callable, whatever the day: the floor calls all week. */
export const ALL_WEEK_HOURS = {
  calling_start: '00:00',
  calling_end: '24:00',
  calling_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
};
