// The calling hours store against a fake core: on a first sign-in the core judges by the default hours
// until it has read the floor's, and the screens print no hours until then (not 09:00–21:00 Mon–Sat).
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallingHoursView } from '../../../src/contract/operations/calling-hours';
import { callingHoursText } from '../../../src/domain/calling-hours';
import { DEFAULT_CALLING_WINDOW, type CallingWindow } from '../../../src/domain/calling-window';
import { shownHoursText, useCallingHours } from './calling-hours';
import { answers, installFakeCore, ok, refused, resetFakeCore } from './fake-core.test-support';

const FLOOR: CallingWindow = {
  start: '10:00',
  end: '19:00',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
};
const view = (window: CallingWindow, updatedAt: string | null): CallingHoursView => ({
  window,
  text: callingHoursText(window),
  updated_at: updatedAt,
});
const shown = () => shownHoursText(useCallingHours.getState().hours);

beforeAll(installFakeCore);
const initial = useCallingHours.getState().hours;
beforeEach(() => {
  resetFakeCore();
  useCallingHours.setState({ hours: initial });
});

describe('the calling hours shown', () => {
  it('are none before the core answers, though the store holds the default to judge clocks by', () => {
    expect(useCallingHours.getState().hours.window).toEqual(DEFAULT_CALLING_WINDOW);
    expect(shown()).toBeNull();
  });

  it('stay none while the core still judges by the default (a first download), then are the floor’s', async () => {
    answers.set('floor:calling-hours', () => ok(view(DEFAULT_CALLING_WINDOW, null)));
    await useCallingHours.getState().load();
    expect(useCallingHours.getState().hours.updated_at).toBeNull();
    expect(shown()).toBeNull();

    answers.set('floor:calling-hours', () => ok(view(FLOOR, '2026-11-20T08:00:00.000Z')));
    await useCallingHours.getState().load();
    expect(shown()).toBe('10:00–19:00 Mon–Fri');
    expect(useCallingHours.getState().hours.window).toEqual(FLOOR);
  });

  it('keep what they were when the core refuses, and follow a save’s answer at once', async () => {
    answers.set('floor:calling-hours', () => refused('NOT_SIGNED_IN', 'Sign in first.'));
    await useCallingHours.getState().load();
    expect(shown()).toBeNull();

    useCallingHours.getState().took(view(FLOOR, '2026-12-08T00:30:00.000Z'));
    expect(shown()).toBe(callingHoursText(FLOOR));
    await useCallingHours.getState().load();
    expect(shown()).toBe(callingHoursText(FLOOR));
  });
});
