// The signed-out window: one calm form, nothing else to read.
import { SignInForm } from './SignInForm';
import './session.css';

export function SignInScreen() {
  return (
    <main className="sign-in-screen">
      <div className="sign-in-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span className="brand-name">TalentG</span>
        </div>
        <h1 className="sign-in-title">Sign in to your workstation</h1>
        <p className="sign-in-lede">
          Once your leads have downloaded, calls and notes work offline.
        </p>
        <SignInForm />
      </div>
    </main>
  );
}
