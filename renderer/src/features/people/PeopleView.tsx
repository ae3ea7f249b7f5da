// People (admins): everyone with role, activity, second factor and last sign-in; invite, change a role,
// deactivate and reactivate, reset a lost authenticator; the recent audit entries. Changes need the admin's session at aal2: until then a banner
// leads to the authenticator (enrolment the first time, a challenge after).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Person } from '../../../../src/contract/operations/people';
import { ROLES } from '../../../../src/contract/wire-types';
import { useCoreEvent } from '../../app/client';
import { useNow } from '../../app/lead-clock';
import { useSignedInUser } from '../../app/session';
import { agoPhrase } from '../../app/sync-summary';
import { Dialog } from '../../ui/Dialog';
import { InviteDialog } from './InviteDialog';
import { MfaDialog } from './MfaDialog';
import { auditPhrase, ROLE_LABELS, seatsSummary, type Role } from './people-words';
import { nameOf, usePeople } from './people-store';
import '../../ui/screen.css';
import './people.css';

function matches(person: Person, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (needle === '') return true;
  return [person.full_name, person.email ?? '', ROLE_LABELS[person.role]].some((text) =>
    text.toLowerCase().includes(needle),
  );
}

function statusOf(person: Person): { label: string; tone: 'ok' | 'off' | 'pending' } {
  if (!person.is_active) return { label: 'Deactivated', tone: 'off' };
  if (person.invitation_pending) return { label: 'Invited', tone: 'pending' };
  return { label: 'Active', tone: 'ok' };
}

function MfaBanner({ onVerify }: { readonly onVerify: () => void }) {
  const mfa = usePeople((state) => state.mfa);
  const error = usePeople((state) => state.mfaError);
  if (error !== null) {
    return (
      <div className="screen-banner" data-tone="warn" role="status">
        <span>Your second factor could not be checked: {error.message}</span>
        <button
          type="button"
          className="button button-small"
          onClick={() => void usePeople.getState().loadMfa()}
        >
          Try again
        </button>
      </div>
    );
  }
  if (mfa === null || mfa.level === 'aal2') return null;
  return (
    <div className="screen-banner" role="status">
      <span>
        <strong>Verify with your authenticator to change people.</strong>{' '}
        {mfa.factor_id === null
          ? 'Set one up once; after that a six-digit code is enough.'
          : 'Enter the code your authenticator app shows.'}
      </span>
      <button type="button" className="button button-primary button-small" onClick={onVerify}>
        {mfa.factor_id === null ? 'Set up authenticator' : 'Verify'}
      </button>
    </div>
  );
}

/** "Seats 12 of 15", coloured when full or over; nothing when the project never bought seats. */
function SeatsBadge() {
  const seats = usePeople((state) => state.seats);
  const summary = seatsSummary(seats);
  if (summary === null || seats === null) return null;
  return (
    <span
      className="pv-seats"
      data-tone={summary.tone}
      data-seats-used={seats.used}
      data-seats-bought={seats.bought}
      title={summary.explanation}
      aria-label={`${summary.label}. ${summary.explanation}`}
    >
      {summary.label}
    </span>
  );
}

interface PersonRowProps {
  readonly person: Person;
  readonly self: boolean;
  readonly canChange: boolean;
  readonly now: number;
  readonly onToggleActive: (person: Person) => void;
  readonly onResetMfa: (person: Person) => void;
}

/** The email with a break opportunity before its @, so a narrow column wraps it there rather than cutting it. */
function EmailText({ email }: { readonly email: string | null }) {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}

