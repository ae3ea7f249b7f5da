// Inviting someone: their email, name and role. Auth mails the invitation; they are listed at once.
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../src/contract/api-response';
import { ROLES } from '../../../../src/contract/wire-types';
import { Dialog } from '../../ui/Dialog';
import { ROLE_LABELS, SEAT_ROLES, type Role } from './people-words';
import { usePeople } from './people-store';

interface InviteDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
}

export function InviteDialog({ open, onClose }: InviteDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} label="Invite someone" className="pv-dialog">
      <InviteForm onClose={onClose} />
    </Dialog>
  );
}

/** Mounted each time the dialog opens (Dialog renders its children only while open), so it starts empty. */
function InviteForm({ onClose }: { readonly onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<Role>('telecaller');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const seats = usePeople((state) => state.seats);
  const noSeatLeft =
    seats !== null &&
    seats.bought !== null &&
    seats.used >= seats.bought &&
    SEAT_ROLES.includes(role);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const refused = await usePeople
      .getState()
      .invite({ email: email.trim(), full_name: fullName.trim(), role });
    setBusy(false);
    if (refused === null) onClose();
    else setError(refused);
  };

  return (
    <form className="dialog-form" onSubmit={(event) => void submit(event)}>
      <h2 className="dialog-title">Invite someone</h2>
      <p className="dialog-lede">
        They get an email with a link to set their password and sign in.
      </p>
      <label className="dialog-field">
        <span>Email</span>
        <input
          className="input"
          type="email"
          required
          autoFocus
          maxLength={320}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      <label className="dialog-field">
        <span>Full name</span>
        <input
          className="input"
          required
          maxLength={200}
          value={fullName}
          onChange={(event) => setFullName(event.target.value)}
        />
      </label>
      <label className="dialog-field">
        <span>Role</span>
        <select
          className="input"
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {ROLE_LABELS[option]}
            </option>
          ))}
        </select>
      </label>
      {noSeatLeft && error === null && (
        <p className="dialog-lede" role="status">
          All {seats.bought} seats are taken: a {ROLE_LABELS[role].toLowerCase()} needs a free seat.
          Buy more seats or deactivate someone first; an admin or an assessment-only user needs
          none.
        </p>
      )}
      {error !== null && (
        <p className="pv-refusal" role="alert">
          {error.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Inviting…' : 'Send invitation'}
        </button>
      </div>
    </form>
  );
}
