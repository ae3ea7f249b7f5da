// Journey: the admin (at aal2 after the People journey) opens Integrations from the command palette, sees
// the email queue's dead email with why it died and sends it again, then the payments with a purchase
// and a Stripe event that granted nothing, marked for a look in Stripe's dashboard; then puts a pack of
// seats on sale (a price with too many decimals refused in the form first), changes its price, retires it.
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

    it('puts a pack of seats on sale, changes its price and retires it', async () => {
      const { page, app, world } = current();
      const name = `Five seats ${emailId.slice(0, 8)}`;
      const onServer = async () =>
        (
          await world.server.service
            .from('products')
            .select('unit_amount, currency, is_active')
            .eq('name', name)
            .maybeSingle()
        ).data as { unit_amount: number; currency: string; is_active: boolean } | null;
      await page.getByRole('button', { name: 'Add product' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a product' });
      await dialog.getByLabel('Sells').selectOption('seats');
      await dialog.getByLabel('Seats', { exact: true }).fill('5');
      await dialog.getByLabel('Name', { exact: true }).fill(name);
      await dialog.getByLabel('Price').fill('2,499.505');
      await dialog.getByRole('button', { name: 'Put on sale' }).click();
      await dialog.getByText('INR has 2 decimals at most.').waitFor();
      expect(await onServer(), 'refused in the form, never sent').toBeNull();
      await app.screenshots('integrations-product', { narrow: true });
      await dialog.getByLabel('Price').fill('2,499.50');
      await dialog.getByRole('button', { name: 'Put on sale' }).click();
      const row = page.locator('tr[data-product-id]', { hasText: name });
      await row.waitFor();
      expect(await row.textContent()).toContain('2,499.50');
      expect(await onServer()).toEqual({ unit_amount: 249_950, currency: 'inr', is_active: true });

      await page.getByRole('button', { name: `Change the price of ${name}` }).click();
      const change = page.getByRole('dialog', { name: `Change ${name}` });
      await change.getByLabel('Price').fill('1999');
      await change.getByRole('button', { name: 'Save', exact: true }).click();
      await eventually('the new price on the server', onServer, (p) => p?.unit_amount === 199_900);

      await page.getByRole('button', { name: `Retire ${name}` }).click();
      await eventually('retired on the server', onServer, (p) => p?.is_active === false);
      await eventually(
        'the row shown retired',
        () => row.getAttribute('data-active'),
        (active) => active === 'false',
      );
    });
  });
}
