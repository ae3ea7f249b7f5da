// Who is signed in, shared by the shell and any feature that needs the user or the role.
import { create } from 'zustand';
import type { ApiError } from '../../../src/contract/api-response';
import { core } from './client';
import { listenToCore } from './core-events';
import { userOf, type SessionView, type SignedInUser } from './session-state';

export {
  appStateOf,
  initialsOf,
  userOf,
  type AppState,
  type SessionView,
  type SignedInUser,
} from './session-state';

interface SessionStore {
  readonly session: SessionView;
  readonly signingIn: boolean;
  /** The last refusal of a sign-in, shown under the form; cleared when the person types again. */
  readonly signInError: ApiError | null;
  load(): Promise<void>;
  signIn(email: string, password: string): Promise<boolean>;
  /**
   * The authenticator's code for a sign-in that answered second_factor; true once signed in. A wrong
   * code is kept in signInError and the prompt stays.
   */
  verifySecondFactor(code: string): Promise<boolean>;
  signOut(): Promise<ApiError | null>;
  clearSignInError(): void;
  /** Starts following session:changed; returns the unsubscribe. */
  follow(): () => void;
}

export const useSession = create<SessionStore>()((set, get) => ({
  session: { status: 'loading' },
  signingIn: false,
  signInError: null,

  load: async () => {
    if (get().session.status === 'unreachable') set({ session: { status: 'loading' } });
    let answer: Awaited<ReturnType<ReturnType<typeof core>['session']['state']>>;
    try {
      answer = await core().session.state();
    } catch (error: unknown) {
      // core() throws only when no bridge was installed: nothing this window can do but say so.
      const cause = error instanceof Error ? error.message : String(error);
      answer = {
        success: false,
        error: {
          code: 'CORE_UNREACHABLE',
          message: `This window has no connection to the workstation core (${cause}). Restart the app.`,
        },
      };
    }
    set({
      session: answer.success ? answer.data : { status: 'unreachable', error: answer.error },
    });
  },

  signIn: async (email, password) => {
    if (get().signingIn) return false;
    set({ signingIn: true, signInError: null });
    const answer = await core().session.signIn({ email: email.trim(), password });
    if (!answer.success) {
      set({ signingIn: false, signInError: answer.error });
      return false;
    }
    set({ signingIn: false, session: answer.data });
    return answer.data.status === 'signed_in';
  },

  verifySecondFactor: async (code) => {
    if (get().signingIn) return false;
    set({ signingIn: true, signInError: null });
    const answer = await core().session.verifySecondFactor({ code: code.replace(/\s/g, '') });
    if (!answer.success) {
      set({ signingIn: false, signInError: answer.error });
      return false;
    }
    set({ signingIn: false, session: answer.data });
    return answer.data.status === 'signed_in';
  },

  signOut: async () => {
    const answer = await core().session.signOut();
    if (!answer.success) return answer.error;
    set({ session: answer.data, signInError: null });
    return null;
  },

  clearSignInError: () => {
    if (get().signInError !== null) set({ signInError: null });
  },

  follow: () => listenToCore('session:changed', (session) => set({ session })),
}));

/** The signed-in (or expired) user; null before sign-in. */
export function useSignedInUser(): SignedInUser | null {
  return useSession((state) => userOf(state.session));
}
