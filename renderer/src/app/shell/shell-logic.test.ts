// The renderer shell's pure logic: app state, sync health words, presence, tabs, the key listing and
// the command palette's search. The components around them are checked in the browser (tests/e2e).
import { describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../../src/contract/operations/sync';
import { formatTimeInState } from '../presence-words';
import { appStateOf, initialsOf, userOf, type SessionView } from '../session-state';
import {
  ageOf,
  agoPhrase,
  downloadShare,
  oldestWorthShowing,
  formatAge,
  syncAccessibleName,
  syncHeadline,
  syncStateOf,
} from '../sync-summary';
import { filterCommands, type Command } from './command-search';
import { listBindings } from './key-listing';
import { endOfLocalDay, tabCount, touchesCounts } from './tab-counts';
import { firstViewFor, isCaller, viewsFor } from './view-access';

const USER = {
  id: '00000000-0000-0000-0000-000000000001',
  email: 'tc1@talentg.test',
  full_name: 'Priya Raman',
  role: 'telecaller' as const,
};
const AT = '2026-11-25T10:00:00.000Z';

function progress(overrides: Partial<SyncProgress> = {}): SyncProgress {
  return {
    phase: 'idle',
    done: 0,
    total: 0,
    pending: 0,
    oldest_pending_at: null,
    last_push_at: null,
    last_pull_at: null,
    dead_letters: 0,
    last_error: null,
    ...overrides,
  };
}

describe('data-app-state follows the session', () => {
  it.each<[SessionView, string]>([
    [{ status: 'loading' }, 'loading'],
    [{ status: 'unreachable', error: { code: 'CORE_UNREACHABLE', message: 'no core' } }, 'loading'],
    [{ status: 'signed_out' }, 'signed-out'],
    [{ status: 'signed_in', user: USER, signed_in_at: AT }, 'ready'],
    // Local work goes on after the server refused to refresh the session.
    [{ status: 'expired', user: USER, signed_in_at: AT }, 'ready'],
  ])('%j is %s', (session, state) => {
    expect(appStateOf(session)).toBe(state);
  });

  it('has a user while signed in or expired, none otherwise', () => {
    expect(userOf({ status: 'expired', user: USER, signed_in_at: AT })).toBe(USER);
    expect(userOf({ status: 'signed_out' })).toBeNull();
  });

  it('makes initials from the first and last name, else from the email', () => {
    expect(initialsOf(USER)).toBe('PR');
    expect(initialsOf({ full_name: 'Ana María de la Cruz', email: 'a@x.test' })).toBe('AC');
    expect(initialsOf({ full_name: 'Madonna', email: 'm@x.test' })).toBe('MA');
    expect(initialsOf({ full_name: '  ', email: 'zed@x.test' })).toBe('ZE');
  });
});

describe('sync health', () => {
  it.each([
    ['idle', 'online'],
    ['pushing', 'syncing'],
    ['pulling', 'syncing'],
    ['bootstrapping', 'syncing'],
    ['offline', 'offline'],
    ['error', 'error'],
  ] as const)('phase %s shows as data-sync-state %s', (phase, state) => {
    expect(syncStateOf(progress({ phase }))).toBe(state);
  });

  it('formats ages in the largest whole unit', () => {
    expect(formatAge(-5_000)).toBe('0s');
    expect(formatAge(59_999)).toBe('59s');
    expect(formatAge(60_000)).toBe('1m');
    expect(formatAge(3_599_000)).toBe('59m');
    expect(formatAge(3_600_000)).toBe('1h');
    expect(formatAge(47 * 3_600_000)).toBe('47h');
    expect(formatAge(48 * 3_600_000)).toBe('2d');
    expect(ageOf(null, 0)).toBeNull();
    expect(ageOf(AT, Date.parse(AT) + 240_000)).toBe('4m');
  });

  it('says "just now" for the last few seconds and "never" without an instant', () => {
    const at = Date.parse(AT);
    expect(agoPhrase(null, at)).toBe('never');
    expect(agoPhrase(AT, at + 4_999)).toBe('just now');
    expect(agoPhrase(AT, at + 12_000)).toBe('12s ago');
  });

  it('puts the oldest pending age on the status line only once it is a minute old', () => {
    const waiting = progress({ pending: 1, oldest_pending_at: AT });
    expect(oldestWorthShowing(waiting, Date.parse(AT) + 59_000)).toBeNull();
    expect(oldestWorthShowing(waiting, Date.parse(AT) + 125_000)).toBe('2m');
    expect(oldestWorthShowing(progress(), Date.parse(AT))).toBeNull();
  });

  it('says what a telecaller needs at a glance', () => {
    expect(syncHeadline(progress())).toBe('Synced');
    expect(syncHeadline(progress({ pending: 3 }))).toBe('Online · 3 to send');
    expect(syncHeadline(progress({ phase: 'offline', pending: 2 }))).toBe('Offline · 2 saved here');
    expect(syncHeadline(progress({ phase: 'pushing', done: 1, total: 4 }))).toBe('Sending 1 of 4');
    expect(syncHeadline(progress({ phase: 'error' }))).toBe('Sync stopped');
  });

  it('counts a first download of unknown size (total = done) as so far, not as done of done', () => {
    const downloading = (done: number, total: number) =>
      syncHeadline(progress({ phase: 'bootstrapping', done, total }));
    expect(downloading(17511, 17511)).toBe(
      `Downloading leads · ${(17511).toLocaleString()} so far`,
    );
    expect(downloading(250, 1000)).toBe(`Downloading leads 250 / ${(1000).toLocaleString()}`);
    expect(downloading(0, 0)).toBe('Downloading leads');
  });

  it('names the pending count, the oldest age and refusals for screen readers', () => {
    const name = syncAccessibleName(
      progress({ phase: 'offline', pending: 2, oldest_pending_at: AT, dead_letters: 1 }),
      Date.parse(AT) + 90_000,
    );
    expect(name).toBe('Sync: Offline · 2 saved here, 2 pending, oldest 1m, 1 refused');
  });

  it('shows the first download as a share only while it runs with a known size', () => {
    expect(downloadShare(progress({ phase: 'bootstrapping', done: 250, total: 1000 }))).toBe(0.25);
    expect(downloadShare(progress({ phase: 'bootstrapping' }))).toBeNull();
    expect(downloadShare(progress({ phase: 'bootstrapping', done: 900, total: 900 }))).toBeNull();
    expect(downloadShare(progress({ phase: 'pulling', done: 1, total: 2 }))).toBeNull();
  });
});

describe('presence', () => {
  it('shows time in state as m:ss, then h:mm:ss', () => {
    expect(formatTimeInState(5_000)).toBe('0:05');
    expect(formatTimeInState(245_000)).toBe('4:05');
    expect(formatTimeInState(3_729_000)).toBe('1:02:09');
    expect(formatTimeInState(-1)).toBe('0:00');
  });
});

describe('view tabs', () => {
  it('gives callers the queue first and a candidate only assessments and sync', () => {
    expect(viewsFor('telecaller')).toEqual(['queue', 'callbacks', 'assessments', 'sync']);
    expect(viewsFor('user')).toEqual(['assessments', 'sync']);
    expect(firstViewFor('user')).toBe('assessments');
    expect(firstViewFor('manager')).toBe('queue');
  });

  it('gives a presence on the floor to people who call, not to candidates', () => {
    expect(isCaller('telecaller')).toBe(true);
    expect(isCaller('admin')).toBe(true);
    expect(isCaller('user')).toBe(false);
  });

  it('hides a zero count and caps a count read with a limit', () => {
    expect(tabCount(null)).toBeNull();
    expect(tabCount(0)).toBeNull();
    expect(tabCount(110)).toBe('110');
    expect(tabCount(500, 500)).toBe('500+');
  });

  it('counts callbacks due before the next local midnight', () => {
    const end = endOfLocalDay(new Date(2026, 10, 25, 23, 59));
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours()]).toEqual([
      2026, 10, 26, 0,
    ]);
  });

  it('recounts only when leads or callbacks changed', () => {
    expect(touchesCounts(['interactions'])).toBe(false);
    expect(touchesCounts(['interactions', 'callbacks'])).toBe(true);
  });
});

