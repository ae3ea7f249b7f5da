// Before the session is known: a quiet mark while the core answers, or what to do when it does not.
import type { SessionView } from '../session';
import { useSession } from '../session';
import './shell.css';

export function Starting({ session }: { readonly session: SessionView }) {
  const load = useSession((state) => state.load);
  if (session.status !== 'unreachable') {
    return (
      <main className="starting" aria-busy="true">
        <span className="brand-mark brand-mark-pulse" aria-hidden="true">
          T
        </span>
        <p className="visually-hidden">Starting the workstation…</p>
      </main>
    );
  }
  return (
    <main className="starting">
      <section className="starting-problem" aria-labelledby="starting-problem-title">
        <h1 id="starting-problem-title">The workstation core is not answering</h1>
        <p>{session.error.message}</p>
        <button type="button" className="button button-primary" onClick={() => void load()}>
          Try again
        </button>
      </section>
    </main>
  );
}
