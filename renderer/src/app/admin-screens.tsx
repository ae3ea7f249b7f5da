// What the admins' server-backed screens (Releases, Integrations) share: reading again when the person
// signed in changes, and the notice that sends an admin at aal1 to People for the second factor.
import { useEffect } from 'react';
import { useCoreEvent } from './client';
import { useWorkspace } from './workspace';

/**
 * Runs `load` (a stable function, e.g. one at module level) when the screen opens and after every
 * sign-in (another person, or the same one at aal1 again), which changes what the screen may do.
 */
export function useLoadPerSession(load: () => void): void {
  useEffect(() => load(), [load]);
  useCoreEvent('session:changed', load);
}

/** Shown while the admin's session lacks the second factor the database wants for `what`. */
export function StepUpNotice({ what }: { readonly what: string }) {
  return (
    <div className="screen-banner" role="status">
      <span>Verify with your authenticator on the People screen to {what}.</span>
      <button
        type="button"
        className="button button-primary button-small"
        onClick={() => useWorkspace.getState().showView('people')}
      >
        Open People
      </button>
    </div>
  );
}
