// Journey: the admin writes a new assessment in the Authoring view, saves it, and assigns it to tc2;
// the server keeps the answer key in its own words and tc2's assignment. Put on sale, it shows each
// person's paid access, and the admin (at aal2 after the People journey) grants it to tc2 without a
// purchase and takes the grant back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TC2, ensureSignedInAs, type CurrentJourney } from '../support/journey.js';
import { eventually, uniqueNote } from '../support/workstation-page.js';

export function describeAuthoring(current: CurrentJourney): void {
  describe('an admin authoring an assessment', () => {
    const title = uniqueNote('Floor basics');
    let assessmentId = '';

    beforeAll(async () => {
      await ensureSignedInAs(current(), ADMIN);
    });
    afterAll(async () => {
      if (assessmentId === '') return;
      const { error } = await current()
        .world.server.service.from('products')
        .delete()
        .eq('assessment_id', assessmentId);
      if (error) throw new Error(error.message);
    });

    it('writes one question with its answer key and saves it to the server', async () => {
      const { page, world } = current();
      await page.keyboard.press('Control+9');
      const editor = page.getByRole('region', { name: 'Assessment editor' });
      await page.getByRole('complementary', { name: 'Assessments to author' }).waitFor();
      await page.getByRole('button', { name: 'New', exact: true }).click();
      await editor.getByLabel('Title', { exact: true }).fill(title);
      await editor.getByRole('button', { name: 'One answer', exact: true }).click();
      await editor.getByLabel('Question 1 prompt').fill('How should a call open?');
      await editor
        .getByLabel('Question 1 option a', { exact: true })
        .fill('Greet, name and company');
      await editor.getByLabel('Question 1 option a points').fill('4');
      await editor.getByLabel('Question 1 option b', { exact: true }).fill('The fee');
      await editor.getByLabel('Question 1 option b points').fill('0');
      await current().app.screenshots('authoring-editor', { narrow: true });
      await page.keyboard.press('Control+s');
      await expect.poll(() => editor.getAttribute('data-assessment-id')).not.toBe('new');
      assessmentId = (await editor.getAttribute('data-assessment-id')) ?? '';

      const { data, error } = await world.server.service
        .from('assessments')
        .select('title, questions, scoring_rules')
        .eq('id', assessmentId)
        .single();
      expect(error).toBeNull();
      expect(data).toMatchObject({
        title,
        questions: [
          {
            id: 'q1',
            type: 'single',
            prompt: 'How should a call open?',
            options: [
              { id: 'a', label: 'Greet, name and company', points: 4 },
              { id: 'b', label: 'The fee', points: 0 },
            ],
          },
        ],
        scoring_rules: { pass_mark: 60 },
      });
      await page
        .locator(`[data-assessment-id="${assessmentId}"]`)
        .filter({ hasText: title })
        .first()
        .waitFor();
    });

    it('assigns it to tc2 from the People tab', async () => {
      const { page, world } = current();
      const editor = page.getByRole('region', { name: 'Assessment editor' });
      // On sale, as an admin puts it on the Integrations screen: the tab then shows who may take it.
      const sold = await world.server.service.from('products').insert({
        kind: 'assessment',
        name: title.slice(0, 200),
        assessment_id: assessmentId,
        unit_amount: 49900,
        currency: 'inr',
      });
      if (sold.error) throw new Error(sold.error.message);
      await editor.getByRole('tab', { name: 'People' }).click();
      const tc2Id = await world.server.userId(TC2);
      const row = editor.locator(`tr[data-user-id="${tc2Id}"]`);
      await row.getByRole('checkbox').check();
      await editor.getByRole('button', { name: 'Assign to 1 person' }).click();
      await eventually(
        'tc2 shown as assigned',
        () => row.locator('[data-standing]').getAttribute('data-standing'),
        (standing) => standing === 'assigned',
        15_000,
      );
      await current().app.screenshots('authoring-people', { narrow: true });
      const { data } = await world.server.service
        .from('assessment_assignments')
        .select('status')
        .eq('assessment_id', assessmentId)
        .eq('user_id', tc2Id);
      expect(data).toEqual([{ status: 'assigned' }]);
    });

    it('grants the paid assessment to tc2 without a purchase, and takes the grant back', async () => {
      const { page, world, app } = current();
      const editor = page.getByRole('region', { name: 'Assessment editor' });
      const tc2Id = await world.server.userId(TC2);
      const row = editor.locator(`tr[data-user-id="${tc2Id}"]`);
      const managerRow = editor.locator('tr[data-user-id]', { hasText: 'manager@talentg.test' });
      await managerRow.getByText('Included (staff)').waitFor();
      await row.getByRole('button', { name: /^Grant .* this paid assessment$/ }).click();
      await row.getByText('Granted', { exact: true }).waitFor();
      await app.screenshots('authoring-paid-access', { narrow: true });
      const granted = await world.server.service
        .from('assessment_unlocks')
        .select('source, revoked_at')
        .eq('assessment_id', assessmentId)
        .eq('user_id', tc2Id);
      expect(granted.data).toEqual([{ source: 'grant', revoked_at: null }]);

      await row.getByRole('button', { name: /^Take back .*'s grant$/ }).click();
      await row.getByRole('button', { name: /^Grant .* this paid assessment$/ }).waitFor();
      const taken = await world.server.service
        .from('assessment_unlocks')
        .select('source, revoked_at')
        .eq('assessment_id', assessmentId)
        .eq('user_id', tc2Id);
      expect(taken.data).toEqual([{ source: 'grant', revoked_at: expect.any(String) }]);
      const audit = await world.server.service
        .from('audit_log')
        .select('action')
        .eq('entity', 'assessment_unlocks')
        .in('action', ['assessment_unlock_granted', 'assessment_unlock_revoked'])
        .order('id');
      expect(audit.data?.slice(-2)).toEqual([
        { action: 'assessment_unlock_granted' },
        { action: 'assessment_unlock_revoked' },
      ]);
    });
  });
}
