// Journey: the admin (at aal2 after the People journey) opens Integrations from the command palette, sees
// the email queue's dead email with why it died and sends it again, then the payments with a purchase
// and a Stripe event that granted nothing, marked for a look in Stripe's dashboard.
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TC2, ensureSignedInAs, type CurrentJourney } from '../support/journey.js';
import { eventually, uniqueNote } from '../support/workstation-page.js';

export function describeIntegrations(current: CurrentJourney): void {
  describe('integrations, for the admin', () => {
    const recipient = `${uniqueNote('dead').replace(/\W+/g, '.').toLowerCase()}@talentg.test`;
    let emailId = '';

    beforeAll(async () => {
      await ensureSignedInAs(current(), ADMIN);
      const { service } = current().world.server;
      const email = await service
        .from('email_outbox')
        .insert({
          template: 'manager_digest',
          recipient,
          dedupe_key: `e2e-${recipient}`,
          state: 'dead',
          attempts: 8,
          last_error: 'gave up after 8 attempts: Brevo 503 Service Unavailable',
        })
        .select('id')
        .single();
      if (email.error) throw new Error(email.error.message);
      emailId = (email.data as { id: string }).id;
      const buyer = await current().world.server.userId(TC2);
      const product = await service
        .from('products')
        .insert({ kind: 'seats', name: 'Ten seats', seats: 10, unit_amount: 99_900 })
        .select('id')
        .single();
      if (product.error) throw new Error(product.error.message);
      const purchase = await service.from('purchases').insert({
        user_id: buyer,
        product_id: (product.data as { id: string }).id,
        kind: 'seats',
        seats: 10,
        amount_total: 99_900,
        currency: 'inr',
        stripe_checkout_session_id: `cs_test_${emailId}`,
      });
      if (purchase.error) throw new Error(purchase.error.message);
      const events = await service.from('stripe_events').insert([
        { id: `evt_ok_${emailId}`, type: 'checkout.session.completed', outcome: 'seats_added' },
        {
          id: `evt_odd_${emailId}`,
          type: 'checkout.session.completed',
          outcome: 'ignored',
          detail: 'no TalentG product in the session',
        },
      ]);
      if (events.error) throw new Error(events.error.message);
    });

    it('opens from the palette with the dead email and why it died', async () => {
      const { page, app } = current();
      await page.keyboard.press('Control+k');
      await page.keyboard.type('Integrations');
      await page.keyboard.press('Enter');
      const row = page.locator(`tr[data-email-id="${emailId}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('Brevo 503');
      await page.getByText('granted nothing', { exact: false }).waitFor();
      await app.screenshots('integrations', { narrow: true });
    });

    it('sends the dead email again, queued on the server with fresh attempts', async () => {
      const { page, world } = current();
      await page.getByRole('button', { name: `Send again to ${recipient}` }).click();
      await eventually(
        'the email queued again',
        async () =>
          (
            await world.server.service
              .from('email_outbox')
              .select('state, attempts')
              .eq('id', emailId)
              .single()
          ).data as { state: string; attempts: number } | null,
        (row) => row?.state === 'queued' && row.attempts === 0,
        15_000,
      );
      // The table lists dead emails: the queued one leaves it.
      await eventually(
        'the row gone from the dead list',
        () => page.locator(`tr[data-email-id="${emailId}"]`).count(),
        (count) => count === 0,
      );
    });
  });
}
