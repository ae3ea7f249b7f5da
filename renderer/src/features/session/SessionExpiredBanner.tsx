// An expired session stops syncing, never working: say so plainly and offer the sign-in in place.
import { useState } from 'react';
import { Dialog } from '../../ui/Dialog';
import type { SignedInUser } from '../../app/session';
import { SignInForm } from './SignInForm';

export function SessionExpiredBanner({ user }: { readonly user: SignedInUser }) {
  const [signingIn, setSigningIn] = useState(false);

  return (
    <div className="banner banner-warn" role="status">
      <p>
        <strong>Your session expired.</strong> Keep working: calls and notes are saved on this
        computer and sync once you sign in again.
      </p>
      <button type="button" className="button button-small" onClick={() => setSigningIn(true)}>
        Sign in again
      </button>
      <Dialog open={signingIn} onClose={() => setSigningIn(false)} label="Sign in again">
        <div className="dialog-body">
          <h2 className="dialog-title">Sign in again</h2>
          <p className="dialog-lede">Your unsent writes are sent as soon as you are back.</p>
          <SignInForm initialEmail={user.email} onSignedIn={() => setSigningIn(false)} />
        </div>
      </Dialog>
    </div>
  );
}
