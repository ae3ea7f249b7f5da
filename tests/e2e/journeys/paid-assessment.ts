// Journey: a paid assessment tc1 has not bought shows its price and a Buy button instead of Start;
// once it is no longer paid (here: its product deleted by an admin, since the shared e2e stack has no
// Stripe stand-in to pay through) the list, asked again, offers Start. The buying itself is tested on
// the embedded stack with the Stripe stand-in (tests/integration/assessments/paid-assessments.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSignedInAsTc1, type CurrentJourney } from '../support/journey.js';

/** Assigned to tc1 in the demo seed; the assessment journey takes the other one. */
const COMMUNICATION = {
  id: '00000000-0000-4000-8000-00000000a002',
  productId: '00000000-0000-4000-8000-00000000f0e2',
} as const;

export function describePaidAssessment(current: CurrentJourney): void {
  describe('a paid assessment not bought yet', () => {
    async function setProduct(onSale: boolean): Promise<void> {
      const { service } = current().world.server;
      const { error } = onSale
        ? await service.from('products').insert({
            id: COMMUNICATION.productId,
            kind: 'assessment',
            name: 'Communication assessment',
            assessment_id: COMMUNICATION.id,
            unit_amount: 49900,
            currency: 'inr',
          })
        : await service.from('products').delete().eq('id', COMMUNICATION.productId);
      if (error) throw new Error(error.message);
    }

    beforeAll(async () => {
      await ensureSignedInAsTc1(current());
      await setProduct(true);
    });
    afterAll(async () => {
      await setProduct(false);
    });

    it('shows the price with Buy instead of Start, and Start once it is free again', async () => {
      const { app, page } = current();
      await app.showView('Assessments');
      // The assessment journey before this one leaves its scored run open.
      const back = page.getByRole('button', { name: 'Back to the list' });
      if (await back.isVisible()) await back.click();
      const row = page.locator(`[data-assessment-id="${COMMUNICATION.id}"]`);
      const buy = row.getByRole('button', { name: /^Buy .* for ₹\s?499(\.00)?$/ });
      await buy.waitFor();
      await expect(row.getByText('Paid', { exact: true }).isVisible()).resolves.toBe(true);
      await expect(row.getByRole('button', { name: /^Start/ }).count()).resolves.toBe(0);
      await app.screenshots('assessment-paid', { narrow: true });

      await setProduct(false);
      await app.showView('Queue');
      await app.showView('Assessments');
      await row.getByRole('button', { name: /^Start/ }).waitFor();
      await expect(buy.count()).resolves.toBe(0);
      await app.showView('Queue');
    });
  });
}
