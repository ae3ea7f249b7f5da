// The updater policy with a stand-in for electron-updater's AppUpdater: which feed and headers it gets,
// when it checks, and what the person is told.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseCoreEvent, type CoreEvent } from '../contract/events.js';
import {
  configureUpdater,
  startUpdateChecks,
  UPDATE_CHECK_INTERVAL_MS,
  type UpdateSession,
  type Updater,
} from './update-policy.js';

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = false;
  requestHeaders: Record<string, string> | null = null;
  feeds: unknown[] = [];
  checks: (Record<string, string> | null)[] = [];
  setFeedURL(options: unknown) {
    this.feeds.push(options);
  }
  checkForUpdates() {
    this.checks.push(this.requestHeaders);
    return Promise.resolve(null);
  }
}

const asUpdater = (fake: FakeUpdater) => fake as unknown as Updater;

const SESSION: UpdateSession = {
  projectUrl: 'https://abc.supabase.co/',
  anonKey: 'anon',
  accessToken: 'token-1',
  channel: 'beta',
};

/** A manual interval: the test fires it. */
function manualTimer() {
  const timer = { run: null as (() => void) | null, ms: 0, cleared: false };
  return {
    timer,
    setInterval: (run: () => void, ms: number) => {
      timer.run = run;
      timer.ms = ms;
      return timer;
    },
    clearInterval: () => {
      timer.cleared = true;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('configureUpdater', () => {
  it("points the generic provider at the bucket on the person's channel, with their token", () => {
    const fake = new FakeUpdater();
    configureUpdater(asUpdater(fake), SESSION);
    expect(fake.feeds).toEqual([
      {
        provider: 'generic',
        url: 'https://abc.supabase.co/storage/v1/object/authenticated/releases',
        channel: 'beta',
      },
    ]);
    expect(fake.requestHeaders).toEqual({ authorization: 'Bearer token-1', apikey: 'anon' });
    expect(fake).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
      allowPrerelease: true,
    });
  });

  it('reads latest*.yml for stable, the name electron-updater gives its default channel', () => {
    const fake = new FakeUpdater();
    configureUpdater(asUpdater(fake), { ...SESSION, channel: 'stable' });
    expect(fake.feeds).toEqual([expect.objectContaining({ channel: 'latest' })]);
    expect(fake.allowPrerelease).toBe(false);
  });
});

describe('startUpdateChecks', () => {
  it('checks at start and every few hours, each time with a fresh token', async () => {
    const fake = new FakeUpdater();
    const { timer, ...clock } = manualTimer();
    let token = 0;
    const checks = startUpdateChecks({
      updater: asUpdater(fake),
      session: () => Promise.resolve({ ...SESSION, accessToken: `token-${(token += 1)}` }),
      notify: () => undefined,
      log: () => undefined,
      ...clock,
    });
    await settle();
    expect(fake.checks).toEqual([{ authorization: 'Bearer token-1', apikey: 'anon' }]);
    expect(timer.ms).toBe(UPDATE_CHECK_INTERVAL_MS);
    timer.run?.();
    await settle();
    expect(fake.checks.map((headers) => headers?.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    checks.stop();
    expect(timer.cleared).toBe(true);
  });

  it('does not check while nobody is signed in', async () => {
    const fake = new FakeUpdater();
    startUpdateChecks({
      updater: asUpdater(fake),
      session: () => Promise.resolve(null),
      notify: () => undefined,
      log: () => undefined,
      ...manualTimer(),
    });
    await settle();
    expect(fake.checks).toEqual([]);
  });

  it('tells the person, with an event the contract accepts, once the update is downloaded', async () => {
    const fake = new FakeUpdater();
    const told: CoreEvent[] = [];
    startUpdateChecks({
      updater: asUpdater(fake),
      session: () => Promise.resolve(SESSION),
      notify: (event) => told.push(event),
      log: () => undefined,
      ...manualTimer(),
    });
    fake.emit('update-downloaded', { version: '1.4.0', releaseDate: '2026-12-07T10:00:00.000Z' });
    expect(told).toEqual([
      {
        event: 'update:ready',
        payload: { version: '1.4.0', release_date: '2026-12-07T10:00:00.000Z', install: 'on_quit' },
      },
    ]);
    expect(parseCoreEvent(told[0])).toMatchObject({ ok: true });
  });

  it('logs a failed check or download and keeps going', async () => {
    const fake = new FakeUpdater();
    const logged: string[] = [];
    fake.checkForUpdates = () => Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
    const { timer, ...clock } = manualTimer();
    startUpdateChecks({
      updater: asUpdater(fake),
      session: () => Promise.resolve(SESSION),
      notify: () => undefined,
      log: (line) => logged.push(line),
      ...clock,
    });
    fake.emit('error', new Error('sha512 checksum mismatch'));
    await settle();
    expect(logged).toEqual(['update failed: sha512 checksum mismatch']);
    expect(timer.run).not.toBeNull();
  });
});
