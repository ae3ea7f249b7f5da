// The workstation as a journey sees it: only DESIGN.md section 8's hooks (data-app-state,
// data-lead-id, data-disposition, data-sync-state, data-pending, data-dead-letters) and accessible
// names. A journey that needs anything else is asking the renderer for a hook it lacks.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { REPO_ROOT } from './talentg-child.js';

export type AppState = 'loading' | 'signed-out' | 'ready';
export type SyncState = 'online' | 'syncing' | 'offline' | 'error';

/** A laptop split in two: the narrowest window the screens are designed for. */
const NARROW_WIDTH = 900;

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'tests', 'e2e', 'screenshots');

/**
 * After a failed test, the page as it was into tests/e2e/screenshots/failed-<test>.png (with `who`,
 * failed-<who>-<test>.png: one per person when several windows are open).
 */
export function screenshotFailures(page: () => Page | undefined, who?: string): void {
  afterEach(async (context) => {
    const current = page();
    if (context.task.result?.state !== 'fail' || current === undefined) return;
    const test = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
    const name = who === undefined ? test : `${who}-${test}`;
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await current
      .screenshot({ path: path.join(SCREENSHOT_DIR, `failed-${name}.png`) })
      .catch(() => undefined);
  });
}

/** A note no other journey or seed row has, to find exactly this journey's write on the server. */
export function uniqueNote(what: string): string {
  return `e2e ${what} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls `read` until `accept` holds; the error names what was last seen. */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = lastError ? `error ${(lastError as Error).message}` : JSON.stringify(last);
      throw new Error(`${what}: not within ${timeoutMs} ms; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface SyncHealth {
  state: SyncState | null;
  pending: number | null;
  deadLetters: number | null;
}

export class WorkstationPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.locator('[data-app-state]');
  }

  get queue(): Locator {
    return this.page.getByLabel('Call queue', { exact: true });
  }

  get queueItems(): Locator {
    return this.queue.locator('[data-lead-id]');
  }

  queueItem(leadId: string): Locator {
    return this.queue.locator(`[data-lead-id="${leadId}"]`);
  }

  get lead(): Locator {
    return this.page.getByRole('region', { name: 'Lead', exact: true });
  }

  get notes(): Locator {
    return this.lead.getByLabel('Notes', { exact: true });
  }

  disposition(code: string): Locator {
    return this.lead.locator(`[data-disposition="${code}"]`);
  }

  /** The key a disposition's button names, e.g. "NA · No answer (1)" gives "1". */
  async dispositionKey(code: string): Promise<string> {
    const button = this.disposition(code).first();
    const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
    const key = name.match(/\(([^()\s]+)\)\s*$/)?.[1];
    if (!key) throw new Error(`the ${code} button's name "${name}" shows no key`);
    return key;
  }

  /** Opens a view from the top navigation (Queue, Callbacks, Assessments, Sync). */
  async showView(label: string): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: new RegExp(`^${label}\\b`) })
      .click();
  }

  /** The one element carrying all three health hooks (DESIGN.md section 8). */
  get syncHealth(): Locator {
    return this.page.locator('[data-sync-state][data-pending][data-dead-letters]');
  }

  async appState(): Promise<string | null> {
    return this.root.first().getAttribute('data-app-state');
  }

  async waitForAppState(state: AppState, timeoutMs = 30_000): Promise<void> {
    await eventually(
      `data-app-state="${state}"`,
      () => this.appState(),
      (s) => s === state,
      timeoutMs,
    );
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email', { exact: true }).fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** Signs in and waits for the queue with at least one lead in it. */
  async signInAndWaitForQueue(email: string, password: string): Promise<void> {
    await this.waitForAppState('signed-out');
    await this.signIn(email, password);
    await this.waitForAppState('ready');
    await this.queueItems.first().waitFor({ timeout: 30_000 });
  }

  async queueLeadIds(): Promise<string[]> {
    const ids = await this.queueItems.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-lead-id') ?? ''),
    );
    return ids.filter((id) => id !== '');
  }

  async openLeadId(): Promise<string | null> {
    if ((await this.lead.count()) === 0) return null;
    return this.lead.first().getAttribute('data-lead-id');
  }

  async waitForOpenLead(accept: (leadId: string | null) => boolean, what: string): Promise<string> {
    const id = await eventually(`the open lead ${what}`, () => this.openLeadId(), accept);
    return id!;
  }

  async health(): Promise<SyncHealth> {
    const element = this.syncHealth.first();
    const [state, pending, deadLetters] = await Promise.all([
      element.getAttribute('data-sync-state'),
      element.getAttribute('data-pending'),
      element.getAttribute('data-dead-letters'),
    ]);
    return {
      state: state as SyncState | null,
      pending: pending === null ? null : Number(pending),
      deadLetters: deadLetters === null ? null : Number(deadLetters),
    };
  }

  async waitForHealth(
    what: string,
    accept: (health: SyncHealth) => boolean,
    timeoutMs = 15_000,
  ): Promise<SyncHealth> {
    return eventually(`sync health ${what}`, () => this.health(), accept, timeoutMs);
  }

  /** The page in light and in dark, at its current size, into tests/e2e/screenshots/<name>-<scheme>.png. */
  /**
   * `<name>-light.png` and `<name>-dark.png` at the page's size; with `narrow`, also
   * `<name>-narrow-light.png` at NARROW_WIDTH, the width below which the shell folds its tabs.
   */
  async screenshots(name: string, options: { readonly narrow?: boolean } = {}): Promise<void> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await this.page.emulateMedia({ colorScheme });
      await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`) });
    }
    await this.page.emulateMedia({ colorScheme: null });
    const size = this.page.viewportSize();
    if (options.narrow && size !== null) {
      await this.page.setViewportSize({ width: NARROW_WIDTH, height: size.height });
      await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-narrow-light.png`) });
      await this.page.setViewportSize(size);
    }
  }
}
