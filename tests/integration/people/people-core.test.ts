// people:* and mfa:* through the core's contract against the embedded stack: an admin's workstation
// enrols TOTP, reaches aal2 and keeps it across a refresh, then invites, changes and deactivates people;
// refusals keep the function's codes; a telecaller's workstation is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  DEMO_PASSWORD,
  openRig,
  signedInRig,
  startSeededStack,
  TC1,
  type ServicesRig,
} from '../../support/services-rig.js';
import { latestMail } from '../auth/mailbox-reader.js';
import { totpCode } from './people-fixtures.js';

const ADMIN = 'admin@talentg.test';
const TC2_ID = '00000000-0000-4000-8000-000000000004';

let stack: RunningStack;
let admin: ServicesRig;
let telecaller: ServicesRig;

/** The first call boots the function's Deno worker: seconds on a loaded machine, past the rig's 2 s default. */
function openRigOnStack(): Promise<ServicesRig> {
  return openRig(
    { url: stack.url, anonKey: stack.anonKey, requestTimeoutMs: 15_000 },
    { requestTimeoutMs: 15_000 },
  );
}

beforeAll(async () => {
  stack = await startSeededStack();
  admin = await signedInRig(stack, ADMIN);
  telecaller = await signedInRig(stack, TC1);
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await telecaller?.close();
  await stack?.close();
});

describe('mfa:* keeps the second factor with the core’s session', () => {
  let secret: string;
  let factorId: string;

  it('an admin at aal1 is refused people changes with AAL2_REQUIRED', async () => {
    expect(await admin.caller.ok('mfa:status')).toEqual({ level: 'aal1', factor_id: null });
    const refused = await admin.caller.refused('people:set-active', {
      user_id: TC2_ID,
      active: false,
    });
    expect(refused.code).toBe('AAL2_REQUIRED');
  });

  it('enrols TOTP, refuses a wrong code, and a right code raises the session to aal2', async () => {
    const first = await admin.caller.ok('mfa:enroll');
    // Closing the dialog and enrolling again replaces the unfinished factor instead of a name conflict.
    const enrolment = await admin.caller.ok('mfa:enroll');
    expect(enrolment.factor_id).not.toBe(first.factor_id);
    expect(enrolment.uri).toContain(`secret=${enrolment.secret}`);
    ({ secret, factor_id: factorId } = enrolment);

    const right = totpCode(secret);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const refused = await admin.caller.refused('mfa:verify', { factor_id: factorId, code: wrong });
    expect(refused.code).toBe('MFA_CODE_WRONG');
    expect(await admin.caller.ok('mfa:verify', { factor_id: factorId, code: right })).toEqual({
      level: 'aal2',
      factor_id: factorId,
    });
  });

  it('keeps aal2 across a refresh, and a new sign-in waits for a code of the same factor', async () => {
    const refreshed = await admin.workstation.session.refreshNow();
    expect(refreshed.ok).toBe(true);
    expect(await admin.caller.ok('mfa:status')).toEqual({ level: 'aal2', factor_id: factorId });

    const again = await admin.caller.ok('session:sign-in', {
      email: ADMIN,
      password: DEMO_PASSWORD,
    });
    expect(again).toMatchObject({ status: 'second_factor', factor_id: factorId });
    // The step used above cannot be replayed; the next one is what the app shows a moment later.
    expect(
      await admin.caller.ok('session:verify-second-factor', { code: totpCode(secret, 1) }),
    ).toMatchObject({ status: 'signed_in' });
    expect(await admin.caller.ok('mfa:status')).toEqual({ level: 'aal2', factor_id: factorId });
  });
});

describe('people:* for an admin at aal2', () => {
  let newId: string;

  it('invites a telecaller who is listed at once with the role and an open invitation', async () => {
    const person = await admin.caller.ok('people:invite', {
      email: 'core.invite@talentg.test',
      full_name: 'Core Invite',
      role: 'telecaller',
    });
    expect(person).toMatchObject({ role: 'telecaller', is_active: true });
    newId = person.id;
    const { people } = await admin.caller.ok('people:list');
    expect(people.find((p) => p.id === newId)).toEqual({
      ...person,
      last_sign_in_at: null,
      invitation_pending: true,
      has_second_factor: false,
    });
    expect(people.find((p) => p.email === ADMIN)?.last_sign_in_at).not.toBeNull();
    expect(people.length).toBeGreaterThanOrEqual(6);
  });

  it('changes the role and activity, refuses an address with an account and oneself by code, and audits each change', async () => {
    await admin.caller.ok('people:set-role', { user_id: newId, role: 'manager' });
    await admin.caller.ok('people:set-active', { user_id: newId, active: false });
    const listed = (await admin.caller.ok('people:list')).people.find((p) => p.id === newId);
    expect(listed).toMatchObject({ role: 'manager', is_active: false });

    const taken = await admin.caller.refused('people:invite', {
      email: TC1,
      full_name: 'Telecaller Again',
      role: 'user',
    });
    expect(taken.code).toBe('EMAIL_EXISTS');
    const self = admin.workstation.session.currentUser()?.id ?? '';
    expect(
      (await admin.caller.refused('people:set-role', { user_id: self, role: 'user' })).code,
    ).toBe('CANNOT_CHANGE_SELF');
    expect(
      (await admin.caller.refused('people:set-role', { user_id: newId, role: 'boss' })).code,
    ).toBe('INVALID_REQUEST');

    const { entries } = await admin.caller.ok('people:audit', { limit: 10 });
    expect(
      entries.filter((entry) => entry.person_id === newId).map((entry) => entry.action),
    ).toEqual([
      'person_deactivated',
      'role_changed',
      'person_invited',
      'role_changed',
      'role_changed',
    ]);
    expect(entries[0]).toMatchObject({ actor_id: self, actor_role: 'admin' });
  });
});

