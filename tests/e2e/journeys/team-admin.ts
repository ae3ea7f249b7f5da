// Journeys of an admin on the floor's first machine: signing in asks for the authenticator's code (a wrong
// one refused with a reason); the admin invites a telecaller in People, whose mail the stack's mailbox
// catches, and who accepts on tc2's machine and signs in to their queue; another admin's lost authenticator
// is reset from People; the admin authors an assessment that tc1 runs with a lead, and the result shows
// in the admin's results.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../../support/stack.js';
import { ensureSignedInAs, MANAGER, TC1, TC2 } from '../support/journey.js';
import type { ServerSide } from '../support/server-side.js';
import type { Desk } from '../support/team.js';
import { uniqueNote } from '../support/workstation-page.js';
import type { CurrentTeam } from './team-floor.js';

const run = Date.now().toString(36).slice(-6);
/** An admin of this file's own, so the secret of their authenticator is known here. */
const ADMIN_EMAIL = `e2e.admin.${run}@talentg.test`;
const ADMIN_PASSWORD = 'admin-with-an-authenticator';
const OTHER_ADMIN_EMAIL = `e2e.admin2.${run}@talentg.test`;
const INVITED = `e2e.hire.${run}@talentg.test`;
const INVITED_PASSWORD = 'first-day-on-the-floor';
const SERVER_MS = 60_000;

async function signOut(desk: Desk): Promise<void> {
  await desk.page.getByRole('button', { name: /^Account: / }).click();
  await desk.page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await desk.app.waitForAppState('signed-out');
}

/** The newest mail to `to` in the stack's local mailbox (Mailpit's API at /mailbox/). */
async function mailTo(stackUrl: string, to: string): Promise<{ subject: string; text: string }> {
  const answer = await fetch(`${stackUrl}/mailbox/api/messages?to=${encodeURIComponent(to)}`);
  const { messages } = (await answer.json()) as {
    messages: { subject: string; text: string }[];
  };
  if (messages.length === 0) throw new Error(`no mail to ${to}`);
  return messages[0]!;
}

function codeOf(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * 30_000,
  });
}

/**
 * An admin whose authenticator was set up earlier on another machine (enrolled and verified with its
 * first code): their secret, and that machine's supabase-js client, at aal2 from the verification.
 */
async function adminWithAuthenticator(
  server: ServerSide,
  email: string,
  fullName: string,
): Promise<{ secret: string; client: SupabaseClient }> {
  const created = await server.service.auth.admin.createUser({
    email,
    password: ADMIN_PASSWORD,
    email_confirm: true,
    app_metadata: { role: 'admin' },
    user_metadata: { full_name: fullName },
  });
  if (created.error) throw created.error;
  const client = await server.as(email, ADMIN_PASSWORD);
  const enrolled = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
  if (enrolled.error) throw enrolled.error;
  const verified = await client.auth.mfa.challengeAndVerify({
    factorId: enrolled.data.id,
    code: codeOf(enrolled.data.totp.secret),
  });
  if (verified.error) throw verified.error;
  return { secret: enrolled.data.totp.secret, client };
}

const codePrompt = (page: Page) => page.getByLabel('Authentication code', { exact: true });

