// The sign-in form: the first screen, and the dialog that renews an expired session.
import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../../app/session';

interface SignInFormProps {
  readonly initialEmail?: string;
  readonly onSignedIn?: () => void;
}

/** Checked here so a typo gets a sentence, not the core's schema message. */
function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(value.trim());
}

export function SignInForm({ initialEmail = '', onSignedIn }: SignInFormProps) {
  const signIn = useSession((state) => state.signIn);
  const signingIn = useSession((state) => state.signingIn);
  const refusal = useSession((state) => state.signInError);
  const clearRefusal = useSession((state) => state.clearSignInError);
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const ids = useId();

  const problem = formProblem ?? refusal?.message ?? null;
  // An unreachable server is not the fields' fault: only a typo or a refused password marks them.
  const fieldsAtFault = formProblem !== null || refusal?.code === 'SIGN_IN_FAILED';

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!looksLikeEmail(email)) {
      setFormProblem('Enter your work email, for example name@company.com.');
      return;
    }
    if (password === '') {
      setFormProblem('Enter your password.');
      return;
    }
    setFormProblem(null);
    if (await signIn(email, password)) {
      setPassword('');
      onSignedIn?.();
    }
  };

  const edited = (): void => {
    setFormProblem(null);
    clearRefusal();
  };

  return (
    <form className="sign-in-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={`${ids}-email`}>Email</label>
        <input
          id={`${ids}-email`}
          type="email"
          autoComplete="username"
          autoFocus={initialEmail === ''}
          spellCheck={false}
          value={email}
          aria-invalid={fieldsAtFault}
          onChange={(event) => {
            setEmail(event.target.value);
            edited();
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-password`}>Password</label>
        <input
          id={`${ids}-password`}
          type="password"
          autoComplete="current-password"
          autoFocus={initialEmail !== ''}
          value={password}
          aria-invalid={fieldsAtFault}
          onChange={(event) => {
            setPassword(event.target.value);
            edited();
          }}
        />
      </div>
      {problem !== null && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button button-primary button-wide" disabled={signingIn}>
        {signingIn ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