describe('session:accept-invite', () => {
  it('signs the invited person in with the mailed code and the password they chose, as their role', async () => {
    const email = 'accept.me@talentg.test';
    await admin.caller.ok('people:invite', { email, full_name: 'Accept Me', role: 'telecaller' });
    const { code } = await latestMail(stack, email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const newcomer = await openRigOnStack();
    try {
      const refused = await newcomer.caller.refused('session:accept-invite', {
        email,
        code: wrong,
        password: 'chosen-password',
      });
      expect(refused.code).toBe('INVITE_CODE_WRONG');
      expect(
        (
          await admin.caller.refused('session:accept-invite', {
            email,
            code,
            password: 'x-password',
          })
        ).code,
      ).toBe('INVALID_REQUEST');

      const state = await newcomer.caller.ok('session:accept-invite', {
        email,
        code,
        password: 'chosen-password',
      });
      expect(state).toMatchObject({
        status: 'signed_in',
        user: { email, full_name: 'Accept Me', role: 'telecaller' },
      });
      await newcomer.caller.ok('session:sign-out');
      const again = await newcomer.caller.ok('session:sign-in', {
        email,
        password: 'chosen-password',
      });
      expect(again).toMatchObject({ status: 'signed_in', user: { role: 'telecaller' } });
      const used = await openRigOnStack();
      try {
        const twice = await used.caller.refused('session:accept-invite', {
          email,
          code,
          password: 'another-password',
        });
        expect(twice.code).toBe('INVITE_CODE_WRONG');
      } finally {
        await used.close();
      }
    } finally {
      await newcomer.close();
    }
  });
});

describe('people:* for a telecaller', () => {
  it('is refused changes with NOT_ADMIN and reads no audit entries', async () => {
    const refused = await telecaller.caller.refused('people:set-role', {
      user_id: TC2_ID,
      role: 'admin',
    });
    expect(refused.code).toBe('NOT_ADMIN');
    expect((await telecaller.caller.ok('people:audit', {})).entries).toEqual([]);
    const listed = (await telecaller.caller.ok('people:list')).people;
    expect(listed.every((p) => p.last_sign_in_at === null)).toBe(true);
  });
});

describe('people:seats and the seat limit through the core', () => {
  it('reads unlimited seats until some are bought, then the seats, and passes SEAT_LIMIT_REACHED through', async () => {
    const before = await admin.caller.ok('people:seats');
    expect(before).toMatchObject({ bought: null });
    expect(before.used).toBeGreaterThanOrEqual(3);

    // Exactly the seats in use: the next telecaller has none.
    await stack.db.query(
      `with bought as (
         insert into public.purchases (kind, seats, amount_total, currency, stripe_checkout_session_id)
         values ('seats', $1, 100, 'inr', 'cs_people_core') returning id)
       insert into public.team_seats (purchase_id, seats) select id, $1 from bought`,
      [before.used],
    );
    expect(await admin.caller.ok('people:seats')).toEqual({
      used: before.used,
      bought: before.used,
    });
    const refused = await admin.caller.refused('people:invite', {
      email: 'no.seat@talentg.test',
      full_name: 'No Seat',
      role: 'telecaller',
    });
    expect(refused).toMatchObject({
      code: 'SEAT_LIMIT_REACHED',
      message: `All seats are taken: ${before.used} of ${before.used} in use. Buy more seats or deactivate a telecaller or manager first.`,
    });

    expect((await telecaller.caller.refused('people:seats')).code).toBe('FORBIDDEN');
  });
});

describe('people:reset-mfa through the core', () => {
  it('shows who has an authenticator, resets one (the person then signs in without a code), audited', async () => {
    const manager = await signedInRig(stack, 'manager@talentg.test');
    try {
      const enrolment = await manager.caller.ok('mfa:enroll');
      await manager.caller.ok('mfa:verify', {
        factor_id: enrolment.factor_id,
        code: totpCode(enrolment.secret),
      });
      const managerId = manager.workstation.session.currentUser()?.id ?? '';
      const listed = async () =>
        (await admin.caller.ok('people:list')).people.find((p) => p.id === managerId);
      expect(await listed()).toMatchObject({ has_second_factor: true });
      expect(
        await manager.caller.ok('session:sign-in', {
          email: 'manager@talentg.test',
          password: DEMO_PASSWORD,
        }),
      ).toMatchObject({ status: 'second_factor' });

      const self = admin.workstation.session.currentUser()?.id ?? '';
      expect((await admin.caller.refused('people:reset-mfa', { user_id: self })).code).toBe(
        'CANNOT_CHANGE_SELF',
      );
      expect(
        (await telecaller.caller.refused('people:reset-mfa', { user_id: managerId })).code,
      ).toBe('NOT_ADMIN');

      const reset = await admin.caller.ok('people:reset-mfa', { user_id: managerId });
      expect(reset).toMatchObject({ user_id: managerId, factors_removed: 1 });
      expect(reset.sessions_ended).toBeGreaterThanOrEqual(1);
      expect(await listed()).toMatchObject({ has_second_factor: false });
      expect(
        await manager.caller.ok('session:sign-in', {
          email: 'manager@talentg.test',
          password: DEMO_PASSWORD,
        }),
      ).toMatchObject({ status: 'signed_in' });
      expect(await admin.caller.ok('people:reset-mfa', { user_id: managerId })).toEqual({
        user_id: managerId,
        factors_removed: 0,
        sessions_ended: 0,
      });
      const { entries } = await admin.caller.ok('people:audit', { limit: 5 });
      expect(entries[0]).toMatchObject({
        action: 'mfa_reset',
        person_id: managerId,
        actor_id: self,
      });
    } finally {
      await manager.close();
    }
  });
});
