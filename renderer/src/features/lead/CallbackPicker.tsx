// When to call back, on the lead's clock: two quick choices and a custom date and time, inline on the card.
import { useEffect, useRef, useState } from 'react';
import { CALLBACK_NOTE_MAX_CHARS } from '../../../../src/contract/wire-types';
import { useKey } from '../../app/keys';
import { localClock } from '../../../../src/domain/calling-window';
import {
  clockText,
  formatOnLeadClock,
  instantAt,
  leadDayAt,
  ownTimeZone,
  parseLocalInputValue,
  placeOf,
  toLocalInputValue,
} from '../../app/lead-clock';
import { useLead, type LeadCard, type PickerPurpose } from './lead-store';

const FIVE_MINUTES = 5 * 60_000;

/** An hour from now, rounded up to five minutes: a time a person would say out loud. */
function inAnHour(now: number): number {
  return Math.ceil((now + 60 * 60_000) / FIVE_MINUTES) * FIVE_MINUTES;
}

interface CallbackPickerProps {
  readonly card: LeadCard;
  readonly purpose: PickerPurpose;
  readonly now: number;
}

export function CallbackPicker({ card, purpose, now }: CallbackPickerProps) {
  const { lead } = card;
  const zone = lead.time_zone ?? ownTimeZone();
  const [custom, setCustom] = useState(() => toLocalInputValue(inAnHour(now), zone));
  const [note, setNote] = useState('');
  const [anyone, setAnyone] = useState(false);
  const firstRef = useRef<HTMLButtonElement>(null);

  const hour = inAnHour(now);
  const tomorrowWall = leadDayAt(now, zone, 1, 10);
  const tomorrow = tomorrowWall === null ? null : instantAt(tomorrowWall, zone);
  const customWall = parseLocalInputValue(custom);
  const customAt = customWall === null ? null : instantAt(customWall, zone);
  const sameZone = zone === ownTimeZone();
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

  useKey({ key: '1', description: 'Callback in an hour', group: 'Callback picker' }, () =>
    confirm(hour),
  );
  useKey(
    { key: '2', description: 'Callback tomorrow 10:00 their time', group: 'Callback picker' },
    () => confirm(tomorrow),
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
          onClick={() => confirm(hour)}
        >
          <kbd className="lc-kbd">1</kbd>
          <span className="lc-choice-main">In 1 hour</span>
          <span className="lc-choice-sub">
            {timeIn(hour, zone)}
            {sameZone ? '' : ' their time'}
            {yours(hour)}
          </span>
        </button>
        <button
          type="button"
          className="lc-choice"
          aria-keyshortcuts="2"
          disabled={tomorrow === null}
          onClick={() => confirm(tomorrow)}
        >
          <kbd className="lc-kbd">2</kbd>
          <span className="lc-choice-main">Tomorrow 10:00</span>
          <span className="lc-choice-sub">
            {tomorrow === null ? '' : `${formatOnLeadClock(tomorrow, zone)}${yours(tomorrow)}`}
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
          <button
            type="submit"
            className="button button-primary"
            disabled={customAt === null}
          >
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
      </form>
    </div>
  );
}
