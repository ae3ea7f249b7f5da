// Who is signed in (always visible as initials) and signing out, in a small menu.
import { initialsOf, useSession, type SignedInUser } from '../../app/session';
import { useSyncHealth } from '../../app/sync-health';
import { toast } from '../../app/toasts';
import './session.css';

const MENU_ID = 'account-menu';

const ROLE_LABELS: Readonly<Record<SignedInUser['role'], string>> = {
  admin: 'Admin',
  manager: 'Manager',
  telecaller: 'Telecaller',
  user: 'Candidate',
};

export async function signOutWithNotice(): Promise<void> {
  const refusal = await useSession.getState().signOut();
  if (refusal !== null)
    toast({ tone: 'error', title: 'Could not sign out', body: refusal.message });
}

export function AccountMenu({ user }: { readonly user: SignedInUser }) {
  const pending = useSyncHealth((state) => state.progress?.pending ?? 0);
  const name = user.full_name.trim() === '' ? user.email : user.full_name;

  return (
    <>
      <button
        type="button"
        className="account-button"
        aria-label={`Account: ${name}, ${ROLE_LABELS[user.role]}`}
        popoverTarget={MENU_ID}
      >
        <span className="avatar" aria-hidden="true">
          {initialsOf(user)}
        </span>
      </button>
      <div id={MENU_ID} className="popover account-menu" popover="auto" aria-label="Account">
        <div className="account-who">
          <span className="avatar avatar-large" aria-hidden="true">
            {initialsOf(user)}
          </span>
          <div>
            <p className="account-name">{name}</p>
            <p className="account-meta">
              {user.email} · {ROLE_LABELS[user.role]}
            </p>
          </div>
        </div>
        {pending > 0 && (
          <p className="account-note">
            {pending === 1 ? '1 write' : `${pending} writes`} not yet sent. They stay on this
            computer and send at your next sign-in.
          </p>
        )}
        <div className="popover-actions">
          <button type="button" className="button" onClick={() => void signOutWithNotice()}>
            Sign out
          </button>
        </div>
      </div>
    </>
  );
}
