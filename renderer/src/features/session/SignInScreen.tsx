// The signed-out window: one calm form, nothing else to read; an invited person switches to accepting,
// and a person with an authenticator is asked for its code once the password was right.
import { useState } from 'react';
import { useSession } from '../../app/session';
import { AcceptInviteForm } from './AcceptInviteForm';
import { SecondFactorForm } from './SecondFactorForm';
import { SignInForm } from './SignInForm';
import './session.css';

export function SignInScreen() {
  const [accepting, setAccepting] = useState(false);
  const session = useSession((state) => state.session);
  if (session.status === 'second_factor') {
    return (
      <SignInCard
        title="Enter your authentication code"
        lede="Your account is protected by an authenticator app: type the code it shows now."
      >
        <SecondFactorForm email={session.user.email} />
      </SignInCard>
    );
  }
  return (
    <SignInCard
      title={accepting ? 'Accept your invitation' : 'Sign in to your workstation'}
      lede={
        accepting
          ? 'Enter the code from your invitation mail and choose a password.'
          : 'Once your leads have downloaded, calls and notes work offline.'
      }
    >
      {accepting ? <AcceptInviteForm /> : <SignInForm />}
      <button
        type="button"
        className="button button-quiet sign-in-switch"
        onClick={() => setAccepting((now) => !now)}
      >
        {accepting ? 'Back to sign in' : 'I have an invitation'}
      </button>
    </SignInCard>
  );
}

function SignInCard({
  title,
  lede,
  children,
}: {
  readonly title: string;
  readonly lede: string;
  readonly children: React.ReactNode;
}) {
  return (
    <main className="sign-in-screen">
      <div className="sign-in-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span className="brand-name">TalentG</span>
        </div>
        <h1 className="sign-in-title">{title}</h1>
        <p className="sign-in-lede">{lede}</p>
        {children}
      </div>
    </main>
  );
}