function PersonRow({ person, self, canChange, now, onToggleActive, onResetMfa }: PersonRowProps) {
  const changing = usePeople((state) => state.changing === person.id);
  const status = statusOf(person);
  const name = nameOf(person);
  const locked = !canChange || self || changing;
  return (
    <tr
      className="pv-row"
      data-user-id={person.id}
      data-role={person.role}
      data-active={person.is_active}
      data-second-factor={person.has_second_factor}
    >
      <td>
        <div className="pv-name">
          <span className="pv-name-text" title={name}>
            {name}
          </span>
          {self && <span className="pv-you">you</span>}
        </div>
        <div className="pv-email">
          <EmailText email={person.email} />
        </div>
      </td>
      <td>
        <select
          className="pv-role"
          aria-label={`Role of ${name}`}
          title={
            self
              ? `${ROLE_LABELS[person.role]}: another admin changes your role`
              : ROLE_LABELS[person.role]
          }
          value={person.role}
          disabled={locked}
          onChange={(event) =>
            void usePeople.getState().setRole(person, event.target.value as Role)
          }
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <span className="state-dot pv-status" data-tone={status.tone}>
          {status.label}
        </span>
        {person.has_second_factor && (
          <span className="pv-2fa" title="Signs in with an authenticator code as well">
            2FA on
          </span>
        )}
      </td>
      <td className="pv-when">
        {person.last_sign_in_at === null ? 'Never' : agoPhrase(person.last_sign_in_at, now)}
      </td>
      <td className="pv-actions">
        {!self && person.has_second_factor && (
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={locked}
            aria-label={`Reset authenticator of ${name}`}
            onClick={() => onResetMfa(person)}
          >
            Reset authenticator…
          </button>
        )}
        {!self && (
          <button
            type="button"
            className={`button button-small button-quiet${person.is_active ? ' pv-deactivate' : ''}`}
            disabled={locked}
            aria-label={`${person.is_active ? 'Deactivate' : 'Reactivate'} ${name}`}
            onClick={() => onToggleActive(person)}
          >
            {person.is_active ? 'Deactivate' : 'Reactivate'}
          </button>
        )}
      </td>
    </tr>
  );
}

