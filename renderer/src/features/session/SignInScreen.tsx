// The signed-out window: one calm form, nothing else to read; an invited person switches to accepting.
import { useState } from 'react';
import { AcceptInviteForm } from './AcceptInviteForm';
import { SignInForm } from './SignInForm';
import './session.css';

export function SignInScreen() {
  const [accepting, setAccepting] = useState(false);
  return (
    <main className="sign-in-screen">
      <div className="sign-in-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span className="brand-name">TalentG</span>
        </div>
        <h1 className="sign-in-title">
          {accepting ? 'Accept your invitation' : 'Sign in to your workstation'}
        </h1>
        <p className="sign-in-lede">
          {accepting
            ? 'Enter the code from your invitation mail and choose a password.'
            : 'Once your leads have downloaded, calls and notes work offline.'}
        </p>
        {accepting ? <AcceptInviteForm /> : <SignInForm />}
        <button
          type="button"
          className="button button-quiet sign-in-switch"
          onClick={() => setAccepting((now) => !now)}
        >
          {accepting ? 'Back to sign in' : 'I have an invitation'}
        </button>
      </div>
    </main>
  );
}
