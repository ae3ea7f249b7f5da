import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderQueue } from '../../domain/queue.js';
import {
  HOUR,
  MINUTE,
  NOW,
  seedCache,
  serverLead,
  tempDataDir,
} from '../../../tests/support/cache-rows.js';
import { openCache, type Cache } from './open-cache.js';
import type { CachedLead } from './rows.js';
import { SQL } from './statements.js';
import type { ServerRow } from './cache-port.js';

const USER = 'e0e00000-0000-4000-8000-000000000001';
const OTHER = 'e0e00000-0000-4000-8000-000000000002';
const iso = (ms: number) => new Date(ms).toISOString();

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
beforeEach(() => {
  data = tempDataDir();
  cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
});
afterEach(() => {
  cache.close();
  data.remove();
});

/** A small deterministic generator, so a failure names the seed that broke it. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function mixedLead(next: () => number): ServerRow {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const maybe = (p: number, at: () => number) => (next() < p ? iso(at()) : null);
  const status = pick([
    'new',
    'new',
    'new',
    'contacted',
    'qualified',
    'converted',
    'lost',
  ] as const);
  const attempts = status === 'new' ? pick([0, 0, 0, 1, 2]) : pick([1, 2, 3]);
  return serverLead(next() < 0.9 ? USER : OTHER, {
    status,
    attempts,
    priority: pick([0, 0, 1, 5, 9]),
    // Some leads share a creation time or a last contact, so the id tie-break is exercised.
    created_at: iso(NOW - pick([1, 2, 3, 30, 300]) * MINUTE),
    last_contact_at: attempts === 0 ? null : maybe(0.9, () => NOW - pick([1, 2, 5, 48]) * HOUR),
    recycle_at: maybe(0.5, () => NOW + pick([-2, -1, 1, 3]) * HOUR),
    callback_due_at: maybe(0.2, () => NOW + pick([-90, -1, 2, 4, 6, 120]) * MINUTE),
    do_not_call: next() < 0.05,
    consent: next() < 0.05 ? 'withdrawn' : 'unknown',
    time_zone: pick(['Asia/Kolkata', 'Asia/Kolkata', 'Asia/Kolkata', 'America/New_York', null]),
  });
}

describe('queue', () => {
  it.each([1, 2, 3, 4, 5])(
    'answers what orderQueue gives over all of my cached leads (seed %i)',
    (seed) => {
      const next = random(seed);
      const rows = Array.from({ length: 400 }, () => mixedLead(next));
      seedCache(cache, rows);
      // The domain's view of every lead assigned to me, straight from the cache.
      const mine = rows
        .filter((row) => row.assigned_to === USER)
        .map((row) => cache.leadWithHistory(row.id)?.lead as CachedLead);
      for (const limit of [1, 7, 25, 400]) {
        const expected = orderQueue(mine, { now: NOW, dncList: new Set() }).slice(0, limit);
        const actual = cache.queue({ now: NOW, limit });
        expect(actual.map((e) => [e.lead.id, e.reason, e.dueAt])).toEqual(
          expected.map((e) => [e.lead.id, e.reason, e.dueAt]),
        );
      }
      // The mix reaches every group, so the comparison covers each group's order.
      expect(new Set(cache.queue({ now: NOW, limit: 400 }).map((e) => e.reason))).toEqual(
        new Set(['callback_overdue', 'callback_due', 'new', 'recycled']),
      );
    },
  );

  it.each([1, 2, 3])(
    'reads the queue in consecutive, disjoint offset pages that join into the whole queue (seed %i)',
    (seed) => {
      const next = random(seed);
      seedCache(
        cache,
        Array.from({ length: 400 }, () => mixedLead(next)),
      );
      const whole = cache.queue({ now: NOW, limit: 400 });
      expect(whole.length).toBeGreaterThan(100);
      for (const size of [1, 7, 50]) {
        const pages: (typeof whole)[] = [];
        for (let offset = 0; offset <= whole.length; offset += size) {
          pages.push(cache.queue({ now: NOW, limit: size, offset }));
        }
        // Every page but the last is full, and the last one ends the queue.
        expect(pages.slice(0, -1).every((page) => page.length === size)).toBe(true);
        expect(pages.at(-1)!.length).toBeLessThan(size);
        const joined = pages.flat();
        expect(new Set(joined.map((e) => e.lead.id)).size).toBe(joined.length);
        expect(joined.map((e) => [e.lead.id, e.reason, e.dueAt])).toEqual(
          whole.map((e) => [e.lead.id, e.reason, e.dueAt]),
        );
      }
      expect(cache.queue({ now: NOW, limit: 10, offset: whole.length })).toEqual([]);
      // A number list makes the gate look at every row, so the skip runs in JavaScript: same pages.
      const listed = new Set(['+10000000000']);
      for (const offset of [1, 60, whole.length - 3]) {
        expect(cache.queue({ now: NOW, limit: 25, offset, dncList: listed })).toEqual(
          cache.queue({ now: NOW, limit: 25, offset }),
        );
      }
    },
  );

  it("leaves out other users' leads, closed, do-not-call, withdrawn, future callbacks and recycle delays", () => {
    const callable = serverLead(USER);
    const rows = [
      callable,
      serverLead(OTHER),
      serverLead(USER, { status: 'converted' }),
      serverLead(USER, { do_not_call: true }),
      serverLead(USER, { consent: 'withdrawn' }),
      serverLead(USER, { status: 'contacted', attempts: 1, callback_due_at: iso(NOW + 3 * HOUR) }),
      serverLead(USER, { status: 'contacted', attempts: 1, recycle_at: iso(NOW + HOUR) }),
      serverLead(USER, { time_zone: 'America/New_York' }),
    ];
    seedCache(cache, rows);
    expect(cache.queue({ now: NOW, limit: 10 }).map((e) => e.lead.id)).toEqual([callable.id]);
    const listed = new Set([callable.phone_e164 as string]);
    expect(cache.queue({ now: NOW, limit: 10, dncList: listed })).toEqual([]);
  });

  it('puts due callbacks first with the domain reasons, then new leads, then recycled ones', () => {
    const overdue = serverLead(USER, {
      status: 'contacted',
      attempts: 1,
      callback_due_at: iso(NOW - 10 * MINUTE),
    });
    const soon = serverLead(USER, {
      status: 'contacted',
      attempts: 1,
      callback_due_at: iso(NOW + 2 * MINUTE),
    });
    const fresh = serverLead(USER, { priority: 3 });
    const recycled = serverLead(USER, {
      status: 'contacted',
      attempts: 2,
      last_contact_at: iso(NOW - 5 * HOUR),
    });
    seedCache(cache, [recycled, fresh, soon, overdue]);
    expect(cache.queue({ now: NOW, limit: 10 }).map((e) => [e.lead.id, e.reason])).toEqual([
      [overdue.id, 'callback_overdue'],
      [soon.id, 'callback_due'],
      [fresh.id, 'new'],
      [recycled.id, 'recycled'],
    ]);
  });

  it('follows a logged call: a no-answer lead leaves the new leads and comes back recycled after the delay', () => {
    const lead = serverLead(USER);
    seedCache(cache, [lead]);
    expect(cache.logCall({ leadId: lead.id, disposition: 'NA', now: NOW }).ok).toBe(true);
    expect(cache.queue({ now: NOW + MINUTE, limit: 5 })).toEqual([]);
    expect(cache.queue({ now: NOW + 121 * MINUTE, limit: 5 }).map((e) => e.reason)).toEqual([
      'recycled',
    ]);
  });

  it('reads each group through its own index', () => {
    cache.close();
    const db = new Database(cache.path, { readonly: true });
    try {
      for (const [name, index] of [
        ['queueCallbacks', 'leads_queue_callback'],
        ['queueNew', 'leads_queue_new'],
        ['queueRecycled', 'leads_queue_recycled'],
      ] as const) {
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN ${SQL[name]}`)
          .all({ user: USER, now: NOW, due_by: NOW })
          .map((row) => (row as { detail: string }).detail)
          .join('\n');
        expect(plan).toContain(`USING INDEX ${index}`);
        expect(plan).not.toContain('TEMP B-TREE'); // no sort: the index is the calling order
      }
    } finally {
      db.close();
    }
  });
});
