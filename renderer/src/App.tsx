// The app's root: asks the core who is signed in, shows the sign-in or the shell, and reports which
// on the root element's data-app-state (DESIGN.md section 8), the signal tests wait for.
import { useEffect, useLayoutEffect } from 'react';
import { installKeyListener } from './app/keys';
import { appStateOf, useSession, userOf, type AppState, type SessionView } from './app/session';
import { Shell } from './app/shell/Shell';
import { SignInScreen } from './app/shell/SignInScreen';
import './app/shell/shell.css';

interface AppProps {
  /** Called with each app state once the screen for it is on the page. */
  readonly onAppState: (state: AppState) => void;
}

function Starting({ session }: { readonly session: SessionView }) {
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

export function App({ onAppState }: AppProps) {
  const session = useSession((state) => state.session);
  const appState = appStateOf(session);
  const user = userOf(session);

  useEffect(() => installKeyListener(), []);

  useEffect(() => {
    const { follow, load } = useSession.getState();
    const stop = follow();
    void load();
    return stop;
  }, []);

  // Layout effect: the state is announced after its screen is in the DOM, before the first paint.
  useLayoutEffect(() => onAppState(appState), [appState, onAppState]);

  if (user !== null) return <Shell user={user} />;
  if (appState === 'signed-out') return <SignInScreen />;
  return <Starting session={session} />;
}
