// Who takes the open assessment: each active person with their assignment and latest result (or, for
// a telecaller who only ran it with leads, the latest run and its lead), and a way to assign it to the
// ones ticked, with an optional due date. For a paid assessment, how each may take it: included for
// staff, bought, or granted by an admin (who can grant it here, or take a grant back).
import { useState } from 'react';
import type { Unlock } from '../../../../src/contract/operations/unlocks';
import { useAuthoring } from './authoring-store';
import { paidAccessOf } from './paid-access';

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

function standing(assignee: {
  readonly assignment: { readonly status: string; readonly due_at: string | null } | null;
}): string {
  const { assignment } = assignee;
  if (assignment === null) return 'Not assigned';
  if (assignment.status === 'completed') return 'Completed';
  if (assignment.status === 'cancelled') return 'Cancelled';
  return assignment.due_at === null
    ? 'Assigned'
    : `Due ${dateFormat.format(new Date(assignment.due_at))}`;
}

function PaidAccessCell({
  person,
  unlocks,
  busy,
}: {
  readonly person: { readonly user_id: string; readonly role: string; readonly name: string };
  readonly unlocks: readonly Unlock[];
  readonly busy: boolean;
}) {
  const access = paidAccessOf(person, unlocks);
  switch (access.kind) {
    case 'staff':
      return <span className="au-muted">Included (staff)</span>;
    case 'bought':
      return <span className="au-pass">Bought</span>;
    case 'granted':
      return (
        <span className="au-access">
          <span className="au-pass">Granted</span>
          <button
            type="button"
            className="button button-small button-quiet"
            aria-label={`Take back ${person.name}'s grant`}
            disabled={busy}
            onClick={() => void useAuthoring.getState().revoke(access.unlock, person.name)}
          >
            Take back
          </button>
        </span>
      );
    case 'locked':
      return (
        <button
          type="button"
          className="button button-small"
          aria-label={`Grant ${person.name} this paid assessment`}
          disabled={busy}
          onClick={() => void useAuthoring.getState().grant(person.user_id, person.name)}
        >
          Grant
        </button>
      );
  }
}

export function AssigneesPanel() {
  const assignees = useAuthoring((state) => state.assignees);
  const busy = useAuthoring((state) => state.busy);
  const access = useAuthoring((state) => state.access);
  const paid = access?.paid === true;
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [due, setDue] = useState('');

  if (assignees === null) return <p className="au-muted">Loading people…</p>;

  const toggle = (id: string): void =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const assign = async (): Promise<void> => {
    const dueAt = due === '' ? null : new Date(`${due}T23:59:00`).toISOString();
    if (await useAuthoring.getState().assign([...picked], dueAt)) setPicked(new Set());
  };

  return (
    <div className="au-people">
      <table className="au-table" aria-label="People and their results">
        <thead>
          <tr>
            <th scope="col" className="au-col-pick">
              <span className="visually-hidden">Pick</span>
            </th>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">Standing</th>
            <th scope="col" className="au-col-score">
              Result
            </th>
            {paid && (
              <th scope="col" className="au-col-access">
                Paid access
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {assignees.map((person) => (
            <tr key={person.user_id} data-user-id={person.user_id}>
              <td className="au-col-pick">
                <input
                  type="checkbox"
                  aria-label={`Pick ${person.full_name || person.email || person.user_id}`}
                  checked={picked.has(person.user_id)}
                  onChange={() => toggle(person.user_id)}
                />
              </td>
              <td>
                <span className="au-person">{person.full_name || '—'}</span>
                <span className="au-email">{person.email}</span>
              </td>
              <td className="au-role">{person.role}</td>
              <td data-standing={person.assignment?.status ?? 'none'}>{standing(person)}</td>
              <td className="au-col-score">
                {person.result === null ? (
                  <span className="au-muted">—</span>
                ) : (
                  <>
                    <span className={person.result.passed ? 'au-pass' : 'au-fail'}>
                      {person.result.score === null
                        ? 'Taken'
                        : `${Math.round(person.result.score)}%`}{' '}
                      {person.result.passed ? 'pass' : 'fail'}
                    </span>
                    {person.result.lead !== null && (
                      <span className="au-email au-lead-run">
                        with {person.result.lead.name ?? 'a lead'}
                      </span>
                    )}
                  </>
                )}
              </td>
              {paid && (
                <td className="au-col-access">
                  <PaidAccessCell
                    person={{
                      user_id: person.user_id,
                      role: person.role,
                      name: person.full_name || person.email || 'this person',
                    }}
                    unlocks={access.unlocks}
                    busy={busy}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="au-assign-bar">
        <label className="au-field">
          <span className="au-label">Due (optional)</span>
          <input
            className="input au-input"
            type="date"
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
        </label>
        <button
          type="button"
          className="button button-primary"
          disabled={picked.size === 0 || busy}
          onClick={() => void assign()}
        >
          Assign to {picked.size} {picked.size === 1 ? 'person' : 'people'}
        </button>
      </div>
    </div>
  );
}