export function describeTeamAdmin(current: CurrentTeam): void {
  describe("an admin's day on the floor", () => {
    let secret = '';
    const codeFor = (steps: number) => codeOf(secret, steps);

    beforeAll(async () => {
      const { desks, server } = current();
      // Each machine as the floor journeys leave it, also when this part runs alone.
      await Promise.all([
        ensureSignedInAs(desks.boss, MANAGER),
        ensureSignedInAs(desks.tc1, TC1),
        ensureSignedInAs(desks.tc2, TC2),
      ]);
      secret = (await adminWithAuthenticator(server, ADMIN_EMAIL, 'Esha Admin')).secret;
    });

    it('asks for the authenticator’s code after the password, refuses a wrong one, and signs in with the right one', async () => {
      const { boss } = current().desks;
      await signOut(boss);
      await boss.app.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
      await codePrompt(boss.page).waitFor({ timeout: SERVER_MS });
      expect(await boss.app.appState()).toBe('signed-out');
      await boss.app.screenshots('sign-in-second-factor', { narrow: true });

      await codePrompt(boss.page).fill(codeFor(1) === '000000' ? '111111' : '000000');
      await boss.page.getByRole('button', { name: 'Verify', exact: true }).click();
      await boss.page.getByRole('alert').getByText('That code is not right').waitFor();
      expect(await boss.app.appState()).toBe('signed-out');
      await boss.page.getByText('Lost your authenticator?').click();
      await boss.app.screenshots('sign-in-second-factor-wrong');

      // The enrolment spent this period's code; Auth refuses a step twice, so the app's next one.
      await codePrompt(boss.page).fill(codeFor(1));
      await boss.page.getByRole('button', { name: 'Verify', exact: true }).click();
      await boss.app.waitForAppState('ready');
      await boss.page.getByRole('button', { name: 'Account: Esha Admin, Admin' }).waitFor();
    });

    it('invites a telecaller in People at aal2; the mail is caught, and they accept and sign in to their queue', async () => {
      const { desks, stack } = current();
      const { boss, tc2 } = desks;
      await boss.page.keyboard.press('Control+8');
      const people = boss.page.getByRole('table', { name: 'People' });
      await people.locator('tr[data-user-id]').first().waitFor({ timeout: SERVER_MS });
      // Signed in at aal2: no step-up banner, changes open at once.
      expect(
        await boss.page.getByText('Verify with your authenticator to change people.').count(),
      ).toBe(0);
      await boss.page.getByRole('button', { name: 'Invite', exact: true }).click();
      const dialog = boss.page.getByRole('dialog', { name: 'Invite someone' });
      await dialog.getByLabel('Email').fill(INVITED);
      await dialog.getByLabel('Full name').fill('Nia Hire');
      await dialog.getByLabel('Role').selectOption('telecaller');
      await dialog.getByRole('button', { name: 'Send invitation' }).click();
      const row = people.locator('tr[data-user-id]', { hasText: INVITED });
      await row.waitFor({ timeout: SERVER_MS });
      expect(await row.getAttribute('data-role')).toBe('telecaller');

      const mail = await mailTo(stack.url, INVITED);
      expect(mail.subject).toBe('You have been invited');
      const code = /code: (\d{6})/.exec(mail.text)?.[1] ?? '';
      expect(code).toMatch(/^\d{6}$/);

      await signOut(tc2);
      await tc2.page.getByRole('button', { name: 'I have an invitation' }).click();
      await tc2.page.getByLabel('Email', { exact: true }).fill(INVITED);
      await tc2.page.getByLabel('Invitation code').fill(code);
      await tc2.page.getByLabel('New password').fill(INVITED_PASSWORD);
      await tc2.page.getByRole('button', { name: 'Accept invitation' }).click();
      await tc2.app.waitForAppState('ready');
      await signOut(tc2);

      // A new day: the password they chose is their sign-in, and the queue is their screen.
      await tc2.app.signIn(INVITED, INVITED_PASSWORD);
      await tc2.app.waitForAppState('ready');
      await tc2.page.getByRole('button', { name: 'Account: Nia Hire, Telecaller' }).waitFor();
      await tc2.app.queue.waitFor();
      const { data } = await current()
        .server.service.from('profiles')
        .select('role, is_active')
        .eq('email', INVITED)
        .single();
      expect(data).toEqual({ role: 'telecaller', is_active: true });
    });

    it('shows another admin’s changes on the open People screen, with no reload', async () => {
      const { desks, server } = current();
      const people = desks.boss.page.getByRole('table', { name: 'People' });
      const row = people.locator('tr[data-user-id]', { hasText: INVITED });
      const invitedId = (await row.getAttribute('data-user-id')) ?? '';
      await desks.boss.page.evaluate(() => Object.assign(globalThis, { peopleJourneyMark: true }));
      // Another admin, at their own machine (supabase-js through the admin-users function).
      const other = await adminWithAuthenticator(server, OTHER_ADMIN_EMAIL, 'Omar Admin');
      const change = async (body: Record<string, unknown>) => {
        const { error } = await other.client.functions.invoke('admin-users', { body });
        expect(error).toBeNull();
      };
      await change({ action: 'set-role', user_id: invitedId, role: 'manager' });
      await expect
        .poll(() => row.getAttribute('data-role'), { timeout: SERVER_MS })
        .toBe('manager');
      await change({ action: 'set-active', user_id: invitedId, active: false });
      await expect
        .poll(() => row.getAttribute('data-active'), { timeout: SERVER_MS })
        .toBe('false');
      await desks.boss.page
        .getByRole('list', { name: 'Recent changes' })
        .getByText('Nia Hire deactivated')
        .waitFor({ timeout: SERVER_MS });
      expect(await desks.boss.page.evaluate(() => 'peopleJourneyMark' in globalThis)).toBe(true);
      await desks.boss.app.screenshots('people-live', { narrow: true });
    });

    it('resets the other admin’s lost authenticator: they are signed out and sign in with the password alone', async () => {
      const { desks, stack } = current();
      const page = desks.boss.page;
      // A new sign-in of its own each time (server.as keeps the first one).
      const passwordSignIn = async () => {
        const client = clientFor(stack, stack.anonKey);
        const { error } = await client.auth.signInWithPassword({
          email: OTHER_ADMIN_EMAIL,
          password: ADMIN_PASSWORD,
        });
        if (error) throw error;
        return client;
      };
      // Password only, at aal1: what someone holding the password but not the phone would have.
      const passwordOnly = await passwordSignIn();
      const row = page
        .getByRole('table', { name: 'People' })
        .locator('tr[data-user-id]', { hasText: OTHER_ADMIN_EMAIL });
      await expect
        .poll(() => row.getAttribute('data-second-factor'), { timeout: SERVER_MS })
        .toBe('true');
      await row.getByRole('button', { name: 'Reset authenticator of Omar Admin' }).click();
      const dialog = page.getByRole('dialog', { name: 'Reset the authenticator of Omar Admin?' });
      await dialog.getByRole('button', { name: 'Reset authenticator' }).click();
      await expect
        .poll(() => row.getAttribute('data-second-factor'), { timeout: SERVER_MS })
        .toBe('false');
      expect((await passwordOnly.auth.refreshSession()).error).not.toBeNull();
      const level = await (await passwordSignIn()).auth.mfa.getAuthenticatorAssuranceLevel();
      expect(level.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal1' });
    });

    it('authors an assessment that tc1 runs with a lead, and the result shows in the admin’s results', async () => {
      const { desks, server } = current();
      const { boss, tc1 } = desks;
      const title = uniqueNote('Objections');
      await boss.page.keyboard.press('Control+9');
      await boss.page.getByRole('complementary', { name: 'Assessments to author' }).waitFor();
      await boss.page.getByRole('button', { name: 'New', exact: true }).click();
      const editor = boss.page.getByRole('region', { name: 'Assessment editor' });
      await editor.getByLabel('Title', { exact: true }).fill(title);
      await editor.getByRole('button', { name: 'One answer', exact: true }).click();
      await editor.getByLabel('Question 1 prompt').fill('The lead says it costs too much. You…');
      await editor
        .getByLabel('Question 1 option a', { exact: true })
        .fill('Ask what it is worth to them');
      await editor.getByLabel('Question 1 option a points').fill('5');
      await editor.getByLabel('Question 1 option b', { exact: true }).fill('Hang up');
      await editor.getByLabel('Question 1 option b points').fill('0');
      expect(await editor.getByLabel('Active', { exact: true }).isChecked()).toBe(true);
      await boss.page.keyboard.press('Control+s');
      await expect.poll(() => editor.getAttribute('data-assessment-id')).not.toBe('new');
      const assessmentId = (await editor.getAttribute('data-assessment-id')) ?? '';
      // Assigned to tc1, who runs it with the lead on their call.
      const tc1Id = await server.userId(TC1);
      await editor.getByRole('tab', { name: /^People and results/ }).click();
      const tc1Row = editor.locator(`tr[data-user-id="${tc1Id}"]`);
      await tc1Row.getByRole('checkbox').check();
      await editor.getByRole('button', { name: 'Assign to 1 person' }).click();
      await expect
        .poll(() => tc1Row.locator('[data-standing]').getAttribute('data-standing'), {
          timeout: SERVER_MS,
        })
        .toBe('assigned');

      // tc1 runs it with the open lead: the one of the floor journey's call, or the queue's first.
      if ((await tc1.app.openLeadId()) === null) await tc1.app.queueItems.first().click();
      const leadId = await tc1.app.waitForOpenLead((id) => id !== null, 'to be a lead');
      await tc1.app.showView('Assessments');
      const start = tc1.page.getByRole('button', { name: `Start ${title}` });
      await start.waitFor({ timeout: SERVER_MS });
      expect(await tc1.page.getByText(/^Run with the open lead/).count()).toBe(1);
      await start.click();
      await tc1.page
        .getByRole('group', { name: /costs too much/ })
        .getByRole('radio', { name: 'Ask what it is worth to them' })
        .check();
      await tc1.page.getByRole('button', { name: /^Submit/ }).click();
      await tc1.page
        .getByRole('region', { name: 'Result' })
        .getByText(/100\s*%/)
        .first()
        .waitFor({
          timeout: SERVER_MS,
        });
      const { data, error } = await server.service
        .from('assessment_responses')
        .select('lead_id, user_id, status, score, passed')
        .eq('assessment_id', assessmentId);
      expect(error).toBeNull();
      expect(data).toEqual([
        {
          lead_id: leadId,
          user_id: tc1Id,
          status: 'submitted',
          score: expect.anything() as unknown,
          passed: true,
        },
      ]);
      await tc1.app.showView('Queue');

      // Opened again, the assessment reads its results afresh.
      await boss.page
        .getByRole('complementary', { name: 'Assessments to author' })
        .locator(`[data-assessment-id="${assessmentId}"]`)
        .first()
        .click();
      await editor.getByRole('tab', { name: /^People and results/ }).click();
      const chart = editor.getByRole('figure', { name: 'Score distribution' });
      await chart.waitFor({ timeout: SERVER_MS });
      expect(await chart.locator('figcaption').innerText()).toMatch(/1 submitted · 1 passed/);
      expect(await chart.getByLabel('90 to 100: 1').count()).toBe(1);
      expect(await tc1Row.locator('[data-standing]').getAttribute('data-standing')).toBe(
        'completed',
      );
    });
  });
}
