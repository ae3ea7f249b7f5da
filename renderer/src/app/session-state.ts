// The session as the window sees it, and what follows from it; pure, so it is tested without a window.
import type { ApiError } from '../../../src/contract/api-response';
import type { SessionState } from '../../../src/contract/operations/session';

/** What the window knows about the session: not yet asked, the core unreachable, or the core's answer. */
export type SessionView =
  | { readonly status: 'loading' }
  | { readonly status: 'unreachable'; readonly error: ApiError }
  | SessionState;

export type SignedInUser = Extract<SessionState, { status: 'signed_in' }>['user'];

/** The values of the root's `data-app-state` (DESIGN.md section 8). */
export type AppState = 'loading' | 'signed-out' | 'ready';

export function appStateOf(session: SessionView): AppState {
  switch (session.status) {
    case 'loading':
    case 'unreachable':
      return 'loading';
    // second_factor: the password was right; the sign-in screen asks for the authenticator's code first.
    case 'signed_out':
    case 'second_factor':
      return 'signed-out';
    case 'signed_in':
    case 'expired':
      // An expired session keeps local work going (DESIGN.md section 6): the queue stays on screen.
      return 'ready';
  }
}

export function userOf(session: SessionView): SignedInUser | null {
  return session.status === 'signed_in' || session.status === 'expired' ? session.user : null;
}

/** Two letters for the avatar: first and last name, or the start of the email. */
export function initialsOf(user: Pick<SignedInUser, 'full_name' | 'email'>): string {
  const words = user.full_name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const first = words[0];
  const last = words.at(-1);
  const letters =
    first !== undefined && last !== undefined && words.length >= 2
      ? `${first[0] ?? ''}${last[0] ?? ''}`
      : (first ?? user.email).slice(0, 2);
  return letters.toUpperCase();
}
