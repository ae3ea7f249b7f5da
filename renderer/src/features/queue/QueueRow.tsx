// One lead in the queue or in the search results: who, why now, their clock, and what stands in the way.
import { memo, type CSSProperties } from 'react';
import type { WireQueueEntry } from '../../../../src/contract/operations/leads';
import type { WireLead } from '../../../../src/contract/records';
import type { CallingWindow } from '../../../../src/domain/calling-window';
import type { QueueReason } from '../../../../src/domain/queue';
import { useCallingHoursView } from '../../app/calling-hours';
import { leadClock, relativeTime } from '../../app/lead-clock';
import { readablePhone } from '../../app/readable-phone';
import { WindowDot } from '../../ui/WindowDot';

const REASON_LABEL: Readonly<Record<QueueReason, string>> = {
  callback_overdue: 'Overdue',
  callback_due: 'Callback',
  new: 'New',
  recycled: 'Recycled',
};

// Rows re-render as the list scrolls: a zone's clock is kept, not redone.
let clocksMinute = -1;
let clocksWindow: CallingWindow | null = null;
const clocks = new Map<string, ReturnType<typeof leadClock>>();
/** The lead's clock, once per time zone and minute (and calling hours: a manager may change them). */
function clockOf(
  now: number,
  timeZone: string | null,
  window: CallingWindow,
): ReturnType<typeof leadClock> {
  const minute = Math.floor(now / 60_000);
  if (minute !== clocksMinute || window !== clocksWindow) {
    clocks.clear();
    clocksMinute = minute;
    clocksWindow = window;
  }
  const key = timeZone ?? '';
  let clock = clocks.get(key);
  if (clock === undefined) {
    clock = leadClock(now, timeZone, window);
    clocks.set(key, clock);
  }
  return clock;
}

function reasonText(entry: WireQueueEntry, now: number): string {
  if (entry.reason === 'callback_overdue' || entry.reason === 'callback_due') {
    const due = Date.parse(entry.due_at);
    const when = relativeTime(due, now);
    return `${REASON_LABEL[entry.reason]} ${when === 'now' ? 'now' : when}`;
  }
  return REASON_LABEL[entry.reason];
}

interface LeadRowProps {
  readonly lead: WireLead;
  /** Absent in search results: a found lead is not necessarily in the queue. */
  readonly entry?: WireQueueEntry;
  readonly index: number;
  readonly setSize: number;
  readonly selected: boolean;
  readonly open: boolean;
  readonly now: number;
  readonly style?: CSSProperties;
  readonly onOpen: (leadId: string, index: number) => void;
}

export const LeadRow = memo(function LeadRow({
  lead,
  entry,
  index,
  setSize,
  selected,
  open,
  now,
  style,
  onOpen,
}: LeadRowProps) {
  const clock = clockOf(now, lead.time_zone, useCallingHoursView().window);
  const blocked = lead.do_not_call || lead.consent === 'withdrawn';
  const reason = entry?.reason;
  const classes = ['q-row'];
  if (selected) classes.push('is-selected');
  if (open) classes.push('is-open');
  return (
    <div
      role="option"
      id={`q-row-${lead.id}`}
      aria-selected={selected}
      aria-current={open ? 'true' : undefined}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      data-lead-id={lead.id}
      data-reason={reason}
      className={classes.join(' ')}
      style={style}
      onClick={() => onOpen(lead.id, index)}
    >
      <div className="q-row-line">
        <span className="q-name" title={lead.name}>
          {lead.name}
        </span>
        <span
          className={`q-clock q-window-${clock.window}`}
          title={`${clock.place}: ${clock.windowText}`}
        >
          {clock.otherDay ? <span className="q-day">{clock.weekday}</span> : null}
          {clock.time}
          <WindowDot window={clock.window} />
          <span className="visually-hidden">, {clock.windowText}</span>
        </span>
      </div>
      <div className="q-row-line q-row-sub">
        {entry !== undefined ? (
          <span className={`q-badge q-reason-${entry.reason}`}>{reasonText(entry, now)}</span>
        ) : (
          <span className="q-badge q-status">{lead.status}</span>
        )}
        <span className="q-company" title={lead.company ?? undefined}>
          {lead.company ?? readablePhone(lead.phone_e164)}
        </span>
        {blocked ? (
          <span
            className="q-badge q-dnc"
            title={lead.do_not_call ? 'Do not call' : 'Consent withdrawn'}
          >
            DNC
          </span>
        ) : null}
        {lead.pending_writes > 0 ? (
          <span
            className="q-pending"
            title={`${lead.pending_writes} change${lead.pending_writes === 1 ? '' : 's'} not yet synced`}
          >
            <span aria-hidden="true">↑</span>
            <span className="visually-hidden">Pending sync</span>
            {lead.pending_writes}
          </span>
        ) : null}
        {/* Never called says nothing a New badge does not; a count says how worn the lead is. */}
        {lead.attempts > 0 ? (
          <span className="q-attempts" title={`${lead.attempts} call attempts`}>
            {lead.attempts}
            <span aria-hidden="true">×</span>
            <span className="visually-hidden"> attempts</span>
          </span>
        ) : null}
      </div>
    </div>
  );
});

/** A row not read yet: the same height, so the scrollbar does not jump when it arrives. */
export function PlaceholderRow({ style }: { readonly style?: CSSProperties }) {
  return (
    <div className="q-row q-row-placeholder" style={style} aria-hidden="true">
      <div className="q-skeleton q-skeleton-name" />
      <div className="q-skeleton q-skeleton-sub" />
    </div>
  );
}
