// The floor's calling hours for managers and admins: the days as toggles, two times, each problem beside
// its field, and a saved state that says what every telecaller's queue now follows.
import { useState } from 'react';
import type { ApiError } from '../../../../src/contract/api-response';
import { callingHoursText, DAY_NAMES } from '../../../../src/domain/calling-hours';
import { WEEKDAYS, type Weekday } from '../../../../src/domain/calling-window';
import { useCallingHours, useCallingHoursView } from '../../app/calling-hours';
import { core } from '../../app/client';
import {
  checkDraft,
  draftOf,
  draftUnchanged,
  toggleDay,
  type CallingHoursDraft,
} from './calling-hours-form';
import '../../ui/controls.css';
import '../../ui/screen.css';
import './calling-hours.css';

/** The toggles' accessible names; they show calling-hours.ts's short DAY_NAMES. */
const DAY_LONG_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

type Phase = 'idle' | 'saving' | 'saved';

function refusalText(error: ApiError): string {
  switch (error.code) {
    case 'FORBIDDEN':
      return 'Only a manager or an admin can change the calling hours.';
    case 'OFFLINE':
      return 'The server cannot be reached: the hours were not changed. Try again when online.';
    default:
      return error.message;
  }
}

function savedAt(updatedAt: string | null): string {
  if (updatedAt === null) return '';
  const when = new Date(updatedAt).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `, set ${when}`;
}

/** One of the two times, typed as hh:mm; its problem is printed under both, named by describedBy. */
function TimeField(props: {
  readonly legend: string;
  readonly value: string;
  readonly placeholder: string;
  readonly invalid: boolean;
  readonly describedBy: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <label className="ch-time">
      <span className="ch-legend">{props.legend}</span>
      <input
        className="input ch-input"
        value={props.value}
        inputMode="numeric"
        placeholder={props.placeholder}
        maxLength={5}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}

export function CallingHoursPanel() {
  const hours = useCallingHoursView();
  // null until the manager edits: the form shows the hours in force, another manager's change included.
  const [edited, setEdited] = useState<CallingHoursDraft | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [refusal, setRefusal] = useState<string | null>(null);
  const draft = edited ?? draftOf(hours.window);
  const touched = edited !== null;

  const checked = checkDraft(draft);
  const problems = checked.ok ? {} : checked.problems;
  const unchanged = draftUnchanged(draft, hours.window);

  const edit = (next: CallingHoursDraft): void => {
    setEdited(next);
    setPhase('idle');
    setRefusal(null);
  };

  const save = async (): Promise<void> => {
    if (!checked.ok || unchanged || phase === 'saving') return;
    setPhase('saving');
    setRefusal(null);
    const answer = await core().floor.setCallingHours(checked.window);
    if (!answer.success) {
      setPhase('idle');
      setRefusal(refusalText(answer.error));
      return;
    }
    useCallingHours.getState().took(answer.data);
    setEdited(null);
    setPhase('saved');
  };

  const undo = (): void => {
    setEdited(null);
    setPhase('idle');
    setRefusal(null);
  };

  const status =
    phase === 'saving'
      ? 'Saving…'
      : phase === 'saved'
        ? `Saved. Every telecaller's queue now follows ${hours.text}.`
        : unchanged
          ? hours.updated_at === null
            ? 'Reading the hours in force…'
            : `In force: ${hours.text}${savedAt(hours.updated_at)}.`
          : checked.ok
            ? `Not saved: ${callingHoursText(checked.window)}.`
            : 'Not saved.';

  return (
    <section className="panel ch-panel" aria-labelledby="ch-title">
      <form
        className="ch-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        noValidate
      >
        <div className="ch-intro">
          <h2 id="ch-title" className="panel-title">
            Calling hours
          </h2>
          <p className="ch-lede">On each lead&rsquo;s own clock. Every queue follows.</p>
        </div>

        <fieldset className="ch-field ch-days" aria-describedby="ch-days-problem">
          <legend className="ch-legend">Days</legend>
          <div className="ch-day-row">
            {WEEKDAYS.map((day) => {
              const on = draft.days.includes(day);
              return (
                <button
                  key={day}
                  type="button"
                  className="ch-day"
                  aria-pressed={on}
                  aria-label={DAY_LONG_NAMES[day]}
                  data-day={day}
                  onClick={() => edit(toggleDay(draft, day))}
                >
                  {DAY_NAMES[day]}
                </button>
              );
            })}
          </div>
          <p id="ch-days-problem" className="ch-problem" aria-live="polite">
            {problems.days ?? ''}
          </p>
        </fieldset>

        <div className="ch-field ch-times">
          <TimeField
            legend="From"
            value={draft.start}
            placeholder="09:00"
            invalid={problems.start !== undefined}
            describedBy="ch-start-problem"
            onChange={(start) => edit({ ...draft, start })}
          />
          <TimeField
            legend="Until"
            value={draft.end}
            placeholder="21:00"
            invalid={problems.end !== undefined}
            describedBy="ch-end-problem ch-end-hint"
            onChange={(end) => edit({ ...draft, end })}
          />
          <p className="ch-problem ch-times-problem" aria-live="polite">
            <span id="ch-start-problem">{problems.start ?? ''}</span>{' '}
            <span id="ch-end-problem">{problems.end ?? ''}</span>
          </p>
          <p id="ch-end-hint" className="ch-hint">
            24-hour clock; 24:00 is midnight.
          </p>
        </div>

        <div className="ch-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={!checked.ok || unchanged || phase === 'saving'}
          >
            Save hours
          </button>
          <button
            type="button"
            className="button button-quiet"
            disabled={!touched || phase === 'saving'}
            onClick={undo}
          >
            Undo
          </button>
          <p
            className="ch-status"
            role="status"
            data-state={phase}
            data-unsaved={!unchanged || undefined}
          >
            {status}
          </p>
          {refusal !== null ? (
            <p className="ch-refusal" role="alert">
              {refusal}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}
