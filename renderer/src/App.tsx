// The app's root: asks the core who is signed in, shows the sign-in or the shell, and reports which
// on the root element's data-app-state (DESIGN.md section 8), the signal tests wait for.
import { useEffect, useLayoutEffect } from 'react';
import { installKeyListener } from './app/keys';
import { appStateOf, useSession, userOf, type AppState } from './app/session';
import { followLeadLinks } from './app/shell/callback-reminders';
import { Shell } from './app/shell/Shell';
import { Starting } from './app/shell/Starting';
import { useWorkspace, VIEWS } from './app/workspace';
import { SignInScreen } from './features/session/SignInScreen';

interface AppProps {
  /** Called with each app state once the screen for it is on the page. */
  readonly onAppState: (state: AppState) => void;
}

export function App({ onAppState }: AppProps) {
  const session = useSession((state) => state.session);
  const appState = appStateOf(session);
  const user = userOf(session);

  useEffect(() => installKeyListener(), []);
  // Followed signed out too: a lead link that arrives at the sign-in screen is held until sign-in.
  useEffect(() => followLeadLinks(), []);

  useEffect(() => {
    const { follow, load } = useSession.getState();
    const stop = follow();
    void load();
    return stop;
  }, []);

  // Nothing of one person's screen carries over to the next sign-in in the same window.
  useEffect(() => {
    if (appState !== 'signed-out') return;
    const { showView, openLead } = useWorkspace.getState();
    showView(VIEWS[0]);
    openLead(null);
  }, [appState]);

  // Layout effect: the state is announced once its screen is in the DOM, before the first paint.
  useLayoutEffect(() => onAppState(appState), [appState, onAppState]);

  if (user !== null) return <Shell user={user} />;
  if (appState === 'signed-out') return <SignInScreen />;
  return <Starting session={session} />;
}
