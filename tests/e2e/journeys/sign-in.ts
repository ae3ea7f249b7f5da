// Journey: signing in. A wrong password and an unreachable server each say so in an alert, in words
// that tell them apart; the right password then opens the queue.
import { describe, expect, it } from 'vitest';
import { TC1, type CurrentJourney } from '../support/journey.js';
import { DEMO_PASSWORD } from '../support/server-side.js';
import { eventually } from '../support/workstation-page.js';

export function describeSignIn(current: CurrentJourney): void {
  describe('signing in', () => {
    /** The text of every alert on the page ('' while there is none). */
    async function alertText(): Promise<string> {
      return (await current().page.getByRole('alert').allInnerTexts()).join(' ').trim();
    }

    function alertMatching(pattern: RegExp): Promise<string> {
      return eventually(`an alert matching ${pattern}`, alertText, (text) => pattern.test(text));
    }

    it('starts signed out, showing the sign-in form', async () => {
      const { app, page } = current();
      await app.waitForAppState('signed-out');
      await page.getByLabel('Email', { exact: true }).waitFor();
      await page.getByLabel('Password', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      await app.screenshots('sign-in');
    });

    it('a wrong password is refused with an alert about the email or password', async () => {
      const { app } = current();
      await app.signIn(TC1, 'not-the-password');
      const text = await alertMatching(/password/i);
      expect(text).not.toMatch(/reach|offline|network|connect/i);
      expect(await app.appState()).toBe('signed-out');
      await app.screenshots('sign-in-wrong-password');
    });

    it('an unreachable server is refused with an alert that says the server cannot be reached', async () => {
      const { app, world } = current();
      world.link.cut();
      try {
        await app.signIn(TC1, DEMO_PASSWORD);
        // The alert must change from the wrong-password one to this one.
        const text = await alertMatching(/reach|offline|network|connect/i);
        expect(text).not.toMatch(/wrong|incorrect|invalid/i);
        expect(await app.appState()).toBe('signed-out');
        await app.screenshots('sign-in-unreachable');
      } finally {
        world.link.restore();
      }
    });

    it('the right password with the server back opens the queue', async () => {
      const { app, page } = current();
      await app.signIn(TC1, DEMO_PASSWORD);
      await app.waitForAppState('ready');
      await app.queueItems.first().waitFor({ timeout: 30_000 });
      expect(await page.getByRole('alert').count()).toBe(0);
    });
  });
}
