// The managers' live floor board (DESIGN.md §1, §8): one row per person with their state, time in it
// (tinted as it grows long), the lead on the call, calls and contacts today and writes still pending on
// their workstation. It follows the core's floor:changed and reads the board every heartbeat interval.
import { useEffect, useMemo } from 'react';
import type { FloorPerson } from '../../../../src/contract/operations/floor';
import { useNow } from '../../app/lead-clock';
import { formatTimeInState } from '../../app/presence-words';
import { useFloor } from './floor-store';
import {
  FLOOR_LABELS,
  msInState,
  presenceAt,
  sortFloor,
  summarise,
  tintOf,
  type FloorSummary,
} from './floor-words';
import '../../ui/screen.css';
import './floor.css';

const SUMMARY: readonly { readonly key: keyof FloorSummary; readonly label: string }[] = [
  { key: 'ready', label: 'Ready' },
  { key: 'on_call', label: 'On call' },
  { key: 'wrap_up', label: 'Wrap-up' },
  { key: 'paused', label: 'Paused' },
  { key: 'stale', label: 'No heartbeat' },
  { key: 'offline', label: 'Offline' },
];

const ROLE_TAGS: Readonly<Record<FloorPerson['role'], string | null>> = {
  telecaller: null,
  manager: 'Manager',
  admin: 'Admin',
};

function StateCell({ person }: { readonly person: FloorPerson }) {
  const label = FLOOR_LABELS[person.presence];
  // Silent people keep their last report in view, so a manager knows what they were doing.
  const last =
    (person.presence === 'stale' || person.presence === 'offline') && person.state !== null
      ? `last ${FLOOR_LABELS[person.state].toLowerCase()}`
      : null;
  return (
    <span className="fl-state">
      <span className="fl-dot" aria-hidden="true" />
      <span className="fl-state-label">{label}</span>
      {person.presence === 'paused' && person.pause_reason !== null && (
        <span className="fl-reason" title={person.pause_reason}>
          {person.pause_reason}
        </span>
      )}
      {last !== null && <span className="fl-reason">{last}</span>}
    </span>
  );
}

function LeadCell({ person }: { readonly person: FloorPerson }) {
  if (person.presence !== 'on_call' && person.presence !== 'wrap_up') return null;
  if (person.lead_id === null) return <span className="fl-faint">—</span>;
  return (
    <span className="fl-lead" title={person.lead_name ?? person.lead_id}>
      {person.lead_name ?? 'A lead'}
    </span>
  );
}

function FloorRow({
  person,
  serverNow,
}: {
  readonly person: FloorPerson;
  readonly serverNow: number;
}) {
  const inState = msInState(person, serverNow);
  const silent = person.presence === 'offline';
  const tag = ROLE_TAGS[person.role];
  return (
    <tr
      className="fl-row"
      data-user-id={person.user_id}
      data-presence={person.presence}
      data-tint={tintOf(person.presence, inState)}
    >
      <th scope="row" className="fl-person">
        {/* A long name ends in an ellipsis on a narrow window; the whole of it shows on hover. */}
        <span
          className="fl-name"
          title={[person.full_name, person.email].filter(Boolean).join(' · ')}
        >
          {person.full_name || person.email || 'Unnamed'}
        </span>
        {tag !== null && <span className="fl-tag">{tag}</span>}
      </th>
      <td>
        <StateCell person={person} />
      </td>
      <td className="fl-num fl-time">
        {inState === null || silent ? '—' : formatTimeInState(inState)}
      </td>
      <td className="fl-lead-cell">
        <LeadCell person={person} />
      </td>
      <td className="fl-num">{person.calls_today}</td>
      <td className="fl-num">{person.contacts_today}</td>
      <td className="fl-num" data-alert={person.pending_writes > 0 || undefined}>
        {person.pending_writes}
      </td>
    </tr>
  );
}

function Summary({ summary }: { readonly summary: FloorSummary }) {
  return (
    <dl className="fl-summary" aria-label="Floor summary">
      {SUMMARY.map(({ key, label }) => (
        <div key={key} data-summary={key} data-some={summary[key] > 0 || undefined}>
          <dt>{label}</dt>
          <dd>{summary[key]}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function FloorView() {
  const people = useFloor((state) => state.people);
  const offset = useFloor((state) => state.clockOffsetMs);
  const error = useFloor((state) => state.error);
  const now = useNow(1_000);
  const serverNow = now + offset;

  useEffect(() => useFloor.getState().follow(), []);

  // Re-judged each second: a heartbeat ages between two reads of the board.
  const shown = useMemo(
    () => (people === null ? null : people.map((person) => presenceAt(person, serverNow))),
    [people, serverNow],
  );
  const sorted = useMemo(() => (shown === null ? [] : sortFloor(shown)), [shown]);

  return (
    <section className="screen" aria-labelledby="fl-title">
      <header className="screen-header fl-header">
        <div>
          <h2 id="fl-title" className="screen-title">
            Floor
          </h2>
          <p className="fl-lede">Live presence; calls and contacts since midnight.</p>
        </div>
        {shown !== null && <Summary summary={summarise(shown)} />}
      </header>
      {error !== null && (
        <p className="fl-error" role="status">
          {error.code === 'OFFLINE'
            ? 'The server cannot be reached: the board shows what it last knew.'
            : error.message}
        </p>
      )}
      <div className="fl-scroll">
        {people === null ? (
          error === null && <p className="fl-empty">Reading the floor…</p>
        ) : people.length === 0 ? (
          <p className="fl-empty">
            Nobody is on the floor yet: telecallers show here once an admin invites them from
            People.
          </p>
        ) : (
          <table className="fl-table" aria-label="Floor">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">State</th>
                <th scope="col" className="fl-num">
                  Time
                </th>
                <th scope="col">Lead</th>
                <th scope="col" className="fl-num">
                  Calls
                </th>
                <th scope="col" className="fl-num">
                  Contacts
                </th>
                <th
                  scope="col"
                  className="fl-num"
                  title="Writes not yet synced from their workstation"
                >
                  Pending
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((person) => (
                <FloorRow key={person.user_id} person={person} serverNow={serverNow} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
