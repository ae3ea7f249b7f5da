// The core behind the relay, in a forked Node child (the shape of Electron's utilityProcess), against
// the embedded stack: the same envelopes and events as in-process, secrets kept in main.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../contract/events';
import type { RunningStack } from '../local-supabase/stack';
import { MemorySecretStore } from '../workstation/session';
import type { HostedCore } from '../workstation/host-core';
import { DEMO_PASSWORD, TC1, startSeededStack } from '../../tests/support/services-rig';
import { createCoreClient } from '../contract/core-client';
import { fakePowerMonitor, handCrankedTimer } from '../../tests/support/fake-shell';
import { followAwayPause } from './away-pause';
import { CoreStartError, relayCore } from './core-relay';
import { followTray, type TrayView } from './tray-status';
import { forkNodeCoreChild } from '../../tests/support/node-core-ports';

const CHILD = fileURLToPath(new URL('../../tests/support/core-child.ts', import.meta.url));

let stack: RunningStack;
const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'talentg-relay-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  stack = await startSeededStack();
}, 120_000);
afterAll(async () => {
  await stack?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const crashes: (number | null)[] = [];

async function relayed(secrets = new MemorySecretStore()) {
  const port = forkNodeCoreChild(CHILD);
  const core = await relayCore(
    port,
    { dataDir: dataDir(), url: stack.url, anonKey: stack.anonKey, autoSync: false },
    secrets,
    (code) => void crashes.push(code),
  );
  return { port, core, secrets };
}

function recordEvents(core: HostedCore): CoreEvent[] {
  const seen: CoreEvent[] = [];
  core.subscribe((event) => void seen.push(event));
  return seen;
}

describe('core relay over a child process', () => {
  it('answers the contract as the in-process core does, events included, secrets sealed in main', async () => {
    const { core, secrets, port } = await relayed();
    const events = recordEvents(core);
    expect(await core.invoke('session:state', {})).toEqual({
      success: true,
      data: { status: 'signed_out' },
    });
    // The updater's session comes over the relay's own message: none while nobody is signed in.
    expect(await core.updateSession()).toBeNull();
    const signedIn = await core.invoke('session:sign-in', { email: TC1, password: DEMO_PASSWORD });
    expect(signedIn).toMatchObject({ success: true, data: { status: 'signed_in' } });
    // The child kept its session through main's store: the auth token lives on this side.
    expect(await secrets.get('talentg-auth')).toContain('refresh_token');
    expect(await core.updateSession()).toEqual({
      projectUrl: stack.url,
      anonKey: stack.anonKey,
      accessToken: expect.stringMatching(/^ey/),
      channel: 'stable',
    });
    const synced = await core.invoke('sync:now', {});
    expect(synced).toMatchObject({ success: true, data: { pending: 0 } });
    const queue = await core.invoke('leads:queue', { limit: 5 });
    expect(queue).toMatchObject({ success: true });
    expect(events.map((e) => e.event)).toContain('session:changed');
    expect(events.map((e) => e.event)).toContain('sync:progress');
    expect(await core.invoke('leads:nope', {})).toMatchObject({
      success: false,
      error: { code: 'UNKNOWN_OPERATION' },
    });
    expect(await core.invoke('leads:queue', { limit: 'all' })).toMatchObject({
      success: false,
      error: { code: 'INVALID_REQUEST' },
    });
    const exited = new Promise((resolve) => port.child.once('exit', resolve));
    await core.close();
    await exited;
    expect(crashes).toEqual([]);
    expect(await core.updateSession()).toBeNull();
    expect(await core.invoke('session:state', {})).toMatchObject({
      success: false,
      error: { code: 'CORE_UNREACHABLE' },
    });
  }, 120_000);

  it('drives presence through the relay: the away pause pauses and restores, the tray follows', async () => {
    const { core } = await relayed();
    expect(
      await core.invoke('session:sign-in', { email: TC1, password: DEMO_PASSWORD }),
    ).toMatchObject({
      success: true,
    });
    const client = createCoreClient({ invoke: core.invoke, onEvent: core.subscribe });
    expect(await client.presence.set({ state: 'ready' })).toMatchObject({ success: true });
    const views: TrayView[] = [];
    const tray = followTray({
      client,
      tray: { render: (view) => void views.push(view) },
      showWindow: () => undefined,
      quit: () => undefined,
      warn: (message) => expect.fail(message),
    });
    await tray.refresh();
    expect(views.at(-1)?.tooltip).toContain('Ready');
    const power = fakePowerMonitor();
    const timer = handCrankedTimer();
    const away = followAwayPause({
      client,
      power,
      every: timer.every,
      warn: (m) => expect.fail(m),
    });
    power.fire('lock-screen');
    await away.settled();
    expect(await client.presence.state()).toMatchObject({
      success: true,
      data: { state: 'paused', pause_reason: 'Away (screen locked)' },
    });
    power.fire('unlock-screen');
    await away.settled();
    expect(await client.presence.state()).toMatchObject({
      success: true,
      data: { state: 'ready' },
    });
    // The tray heard presence:changed from the child for both moves.
    expect(views.map((view) => view.items[0])).toEqual(
      expect.arrayContaining([expect.objectContaining({ label: 'Paused · Away (screen locked)' })]),
    );
    expect(views.at(-1)?.items[0]).toMatchObject({ label: 'Ready' });
    away.stop();
    tray.stop();
    await core.close();
  }, 120_000);

  it('a child that dies answers its open calls CORE_UNREACHABLE instead of hanging', async () => {
    const died: (number | null)[] = [];
    const port = forkNodeCoreChild(CHILD);
    const core = await relayCore(
      port,
      { dataDir: dataDir(), url: stack.url, anonKey: stack.anonKey, autoSync: false },
      new MemorySecretStore(),
      (code) => void died.push(code),
    );
    const call = core.invoke('session:sign-in', { email: TC1, password: DEMO_PASSWORD });
    port.kill();
    expect(await call).toMatchObject({ success: false, error: { code: 'CORE_UNREACHABLE' } });
    // Main hears of it, to show the failure screen instead of a window that no longer answers.
    expect(died).toHaveLength(1);
    await core.close();
  }, 60_000);

  it('a core that cannot open rejects with its reason, for the failure screen', async () => {
    const port = forkNodeCoreChild(CHILD);
    const started = relayCore(
      port,
      { dataDir: dataDir(), url: 'no server here', anonKey: stack.anonKey },
      new MemorySecretStore(),
    );
    await expect(started).rejects.toBeInstanceOf(CoreStartError);
    await expect(started).rejects.toMatchObject({ message: expect.stringMatching(/url/i) });
    port.kill();
  }, 60_000);
});