describe('the key listing', () => {
  const bind = (key: string, group: string, description: string, mod?: boolean) => ({
    key,
    group,
    description,
    ...(mod === undefined ? {} : { mod }),
  });

  it('lists only the binding that fires for a key bound twice (the later one)', () => {
    const groups = listBindings([
      bind('j', 'Queue', 'Next lead'),
      bind('J', 'Lead', 'Jump to notes'),
      bind('j', 'Queue', 'Next lead', true),
    ]);
    expect(groups).toEqual([
      {
        group: 'Lead',
        actions: [{ description: 'Jump to notes', bindings: [bind('J', 'Lead', 'Jump to notes')] }],
      },
      {
        group: 'Queue',
        actions: [{ description: 'Next lead', bindings: [bind('j', 'Queue', 'Next lead', true)] }],
      },
    ]);
  });

  it('lists the keys of one action (j and ↓) as one row, in the order they were bound', () => {
    const [queue] = listBindings([
      bind('j', 'Queue', 'Next lead'),
      bind('ArrowDown', 'Queue', 'Next lead'),
      bind('k', 'Queue', 'Previous lead'),
    ]);
    expect(queue?.actions.map((a) => [a.description, a.bindings.map((b) => b.key)])).toEqual([
      ['Next lead', ['j', 'ArrowDown']],
      ['Previous lead', ['k']],
    ]);
  });

  it("puts the features' groups before the shell's", () => {
    const groups = listBindings([
      bind('k', 'Anywhere', 'Command palette', true),
      bind('1', 'Go to', 'Queue', true),
      bind('n', 'Lead', 'Notes'),
    ]);
    expect(groups.map((g) => g.group)).toEqual(['Lead', 'Go to', 'Anywhere']);
  });
});

describe('the command palette search', () => {
  const command = (title: string, group: string): Command => ({
    id: `${group}:${title}`,
    title,
    group,
    run: () => undefined,
  });
  const commands = [
    command('Sync now', 'Sync'),
    command('Pause or resume', 'Presence'),
    command('Ready', 'Presence'),
    command('Pause · Lunch', 'Presence'),
    command('Queue', 'Go to'),
  ];

  it('keeps every command for an empty query', () => {
    expect(filterCommands(commands, '  ')).toHaveLength(commands.length);
  });

  it('needs every typed word in the title or group, titles starting with it first', () => {
    expect(filterCommands(commands, 'presence lunch').map((c) => c.title)).toEqual([
      'Pause · Lunch',
    ]);
    expect(filterCommands(commands, 'lunch').map((c) => c.title)).toEqual(['Pause · Lunch']);
    expect(filterCommands(commands, 're').map((c) => c.title)).toEqual([
      'Ready',
      'Pause or resume',
      'Pause · Lunch',
    ]);
  });
});
