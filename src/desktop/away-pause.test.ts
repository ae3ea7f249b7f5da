import { describe, expect, it } from 'vitest';
import type { Presence } from '../contract/operations/presence';
import {
  fakeCore,
  fakePowerMonitor,
  handCrankedTimer,
  presenceOf,
} from '../../tests/support/fake-shell';
import { followAwayPause } from './away-pause';

const LEAD = '00000000-0000-4000-8000-00000000c001';

function rig(presence: Presence = presenceOf('ready')) {
  const core = fakeCore({ presence });
  const power = fakePowerMonitor();
  const timer = handCrankedTimer();
  const warnings: string[] = [];
  const away = followAwayPause({
    client: core.client,
    power,
    every: timer.every,
    idleAfterSeconds: 120,
    warn: (message) => void warnings.push(message),
  });
  const sets = () =>
    core.calls.filter((call) => call.op === 'presence:set').map((call) => call.args);
  return { core, power, timer, away, sets, warnings };
}

describe('away pause', () => {
  it('idle past the threshold pauses with the reason; activity restores ready', async () => {
    const { core, power, timer, away, sets } = rig();
    timer.tick();
    await away.settled();
    expect(sets()).toEqual([]);
    power.idleState = 'idle';
    timer.tick();
    await away.settled();
    expect(power.thresholds).toContain(120);
    expect(core.state.presence).toMatchObject({ state: 'paused', pause_reason: 'Away (idle)' });
    expect(away.away()).toBe('idle');
    timer.tick();
    await away.settled();
    expect(sets()).toHaveLength(1);
    power.idleState = 'active';
    timer.tick();
    await away.settled();
    expect(sets()).toEqual([{ state: 'paused', pause_reason: 'Away (idle)' }, { state: 'ready' }]);
    expect(core.state.presence.state).toBe('ready');
    expect(away.away()).toBeNull();
  });

  it('locking the screen pauses at once and unlocking restores a wrap-up with its lead', async () => {
    const { core, power, away, sets } = rig(presenceOf('wrap_up', { lead_id: LEAD }));
    power.fire('lock-screen');
    await away.settled();
    expect(core.state.presence).toMatchObject({ pause_reason: 'Away (screen locked)' });
    power.fire('unlock-screen');
    await away.settled();
    expect(sets().at(-1)).toEqual({ state: 'wrap_up', lead_id: LEAD });
    expect(core.state.presence).toMatchObject({ state: 'wrap_up', lead_id: LEAD });
  });

  it('a locked screen stays away though the idle clock reads active (Linux reports no lock state)', async () => {
    const { core, power, timer, away } = rig();
    power.fire('lock-screen');
    await away.settled();
    timer.tick();
    await away.settled();
    expect(core.state.presence.state).toBe('paused');
    expect(away.away()).toBe('locked');
  });

  it('sleep pauses and waking restores', async () => {
    const { core, power, away } = rig();
    power.fire('suspend');
    await away.settled();
    expect(core.state.presence).toMatchObject({ pause_reason: 'Away (computer asleep)' });
    power.fire('resume');
    await away.settled();
    expect(core.state.presence.state).toBe('ready');
  });

  it('leaves alone a call, a pause the person chose and the offline state', async () => {
    for (const presence of [
      presenceOf('on_call', { lead_id: LEAD }),
      presenceOf('paused', { pause_reason: 'Lunch' }),
      presenceOf('offline_syncing'),
    ]) {
      const { power, away, sets } = rig(presence);
      power.fire('lock-screen');
      await away.settled();
      power.fire('unlock-screen');
      await away.settled();
      expect(sets()).toEqual([]);
    }
  });

  it('does not undo what the person chose while away', async () => {
    const { core, power, away, sets } = rig();
    power.fire('lock-screen');
    await away.settled();
    await core.client.presence.set({ state: 'paused', pause_reason: 'Meeting' });
    power.fire('unlock-screen');
    await away.settled();
    expect(sets()).toHaveLength(2);
    expect(core.state.presence).toMatchObject({ state: 'paused', pause_reason: 'Meeting' });
  });

  it('a lock and an idle tick together pause once', async () => {
    const { power, timer, away, sets } = rig();
    power.idleState = 'idle';
    power.fire('lock-screen');
    timer.tick();
    await away.settled();
    expect(sets()).toEqual([{ state: 'paused', pause_reason: 'Away (screen locked)' }]);
  });

  it('a refused pause leaves a warning and presence as it was', async () => {
    const { core, power, away, warnings } = rig();
    core.state.refuseSet = { code: 'NOT_SIGNED_IN', message: 'Sign in first.' };
    power.fire('lock-screen');
    await away.settled();
    expect(away.away()).toBeNull();
    expect(warnings).toEqual(['could not pause presence: Sign in first.']);
  });

  it('stop removes the listeners and the poll', () => {
    const { power, timer, away } = rig();
    expect([power.listening(), timer.running()]).toEqual([4, 1]);
    away.stop();
    expect([power.listening(), timer.running()]).toEqual([0, 0]);
  });
});
