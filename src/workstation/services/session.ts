// session:*: signing in and out through the core; the answer is the state, never a token.
import { failure } from '../../domain/failure.js';
import type { SignInAnswer } from '../session/session.js';
import { authFailure } from './mfa.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

export function sessionHandlers(
  context: ServiceContext,
): FeatureHandlers<
  'session:sign-in' | 'session:verify-second-factor' | 'session:sign-out' | 'session:state'
> {
  const { workstation, hub } = context;

  /** What every completed sign-in starts: the floor, the sync, and the windows told who is here now. */
  const signedIn = async (answer: Extract<SignInAnswer, { ok: true }>) => {
    // Someone else was on the floor from this machine: the new user takes their place.
    if (hub.presence.active) await hub.presence.join(answer.user, context.now());
    if (context.autoSync) workstation.startSync();
    hub.signal({ kind: 'user-switched' });
    return answer.state;
  };

  return {
    'session:sign-in': async ({ email, password }) => {
      // Refused sign-ins and a cache that cannot be opened (a newer version's file) are values.
      const answer = await workstation.signIn(email, password);
      if (!answer.ok) return answer;
      // The authenticator's code comes first: nothing starts until session:verify-second-factor.
      if (answer.state.status === 'second_factor') {
        if (hub.presence.active) await hub.presence.leave();
        return answer.state;
      }
      return signedIn(answer);
    },
    'session:verify-second-factor': async ({ code }) => {
      const waiting = workstation.session.pendingSecondFactor();
      if (waiting === null) {
        return failure('NOT_SIGNED_IN', 'No sign-in waits for a code: sign in with your password.');
      }
      const verified = await workstation.session.client.auth.mfa.challengeAndVerify({
        factorId: waiting.factor_id,
        code,
      });
      if (verified.error) return authFailure('check the code', verified.error);
      const answer = await workstation.confirmSecondFactor();
      if (!answer.ok) return answer;
      return signedIn(answer);
    },
    'session:sign-out': async () => {
      await hub.presence.leave();
      await workstation.signOut();
      hub.signal({ kind: 'user-switched' });
      return workstation.session.state();
    },
    'session:state': () => Promise.resolve(workstation.session.state()),
  };
}
