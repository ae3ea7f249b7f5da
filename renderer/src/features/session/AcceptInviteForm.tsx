// Accepting an invitation on the sign-in screen: the email it went to, the six-digit code in it, and a
// password of one's own. The core then signs in as usual, so the app moves on by itself (session:changed).
import { useId, useState, type FormEvent } from 'react';
import { core } from '../../app/client';

export function AcceptInviteForm() {
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = useId();

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setProblem('Enter the six-digit code from the invitation mail.');
      return;
    }
    if (password.length < 6) {
      setProblem('Choose a password of at least 6 characters.');
      return;
    }
    setBusy(true);
    const answer = await core().session.acceptInvite({
      email: email.trim(),
      code: digits,
      password,
    });
    setBusy(false);
    // Signed in: session:changed replaces this screen. Refused: the fields stay as typed.
    if (!answer.success) setProblem(answer.error.message);
  };

  const field = (
    name: string,
    label: string,
    value: string,
    set: (value: string) => void,
    input: { type: string; autoComplete: string; inputMode?: 'numeric' },
  ) => (
    <div className="field">
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      <input
        id={`${ids}-${name}`}
        {...input}
        spellCheck={false}
        value={value}
        onChange={(event) => {
          set(event.target.value);
          setProblem(null);
        }}
      />
    </div>
  );

  return (
    <form className="sign-in-form" onSubmit={(event) => void submit(event)} noValidate>
      {field('email', 'Email', email, setEmail, { type: 'email', autoComplete: 'username' })}
      {field('code', 'Invitation code', code, setCode, {
        type: 'text',
        autoComplete: 'one-time-code',
        inputMode: 'numeric',
      })}
      {field('password', 'New password', password, setPassword, {
        type: 'password',
        autoComplete: 'new-password',
      })}
      {problem !== null && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button button-primary button-wide" disabled={busy}>
        {busy ? 'Signing in…' : 'Accept invitation'}
      </button>
    </form>
  );
}
