// The second step of signing in for a person with an authenticator: the six-digit code it shows now.
// Nothing of theirs opens before the core accepts it. Lost the authenticator: another account, or an admin.
import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../../app/session';

export function SecondFactorForm({ email }: { readonly email: string }) {
  const verify = useSession((state) => state.verifySecondFactor);
  const signOut = useSession((state) => state.signOut);
  const checking = useSession((state) => state.signingIn);
  const refusal = useSession((state) => state.signInError);
  const clearRefusal = useSession((state) => state.clearSignInError);
  const [code, setCode] = useState('');
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const ids = useId();
  const problem = formProblem ?? refusal?.message ?? null;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) {
      setFormProblem('Enter the six digits your authenticator app shows for TalentG.');
      return;
    }
    setFormProblem(null);
    // A wrong code leaves the prompt: empty it so the next code is typed fresh.
    if (!(await verify(code))) setCode('');
  };

  return (
    <form className="sign-in-form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="sign-in-who">
        Signing in as <strong>{email}</strong>
      </p>
      <div className="field">
        <label htmlFor={`${ids}-code`}>Authentication code</label>
        <input
          id={`${ids}-code`}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          spellCheck={false}
          maxLength={7}
          value={code}
          aria-invalid={problem !== null}
          onChange={(event) => {
            setCode(event.target.value);
            setFormProblem(null);
            clearRefusal();
          }}
        />
      </div>
      {problem !== null && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button button-primary button-wide" disabled={checking}>
        {checking ? 'Checking…' : 'Verify'}
      </button>
      <details className="sign-in-recovery">
        <summary>Lost your authenticator?</summary>
        <p>
          Nothing of this account opens without the code. Ask an admin to use{' '}
          <strong>Reset authenticator…</strong> beside your name on People; then sign in with your
          password and set up your authenticator again.
        </p>
        <button type="button" className="button button-quiet" onClick={() => void signOut()}>
          Use another account
        </button>
      </details>
    </form>
  );
}
