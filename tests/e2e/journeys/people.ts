// Journey: the admin opens People (Ctrl+8), is asked for a second factor, enrols an authenticator from the
// shown secret (the code computed here as an app would), invites a telecaller into the last seat the team
// bought, who is then listed with the role and mailed (a further telecaller is refused, naming the seats,
// and an address that has an account is refused with the reason). The invited person accepts
// with the mailed code on the sign-in screen; the admin signs in again, is asked for the next code before
// the app opens, and deactivates them after a confirmation.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ensureSignedInAs, type CurrentJourney } from '../support/journey.js';
import { DEMO_PASSWORD } from '../support/server-side.js';
import { eventually } from '../support/workstation-page.js';

const INVITED = `invited.${Date.now()}@talentg.test`;
/** The seats this journey buys for the invitation to take the last one; removed after it. */
const SEATS_SESSION = `cs_people_journey_${Date.now()}`;

export function describePeople(current: CurrentJourney): void {
  describe('people, for the admin', () => {
    beforeAll(async () => {
      await ensureSignedInAs(current(), ADMIN);
    });
    // The journeys after this one work with unlimited seats, as a project that never bought any.
    afterAll(async () => {
      const { error } = await current()
        .world.server.service.from('purchases')
        .delete()
        .eq('stripe_checkout_session_id', SEATS_SESSION);
      if (error) throw new Error(error.message);
    });

    let secret = '';
    const table = () => current().page.getByRole('table', { name: 'People' });
    const codeFor = (steps: number) =>
      new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
        timestamp: Date.now() + steps * 30_000,
      });
    async function signOut(): Promise<void> {
      const { page, app } = current();
      await page.getByRole('button', { name: /^Account: / }).click();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await app.waitForAppState('signed-out');
    }
    const rowOf = (email: string) => table().locator('tr[data-user-id]', { hasText: email });

    it('Ctrl+8 opens everyone, with a banner asking for the authenticator before any change', async () => {
      const { page, app } = current();
      await page.keyboard.press('Control+8');
      await rowOf('tc1@talentg.test').waitFor();
      expect(await rowOf('tc1@talentg.test').getAttribute('data-role')).toBe('telecaller');
      await page.getByText('Verify with your authenticator to change people.').waitFor();
      expect(await page.getByRole('button', { name: 'Invite', exact: true }).isDisabled()).toBe(
        true,
      );
      await app.screenshots('people-aal1');
    });

    it('enrols TOTP from the QR code’s secret and the first code, which unlocks changes', async () => {
      const { page, app } = current();
      await page.getByRole('button', { name: 'Set up authenticator' }).click();
      const dialog = page.getByRole('dialog', { name: 'Verify with your authenticator' });
      await dialog.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      secret = (await dialog.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
      expect(secret).toMatch(/^[A-Z2-7]+=*$/);
      await app.screenshots('people-enrol');
      await dialog.getByLabel('Authentication code').fill(codeFor(0));
      await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
      await eventually(
        'the banner gone',
        () => page.getByText('Verify with your authenticator to change people.').count(),
        (count) => count === 0,
      );
      expect(await page.getByRole('button', { name: 'Invite', exact: true }).isEnabled()).toBe(
        true,
      );
    });

    it('invites a telecaller into the last seat, who is listed with the role and mailed an invitation', async () => {
      const { page, app, world } = current();
      // The team bought one seat more than it uses: the invitation takes it.
      const service = world.server.service;
      const inSeats = await service
        .from('profiles')
        .select('id', { count: 'exact', head: true })
        .eq('is_active', true)
        .in('role', ['telecaller', 'manager']);
      const used = inSeats.count ?? 0;
      const purchase = await service
        .from('purchases')
        .insert({
          kind: 'seats',
          seats: used + 1,
          amount_total: 100,
          currency: 'inr',
          stripe_checkout_session_id: SEATS_SESSION,
        })
        .select('id')
        .single();
      if (purchase.error) throw new Error(purchase.error.message);
      const seats = await service
        .from('team_seats')
        .insert({ purchase_id: purchase.data.id, seats: used + 1 });
      if (seats.error) throw new Error(seats.error.message);

      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Invite someone' });
      await dialog.getByLabel('Email').fill(INVITED);
      await dialog.getByLabel('Full name').fill('Invited Caller');
      await dialog.getByLabel('Role').selectOption('telecaller');
      await dialog.getByRole('button', { name: 'Send invitation' }).click();

      await rowOf(INVITED).waitFor();
      expect(await rowOf(INVITED).getAttribute('data-role')).toBe('telecaller');
      expect(await rowOf(INVITED).getByLabel('Role of Invited Caller').inputValue()).toBe(
        'telecaller',
      );
      await rowOf(INVITED).getByText('Invited', { exact: true }).waitFor();
      const mail = await fetch(
        `${world.stack.url}/mailbox/api/messages?to=${encodeURIComponent(INVITED)}`,
      );
      const { messages } = (await mail.json()) as { messages: { subject: string }[] };
      expect(messages.map((message) => message.subject)).toEqual(['You have been invited']);
      const badge = page.getByText(`Seats ${used + 1} of ${used + 1}`, { exact: true });
      await badge.waitFor();
      expect(await badge.getAttribute('data-tone')).toBe('full');
      await app.screenshots('people-invited', { narrow: true });
    });

    it('shows a refused invitation with its reason in the dialog, keeping what was typed', async () => {
      const { page, app } = current();
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Invite someone' });
      // Every seat is taken: the dialog says so before sending, and the server refuses the same.
      await dialog.getByLabel('Email').fill('one.seat.too.many@talentg.test');
      await dialog.getByLabel('Full name').fill('One Too Many');
      await dialog
        .getByRole('status')
        .getByText(/seats are taken/)
        .waitFor();
      await dialog.getByRole('button', { name: 'Send invitation' }).click();
      await dialog
        .getByRole('alert')
        .getByText(/^All seats are taken: \d+ of \d+ in use\./)
        .waitFor();
      await app.screenshots('people-seat-refused');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      await dialog.getByLabel('Email').fill('tc1@talentg.test');
      await dialog.getByLabel('Full name').fill('Priya Again');
      // A role that takes no seat, so the refusal is the address's.
      await dialog.getByLabel('Role').selectOption('user');
      await dialog.getByRole('button', { name: 'Send invitation' }).click();
      await dialog.getByRole('alert').getByText('already has an account').waitFor();
      expect(await dialog.getByLabel('Full name').inputValue()).toBe('Priya Again');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('the invited person accepts with the mailed code and a password, and is signed in as a telecaller', async () => {
      const { page, app, world } = current();
      const mail = await fetch(
        `${world.stack.url}/mailbox/api/messages?to=${encodeURIComponent(INVITED)}`,
      );
      const { messages } = (await mail.json()) as { messages: { text: string }[] };
      const code = /code: (\d{6})/.exec(messages[0]?.text ?? '')?.[1] ?? '';
      await signOut();
      await page.getByRole('button', { name: 'I have an invitation' }).click();
      await page.getByLabel('Email', { exact: true }).fill(INVITED);
      await page.getByLabel('Invitation code').fill(code);
      await page.getByLabel('New password').fill('first-day-on-the-floor');
      await app.screenshots('people-accept-invite');
      await page.getByRole('button', { name: 'Accept invitation' }).click();
      await app.waitForAppState('ready');
      await page.getByRole('button', { name: 'Account: Invited Caller, Telecaller' }).waitFor();
      await signOut();
    });

    it('the admin signs in again and is asked for the authenticator’s next code before the app opens', async () => {
      const { page, app } = current();
      await app.signIn(ADMIN, DEMO_PASSWORD);
      const code = page.getByLabel('Authentication code', { exact: true });
      await code.waitFor();
      expect(await app.appState()).toBe('signed-out');
      // The enrolment used this period's code; Auth refuses a code twice, so the app's next one.
      await code.fill(codeFor(1));
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await app.waitForAppState('ready');
      await page.keyboard.press('Control+8');
      await rowOf(INVITED).getByText('Active', { exact: true }).waitFor();
      expect(await page.getByText('Verify with your authenticator to change people.').count()).toBe(
        0,
      );
    });

    it('deactivates them after a confirmation, and the change is in the recent changes', async () => {
      const { page, world } = current();
      await rowOf(INVITED).getByRole('button', { name: 'Deactivate Invited Caller' }).click();
      await page
        .getByRole('dialog', { name: 'Deactivate Invited Caller?' })
        .getByRole('button', { name: 'Deactivate', exact: true })
        .click();
      await eventually(
        'the row deactivated',
        () => rowOf(INVITED).getAttribute('data-active'),
        (active) => active === 'false',
      );
      await page
        .getByRole('list', { name: 'Recent changes' })
        .getByText('Invited Caller deactivated')
        .waitFor();
      const { data } = await world.server.service
        .from('profiles')
        .select('role, is_active')
        .eq('email', INVITED)
        .single();
      expect(data).toEqual({ role: 'telecaller', is_active: false });
    });
  });
}
