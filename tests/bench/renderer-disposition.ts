// One-key wrap-up as the telecaller feels it: a disposition key press to the next lead on the card,
// timed inside the page (keydown's timestamp to the frame after the Lead region shows another lead).
import type { Page } from 'playwright-core';
import { median, percentile, round, type Benchmark } from './metric.js';
import {
  builtRenderer,
  callableTimeZone,
  Cleanups,
  insertServerLeads,
  launchChromium,
  openPage,
  signedInWorkstation,
  startCoreHost,
  startDemoStack,
  tempDir,
  waitForQueue,
  withWorkstation,
} from './renderer-world.js';
import { armNextLead, nextLead, OPEN_LEAD, QUEUE_ROW, type NextLead } from './renderer-page-probes.js';

const DISPOSITION = 'NA';
const WARMUP = 5;
const PRESSES = 100;
const SERVER_LEADS = 400;
const PRESS_TIMEOUT_MS = 10_000;

/** The key the disposition's button announces (aria-keyshortcuts, else "(X)" at the end of its name). */
async function keyOf(page: Page, code: string): Promise<string> {
  const button = page.locator(`${OPEN_LEAD} [data-disposition="${code}"]`).first();
  await button.waitFor();
  const shortcut = await button.getAttribute('aria-keyshortcuts');
  if (shortcut) return shortcut;
  const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
  const key = /\((\S)\)\s*$/.exec(name)?.[1];
  if (!key) throw new Error(`the ${code} button names no key ("${name}")`);
  return key;
}

async function press(page: Page, key: string): Promise<NextLead> {
  // Focus out of any text field, as after typing notes and pressing Esc: the key is a command, not text.
  await page.evaluate('document.activeElement?.blur()');
  await armNextLead(page, PRESS_TIMEOUT_MS);
  await page.keyboard.press(key.length === 1 ? key.toLowerCase() : key);
  return nextLead(page);
}

export const rendererDispositionToNextLead: Benchmark = {
  name: 'renderer_disposition_to_next_lead_p95',
  async run({ log }) {
    const cleanups = new Cleanups();
    try {
      const rendererDir = await builtRenderer(log);
      const backend = await startDemoStack();
      cleanups.add(() => backend.close());
      const zone = callableTimeZone(Date.now(), 20 * 60_000);
      await insertServerLeads(backend, SERVER_LEADS, zone);
      const data = tempDir('talentg-bench-dispo-');
      cleanups.add(async () => data.remove());
      await (await signedInWorkstation(backend, data.dir)).close();
      const host = await startCoreHost(backend, data.dir, rendererDir);
      cleanups.add(() => host.close());
      const browser = await launchChromium();
      cleanups.add(() => browser.close());

      const page = await openPage(browser, host.url);
      await waitForQueue(page);
      await page.locator(QUEUE_ROW).first().click();
      const key = await keyOf(page, DISPOSITION);
      log(`pressing "${key}" (${DISPOSITION}) ${WARMUP + PRESSES} times; leads in ${zone}`);

      const presses: NextLead[] = [];
      for (let i = 0; i < WARMUP + PRESSES; i++) {
        const done = await press(page, key);
        if (i >= WARMUP) presses.push(done);
        if ((i + 1) % 25 === 0) log(`${i + 1} presses, last ${done.toFrameMs.toFixed(1)} ms`);
      }

      // Every press logged its call in the cache before (or as) the next lead showed.
      await host.close();
      const unlogged = await withWorkstation(backend, data.dir, (workstation) =>
        presses.filter(
          (p) =>
            !workstation.cache
              .leadWithHistory(p.from)
              ?.interactions.some((row) => row.type === 'call' && row.disposition === DISPOSITION),
        ),
      );
      if (unlogged.length > 0) {
        throw new Error(
          `${unlogged.length} presses opened the next lead without an ${DISPOSITION} call in the cache`,
        );
      }
      const toFrame = presses.map((p) => p.toFrameMs);
      const toDom = presses.map((p) => p.toDomMs);
      const toCommit = presses.flatMap((p) => {
        const at = host.committedAt.get(p.from);
        return at === undefined ? [] : [at - p.keyWallMs];
      });
      return {
        value: round(percentile(toFrame, 0.95)),
        unit: 'ms',
        target: 50,
        details: {
          median_ms: round(median(toFrame)),
          p95_ms: round(percentile(toFrame, 0.95)),
          max_ms: round(Math.max(...toFrame)),
          dom_change_p95_ms: round(percentile(toDom, 0.95)),
          key_to_local_commit_median_ms: toCommit.length > 0 ? round(median(toCommit)) : 'n/a',
          key_to_local_commit_p95_ms: toCommit.length > 0 ? round(percentile(toCommit, 0.95)) : 'n/a',
          presses: presses.length,
          disposition: `${DISPOSITION} on key "${key}"`,
          method:
            'In the page: keydown.timeStamp to the requestAnimationFrame after the Lead region carries another data-lead-id (not aria-busy); ' +
            'real key presses through Playwright (its round trip is not counted). Commit: the core\'s local cache:changed for the lead, its wall clock vs the page\'s. ' +
            `${SERVER_LEADS} extra server leads for tc1; the core (background sync on) and the stack each in their own process; headless Chromium 1440x900.`,
        },
      };
    } finally {
      await cleanups.run();
    }
  },
};
