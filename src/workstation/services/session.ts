// session:*: signing in and out through the core; the answer is the state, never a token.
import type { FeatureHandlers, ServiceContext } from './service-context.js';

export function sessionHandlers(
  context: ServiceContext,
): FeatureHandlers<'session:sign-in' | 'session:sign-out' | 'session:state'> {
  const { workstation, hub } = context;
  return {
    'session:sign-in': async ({ email, password }) => {
      // Refused sign-ins and a cache that cannot be opened (a newer version's file) are values.
      const answer = await workstation.signIn(email, password);
      if (!answer.ok) return answer;
      // Someone else was on the floor from this machine: the new user takes their place.
      if (hub.presence.active) await hub.presence.join(answer.user, context.now());
      if (context.autoSync) workstation.startSync();
      hub.signal({ kind: 'user-switched' });
      return answer.state;
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
