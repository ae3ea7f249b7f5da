// The floor board's state: the last board the core answered, and how far the server's clock is from
// this one, so time in state ticks from the server's view whatever this machine's clock says.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import { FLOOR_HEARTBEAT_MS, type FloorPerson } from '../../../../src/contract/operations/floor';
import { core } from '../../app/client';
import { ownTimeZone } from '../../app/lead-clock';
import { coalesced } from '../../app/coalesced';
import { listenToCore } from '../../app/core-events';

interface FloorStore {
  readonly people: readonly FloorPerson[] | null;
  /** The server's clock minus this one's, measured when the board arrived. */
  readonly clockOffsetMs: number;
  readonly error: ApiError | null;
  load(): Promise<void>;
  /** Loads now, again on every floor:changed and every heartbeat interval; returns the stop. */
  follow(): () => void;
}

async function readBoard(): Promise<void> {
  // "Today" starts at the manager's own midnight.
  const answer = await core().floor.board({ time_zone: ownTimeZone() });
  if (!answer.success) {
    // The last board stays on screen under the error: a dropped connection hides nobody.
    useFloor.setState({ error: answer.error });
    return;
  }
  useFloor.setState({
    people: answer.data.people,
    clockOffsetMs: Date.parse(answer.data.as_of) - Date.now(),
    error: null,
  });
}

export const useFloor = create<FloorStore>()(() => ({
  people: null,
  clockOffsetMs: 0,
  error: null,

  // A change that arrives while a board is being read: read once more when it lands, not once per event.
  load: coalesced(readBoard),

  follow: () => {
    const load = () => void useFloor.getState().load();
    load();
    const stopListening = listenToCore('floor:changed', load);
    const timer = window.setInterval(load, FLOOR_HEARTBEAT_MS);
    return () => {
      stopListening();
      window.clearInterval(timer);
    };
  },
}));
