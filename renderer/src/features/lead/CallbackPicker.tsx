// When to call back, on the lead's clock: two quick choices inside the floor's calling hours and a custom
// date and time (warned, not refused, outside them), inline on the card.
import { useEffect, useId, useRef, useState } from 'react';
import { CALLBACK_NOTE_MAX_CHARS } from '../../../../src/contract/wire-types';
import {
  callbackTimeWarning,
  inAnHour,
  quickCallbackChoices,
  type CallbackChoice,
} from '../../../../src/domain/callback-times';
import { localClock, type CallingWindow } from '../../../../src/domain/calling-window';
import { useKey } from '../../app/keys';
import {
  clockText,
  formatOnLeadClock,
  instantAt,
  ownTimeZone,
  parseLocalInputValue,
  placeOf,
  toLocalInputValue,
} from '../../app/lead-clock';
import { useLead, type LeadCard, type PickerPurpose } from './lead-store';

/** Whether two zone names are one zone: Chromium names India's zone Asia/Calcutta, the server Asia/Kolkata. */
function sameTimeZone(a: string, b: string): boolean {
  const canonical = (zone: string): string => {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch (error) {
      if (error instanceof RangeError) return zone;
      throw error;
    }
  };
  return a === b || canonical(a) === canonical(b);
}

interface CallbackPickerProps {
  readonly card: LeadCard;
  readonly purpose: PickerPurpose;
  readonly now: number;
  /** The floor's calling hours, as the core judges by them (useCallingHoursView). */
  readonly hours: CallingWindow;
}

export function CallbackPicker({ card, purpose, now, hours }: CallbackPickerProps) {
  const { lead } = card;
  const zone = lead.time_zone ?? ownTimeZone();
  const quick = quickCallbackChoices(now, zone, hours);
  // A zone the picker cannot judge (never stored by the core) still gets an hour from now, unjudged.
  const [first, second]: readonly [CallbackChoice, CallbackChoice | null] = quick.ok
    ? quick.choices
    : [{ kind: 'in-an-hour', at: inAnHour(now), label: 'In 1 hour' }, null];
  const [custom, setCustom] = useState(() => toLocalInputValue(first.at, zone));
  const [note, setNote] = useState('');
  const [anyone, setAnyone] = useState(false);
  const firstRef = useRef<HTMLButtonElement>(null);
  const warningId = useId();

  const customWall = parseLocalInputValue(custom);
  const customAt = customWall === null ? null : instantAt(customWall, zone);
  const customWarning = customAt === null ? null : callbackTimeWarning(customAt, zone, hours);
  const sameZone = sameTimeZone(zone, ownTimeZone());
  const timeIn = (at: number, timeZone: string): string => {
    const clock = localClock(at, timeZone);
    return clock.ok ? clockText(clock) : '';
  };
  const yours = (at: number): string => (sameZone ? '' : ` · ${timeIn(at, ownTimeZone())} yours`);

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const confirm = (at: number | null): void => {
    if (at === null) return;
    const choice = {
      due_at: new Date(at).toISOString(),
      note: note.trim(),
      scope: anyone ? ('anyone' as const) : ('personal' as const),
    };
    const store = useLead.getState();
    void (purpose.kind === 'disposition'
      ? store.dispose(purpose.code, choice)
      : store.schedule(choice));
  };
  const cancel = (): void => useLead.getState().openPicker(null);

  useKey(
    {
      key: '1',
      description: 'Callback in an hour (or when calling hours next open)',
      group: 'Callback picker',
    },
    () => confirm(first.at),
  );
  useKey(
    {
      key: '2',
      description: 'Callback on the next calling day, 10:00 their time',
      group: 'Callback picker',
    },
    () => confirm(second?.at ?? null),
  );
  useKey(
    {
      key: 'Escape',
      description: 'Close the callback picker',
      group: 'Callback picker',
      inInputs: true,
    },
    cancel,
  );

  const title =
    purpose.kind === 'disposition' ? `Call back when? (${purpose.code})` : 'Schedule a callback';
  return (
    <div className="lc-picker" role="group" aria-label={title}>
      <div className="lc-picker-head">
        <h4 className="lc-picker-title">{title}</h4>
        <span className="lc-faint">Times on {placeOf(lead.time_zone)}’s clock</span>
      </div>
      <div className="lc-picker-quick">
        <button
          ref={firstRef}
          type="button"
          className="lc-choice"
          aria-keyshortcuts="1"
          data-choice={first.kind}
          onClick={() => confirm(first.at)}
        >
          <kbd className="lc-kbd">1</kbd>
          <span className="lc-choice-main">{first.label}</span>
          <span className="lc-choice-sub">
            {first.kind === 'in-an-hour'
              ? `${timeIn(first.at, zone)}${sameZone ? '' : ' their time'}`
              : formatOnLeadClock(first.at, zone)}
            {yours(first.at)}
          </span>
        </button>
        <button
          type="button"
          className="lc-choice"
          aria-keyshortcuts="2"
          data-choice={second?.kind}
          disabled={second === null}
          onClick={() => confirm(second?.at ?? null)}
        >
          <kbd className="lc-kbd">2</kbd>
          <span className="lc-choice-main">{second?.label ?? 'Next calling day 10:00'}</span>
          <span className="lc-choice-sub">
            {second === null ? '' : `${formatOnLeadClock(second.at, zone)}${yours(second.at)}`}
          </span>
        </button>
      </div>
      <form
        className="lc-picker-custom"
        onSubmit={(event) => {
          event.preventDefault();
          confirm(customAt);
        }}
      >
        <label className="lc-field">
          <span>Date and time ({placeOf(lead.time_zone)})</span>
          <input
            type="datetime-local"
            value={custom}
            aria-describedby={customWarning === null ? undefined : warningId}
            onChange={(event) => setCustom(event.target.value)}
          />
        </label>
        <label className="lc-field lc-field-grow">
          <span>Callback note</span>
          <input
            type="text"
            value={note}
            maxLength={CALLBACK_NOTE_MAX_CHARS}
            placeholder="Optional: what to say when calling back"
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
        <label className="lc-check">
          <input
            type="checkbox"
            checked={anyone}
            onChange={(event) => setAnyone(event.target.checked)}
          />
          Anyone on the team may call
        </label>
        <div className="lc-picker-actions">
          <button type="submit" className="button button-primary" disabled={customAt === null}>
            {purpose.kind === 'disposition' ? `Log ${purpose.code} at this time` : 'Schedule'}
          </button>
          <button
            type="button"
            className="button button-quiet"
            aria-label="Cancel"
            onClick={cancel}
          >
            Cancel <kbd className="lc-kbd">Esc</kbd>
          </button>
        </div>
        {customWarning === null ? null : (
          <p id={warningId} className="lc-picker-warning" data-outside-calling-hours="true">
            {customWarning}. You can still schedule it.
          </p>
        )}
      </form>
    </div>
  );
}
