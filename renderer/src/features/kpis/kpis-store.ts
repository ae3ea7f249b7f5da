// The KPI screen's state: the chosen range, the report the server counted for it, and whose figures
// the charts show (the floor, or one telecaller picked in the table).
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type { KpiRange, KpiReport } from '../../../../src/contract/operations/kpis';
import { core } from '../../app/client';
import { ownTimeZone } from '../../app/lead-clock';

interface KpisStore {
  readonly range: KpiRange;
  readonly report: KpiReport | null;
  /** The range `report` answers; differs from `range` while a switch is counted. */
  readonly reportRange: KpiRange | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
  /** The telecaller the charts follow; null for the whole floor. */
  readonly focus: string | null;
  load(): Promise<void>;
  setRange(range: KpiRange): void;
  toggleFocus(userId: string | null): void;
}

// Only the newest request may land: a slow answer for Today must not replace a later Week.
let latestRequest = 0;

export const useKpis = create<KpisStore>()((set, get) => ({
  range: 'today',
  report: null,
  reportRange: null,
  error: null,
  loading: false,
  focus: null,

  load: async () => {
    const request = ++latestRequest;
    const range = get().range;
    set({ loading: true });
    const answer = await core().kpis.get({ range, time_zone: ownTimeZone() });
    if (request !== latestRequest) return;
    if (!answer.success) {
      // The last figures stay on screen under the error: a dropped connection loses nothing shown.
      set({ loading: false, error: answer.error });
      return;
    }
    const report = answer.data;
    const focus = get().focus;
    set({
      loading: false,
      error: null,
      report,
      reportRange: range,
      // A person who left the report (another range) no longer holds the charts.
      focus: focus !== null && report.people.some((p) => p.user_id === focus) ? focus : null,
    });
  },

  setRange: (range) => {
    if (range === get().range) return;
    // The last report stays (dimmed) until the new one lands, so the screen does not flash empty.
    set({ range });
    void get().load();
  },

  toggleFocus: (userId) => set((state) => ({ focus: state.focus === userId ? null : userId })),
}));
