// The session store against a fake core: a sign-in that waits for the authenticator, its code refused
// and then accepted, and abandoning it.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answers,
  calls,
  installFakeCore,
  ok,
  refused,
  resetFakeCore,
} from './fake-core.test-support';
import { appStateOf, useSession } from './session';

const USER = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'admin@talentg.test',
  full_name: 'Asha Admin',
  role: 'admin',
} as const;
const FACTOR = '00000000-0000-4000-8000-0000000000f1';
const WAITING = { status: 'second_factor', user: USER, factor_id: FACTOR } as const;
const SIGNED_IN = {
  status: 'signed_in',
  user: USER,
  signed_in_at: '2026-12-07T20:00:00.000Z',
} as const;

beforeAll(installFakeCore);

beforeEach(() => {
  resetFakeCore();
  useSession.setState({ session: { status: 'signed_out' }, signingIn: false, signInError: null });
});

describe('signing in with a second factor', () => {
  it('stays on the sign-in screen when the password answers second_factor', async () => {
    answers.set('session:sign-in', () => ok(WAITING));
    expect(await useSession.getState().signIn('admin@talentg.test', 'pw')).toBe(false);
    expect(useSession.getState().session).toEqual(WAITING);
    expect(appStateOf(useSession.getState().session)).toBe('signed-out');
  });

  it('keeps a wrong code as the refusal, then signs in with the right one (spaces dropped)', async () => {
    useSession.setState({ session: WAITING });
    answers.set('session:verify-second-factor', (args) =>
      (args as { code: string }).code === '123456'
        ? ok(SIGNED_IN)
        : refused(
            'MFA_CODE_WRONG',
            'That code is not right: type the code your authenticator shows now.',
          ),
    );
    expect(await useSession.getState().verifySecondFactor('000000')).toBe(false);
    expect(useSession.getState().signInError?.code).toBe('MFA_CODE_WRONG');
    expect(useSession.getState().session).toEqual(WAITING);

    expect(await useSession.getState().verifySecondFactor('123 456')).toBe(true);
    expect(
      calls.filter((call) => call.op === 'session:verify-second-factor').map((c) => c.args),
    ).toEqual([{ code: '000000' }, { code: '123456' }]);
    expect(useSession.getState().signInError).toBeNull();
    expect(appStateOf(useSession.getState().session)).toBe('ready');
  });

  it('abandons the waiting sign-in on sign-out', async () => {
    useSession.setState({ session: WAITING });
    answers.set('session:sign-out', () => ok({ status: 'signed_out' }));
    expect(await useSession.getState().signOut()).toBeNull();
    expect(useSession.getState().session).toEqual({ status: 'signed_out' });
  });
});
