// The floor's calling hours as the core judges "callable now" by them: every lead clock (queue, lead card,
// callbacks) and the queue's explanation read them here, and follow a manager's change.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { CallingHoursView } from '../../../src/contract/operations/calling-hours';
import { callingHoursText } from '../../../src/domain/calling-hours';
import { DEFAULT_CALLING_WINDOW } from '../../../src/domain/calling-window';
import { core } from './client';
import { coalesced } from './coalesced';
import { listenToCore } from './core-events';

interface CallingHoursStore {
  /** The default until the core answers (the core itself judges by the default until it knows better). */
  readonly hours: CallingHoursView;
  load(): Promise<void>;
  /** Takes the hours a save answered, before the change's event arrives. */
  took(hours: CallingHoursView): void;
}

const DEFAULT_HOURS: CallingHoursView = {
  window: DEFAULT_CALLING_WINDOW,
  text: callingHoursText(DEFAULT_CALLING_WINDOW),
  updated_at: null,
};

async function readHours(): Promise<void> {
  const answer = await core().floor.callingHours({});
  // Signed out or a bridge hiccup: the hours shown stay what they were; the core decides callability anyway.
  if (answer.success) useCallingHours.setState({ hours: answer.data });
}

export const useCallingHours = create<CallingHoursStore>()(() => ({
  hours: DEFAULT_HOURS,
  load: coalesced(readHours),
  took: (hours) => useCallingHours.setState({ hours }),
}));

/**
 * The hours as screens print them: null until the core has read them from the server at least once
 * (it answers updated_at then). Before that it judges by DEFAULT_CALLING_WINDOW, which a first sign-in
 * must not present as the floor's hours.
 */
export function shownHoursText(hours: CallingHoursView): string | null {
  return hours.updated_at === null ? null : hours.text;
}

let following = false;

/** Reads the hours once and after every change of them or of the person signed in, for the app's life. */
function follow(): void {
  if (following) return;
  following = true;
  const load = () => void useCallingHours.getState().load();
  listenToCore('cache:changed', ({ tables }) => {
    if (tables.includes('floor_settings')) load();
  });
  listenToCore('session:changed', load);
  load();
}

/** The hours every lead clock is judged by, followed from the first screen that asks. */
export function useCallingHoursView(): CallingHoursView {
  useEffect(follow, []);
  return useCallingHours((state) => state.hours);
}