/** A yes-or-no about one person: its question names the dialog, the confirming button takes the focus. */
function ConfirmPersonDialog(props: {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly question: string;
  readonly lede: string;
  readonly confirmLabel: string;
  readonly danger: boolean;
  readonly onConfirm: () => void;
}) {
  const { onClose } = props;
  return (
    <Dialog open={props.open} onClose={onClose} label={props.question} className="pv-dialog">
      <div className="dialog-form">
        <h2 className="dialog-title">{props.question}</h2>
        <p className="dialog-lede">{props.lede}</p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={props.danger ? 'button button-danger' : 'button button-primary'}
            autoFocus
            onClick={() => {
              props.onConfirm();
              onClose();
            }}
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function ConfirmActivity({
  person,
  onClose,
}: {
  readonly person: Person | null;
  readonly onClose: () => void;
}) {
  const deactivating = person?.is_active ?? true;
  const name = person === null ? '' : nameOf(person);
  return (
    <ConfirmPersonDialog
      open={person !== null}
      onClose={onClose}
      question={deactivating ? `Deactivate ${name}?` : `Reactivate ${name}?`}
      lede={
        deactivating
          ? 'They cannot sign in or keep a session, and get no new leads. Their history stays. You can reactivate them later.'
          : 'They can sign in again with their password and can be given leads.'
      }
      confirmLabel={deactivating ? 'Deactivate' : 'Reactivate'}
      danger={deactivating}
      onConfirm={() => {
        if (person !== null) void usePeople.getState().setActive(person, !deactivating);
      }}
    />
  );
}

function ConfirmMfaReset({
  person,
  onClose,
}: {
  readonly person: Person | null;
  readonly onClose: () => void;
}) {
  const name = person === null ? '' : nameOf(person);
  return (
    <ConfirmPersonDialog
      open={person !== null}
      onClose={onClose}
      question={`Reset the authenticator of ${name}?`}
      lede="Their authenticator is removed and they are signed out on every device. They then sign in with their password alone and should set up an authenticator again. Do this only when you know it is them asking, for example after they lost their phone."
      confirmLabel="Reset authenticator"
      danger
      onConfirm={() => {
        if (person !== null) void usePeople.getState().resetMfa(person);
      }}
    />
  );
}

function RecentChanges({ now }: { readonly now: number }) {
  const audit = usePeople((state) => state.audit);
  const error = usePeople((state) => state.auditError);
  const people = usePeople((state) => state.people);
  const names = useMemo(
    () => new Map((people ?? []).map((person) => [person.id, nameOf(person)])),
    [people],
  );
  return (
    <section className="pv-section" aria-labelledby="pv-audit-title">
      <h3 id="pv-audit-title" className="pv-section-title">
        Recent changes
      </h3>
      {error !== null ? (
        <p className="pv-empty">{error.message}</p>
      ) : audit === null ? null : audit.length === 0 ? (
        <p className="pv-empty">No changes to people yet.</p>
      ) : (
        <ul className="pv-audit" aria-label="Recent changes">
          {audit.map((entry) => (
            <li key={entry.id} data-action={entry.action}>
              <span className="pv-audit-what">
                <strong>{names.get(entry.person_id) ?? 'Someone removed'}</strong>{' '}
                {auditPhrase(entry)}
              </span>
              <span className="pv-audit-who">
                {entry.actor_id === null
                  ? 'by the system'
                  : `by ${names.get(entry.actor_id) ?? entry.actor_role}`}
                {' · '}
                {agoPhrase(entry.occurred_at, now)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function PeopleView() {
  const people = usePeople((state) => state.people);
  const error = usePeople((state) => state.peopleError);
  const canChange = usePeople((state) => state.mfa?.level === 'aal2');
  const me = useSignedInUser();
  const now = useNow(30_000);
  const [query, setQuery] = useState('');
  const [inviting, setInviting] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [confirming, setConfirming] = useState<Person | null>(null);
  const [resetting, setResetting] = useState<Person | null>(null);

  useEffect(() => {
    void usePeople.getState().load();
    void usePeople.getState().loadMfa();
  }, []);
  // Another admin changed a role or someone's activity (profiles on Realtime), seats were bought or
  // refunded (team_seats on Realtime: the badge), or the floor moved.
  useCoreEvent(
    'floor:changed',
    useCallback(() => void usePeople.getState().load(), []),
  );
  // A new sign-in (another person, or the same one at aal1 again) changes what this screen may do.
  useCoreEvent(
    'session:changed',
    useCallback(() => {
      void usePeople.getState().load();
      void usePeople.getState().loadMfa();
    }, []),
  );

  const shown = (people ?? []).filter((person) => matches(person, query));

  return (
    <section className="screen" aria-labelledby="pv-title">
      <header className="screen-header">
        <div>
          <h2 id="pv-title" className="screen-title">
            People {people !== null && <span className="screen-count">{people.length}</span>}
          </h2>
          <SeatsBadge />
        </div>
        <div className="pv-tools">
          <input
            className="input pv-search"
            type="search"
            aria-label="Search people"
            placeholder="Search name, email or role"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <button
            type="button"
            className="button button-primary"
            disabled={!canChange}
            title={canChange ? undefined : 'Verify with your authenticator first'}
            onClick={() => setInviting(true)}
          >
            Invite
          </button>
        </div>
      </header>
      <MfaBanner onVerify={() => setVerifying(true)} />
      <div className="screen-scroll pv-scroll">
        {error !== null ? (
          <p className="pv-empty" role="alert">
            {error.code === 'OFFLINE'
              ? 'People are kept on the server: they show here when you are back online.'
              : error.message}
          </p>
        ) : people === null ? null : (
          <table className="screen-table pv-table" aria-label="People">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="pv-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((person) => (
                <PersonRow
                  key={person.id}
                  person={person}
                  self={person.id === me?.id}
                  canChange={canChange}
                  now={now}
                  onToggleActive={setConfirming}
                  onResetMfa={setResetting}
                />
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={5} className="pv-empty">
                    {query.trim() === ''
                      ? 'Nobody yet: invite the first person.'
                      : `Nobody matches “${query.trim()}”.`}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
        <RecentChanges now={now} />
      </div>
      <InviteDialog open={inviting} onClose={() => setInviting(false)} />
      <MfaDialog open={verifying} onClose={() => setVerifying(false)} />
      <ConfirmActivity person={confirming} onClose={() => setConfirming(null)} />
      <ConfirmMfaReset person={resetting} onClose={() => setResetting(null)} />
    </section>
  );
}
