// A person locked out by the server's sign-in rate limit is told so, with its own code, through the contract.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../src/local-supabase/stack.js';
import { hostCore, type HostedCore } from '../../src/workstation/host-core.js';
import { Workstation } from '../../src/workstation/workstation.js';
import { startTestStack } from '../support/stack.js';

let stack: RunningStack;
let core: HostedCore;
let dataDir: string;

beforeAll(async () => {
  stack = await startTestStack({
    seed: true,
    auth: { rateLimit: { signInsAndSignUps: 2, tokenRefreshes: 30, windowSeconds: 60 } },
  });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-rate-limit-'));
  core = hostCore(await Workstation.open({ dataDir, url: stack.url, anonKey: stack.anonKey }), {
    autoSync: false,
  });
}, 120_000);

afterAll(async () => {
  await core?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sign-in under the rate limit', () => {
  it('answers SIGN_IN_FAILED while attempts remain, then SIGN_IN_RATE_LIMITED with what to do', async () => {
    const attempt = () =>
      core.invoke('session:sign-in', { email: 'tc1@talentg.test', password: 'wrong' });
    expect((await attempt()).error?.code).toBe('SIGN_IN_FAILED');
    expect((await attempt()).error?.code).toBe('SIGN_IN_FAILED');
    const locked = await attempt();
    expect(locked.error).toMatchObject({
      code: 'SIGN_IN_RATE_LIMITED',
      message: 'Too many sign-in attempts from this computer: wait a minute, then try again.',
    });
    // Even the right password waits for the window.
    const right = await core.invoke('session:sign-in', {
      email: 'tc1@talentg.test',
      password: 'talentg-demo',
    });
    expect(right.error?.code).toBe('SIGN_IN_RATE_LIMITED');
  });
});
