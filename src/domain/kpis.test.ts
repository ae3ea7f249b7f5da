import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPOSITIONS } from './dispositions';
import { computeFloorKpis, type FloorKpis, type KpiInput, type KpiInteraction } from './kpis';

const MINUTE = 60_000;
const FROM = Date.UTC(2025, 5, 2, 3, 30); // 09:00 in India
const TO = FROM + 12 * 60 * MINUTE;
const NOW = TO;

let nextId = 0;
function call(
  telecaller_id: string,
  lead_id: string,
  disposition_code: string,
  minutesIn: number,
  extra: Partial<KpiInteraction> = {},
): KpiInteraction {
  nextId += 1;
  return {
    id: `call-${String(nextId).padStart(4, '0')}`,
    lead_id,
    telecaller_id,
    disposition_code,
    started_at: FROM + minutesIn * MINUTE,
    duration_seconds: 60,
    callback_at: null,
    ...extra,
  };
}

function kpis(input: Partial<KpiInput>): FloorKpis {
  const result = computeFloorKpis({
    interactions: [],
    leads: [],
    catalogue: DEFAULT_DISPOSITIONS,
    range: { from: FROM, to: TO },
    now: NOW,
    ...input,
  });
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('computeFloorKpis', () => {
  it('counts calls, contacts, sales and handle time per telecaller', () => {
    const result = kpis({
      interactions: [
        call('tc1', 'l1', 'NA', 10, { duration_seconds: 20 }),
        call('tc1', 'l2', 'INT', 20, { duration_seconds: 300 }),
        call('tc1', 'l3', 'SALE', 30, { duration_seconds: 400 }),
        call('tc1', 'l4', 'NI', 40, { duration_seconds: null }),
        call('tc2', 'l5', 'B', 50, { duration_seconds: 10 }),
        call('tc2', 'l6', 'NA', -5), // before the range
        call('tc2', 'l7', 'SALE', 12 * 60), // at the end of the range, which is open
      ],
      leads: [
        { id: 'l1', assigned_to: 'tc1' },
        { id: 'l9', assigned_to: 'tc3' },
        { id: 'l10', assigned_to: null },
      ],
    });
    expect(result.byTelecaller).toEqual([
      {
        telecallerId: 'tc1',
        calls: 4,
        contacts: 3,
        sales: 1,
        contactRate: 0.75,
        conversionRate: 1 / 3,
        averageHandleSeconds: 240,
        callbacksKept: 0,
        callbacksMissed: 0,
        callbacksPending: 0,
      },
      {
        telecallerId: 'tc2',
        calls: 1,
        contacts: 0,
        sales: 0,
        contactRate: 0,
        conversionRate: null,
        averageHandleSeconds: 10,
        callbacksKept: 0,
        callbacksMissed: 0,
        callbacksPending: 0,
      },
      {
        telecallerId: 'tc3',
        calls: 0,
        contacts: 0,
        sales: 0,
        contactRate: null,
        conversionRate: null,
        averageHandleSeconds: null,
        callbacksKept: 0,
        callbacksMissed: 0,
        callbacksPending: 0,
      },
    ]);
    expect(result.totals).toMatchObject({ calls: 5, contacts: 3, sales: 1, contactRate: 0.6 });
    expect(result.totals.averageHandleSeconds).toBeCloseTo(730 / 4, 10);
  });

  it('judges callbacks: kept within the grace time, missed after it or when nobody called', () => {
    const due = (minutesIn: number) => ({ callback_at: FROM + minutesIn * MINUTE });
    const result = kpis({
      now: FROM + 300 * MINUTE,
      interactions: [
        // kept: called 10 minutes after the promised time
        call('tc1', 'kept', 'CB', 0, due(60)),
        call('tc1', 'kept', 'NA', 70),
        // missed: called 40 minutes late
        call('tc1', 'late', 'CB', 0, due(60)),
        call('tc2', 'late', 'INT', 100),
        // missed: never called, grace time over
        call('tc1', 'forgotten', 'CB', 0, due(120)),
        // pending: due 5 minutes before now
        call('tc1', 'pending', 'CB', 0, due(295)),
        // not judged: the lead was called long before the promised time (the newer call decides)
        call('tc2', 'replaced', 'CB', 0, due(200)),
        call('tc2', 'replaced', 'SALE', 30),
        // promised the day before, due in the range: judged, and kept
        call('tc2', 'yesterday', 'CB', -600, due(5)),
        call('tc2', 'yesterday', 'NI', 1),
        // due after the range: not judged
        call('tc2', 'later', 'CB', 0, due(13 * 60)),
      ],
    });
    const [tc1, tc2] = result.byTelecaller;
    expect(tc1).toMatchObject({ callbacksKept: 1, callbacksMissed: 2, callbacksPending: 1 });
    expect(tc2).toMatchObject({ callbacksKept: 1, callbacksMissed: 0, callbacksPending: 0 });
    expect(result.totals).toMatchObject({
      callbacksKept: 2,
      callbacksMissed: 2,
      callbacksPending: 1,
    });
  });

  it('lists disposition codes the catalogue does not know and counts them as calls only', () => {
    const result = kpis({ interactions: [call('tc1', 'l1', 'ZZZ', 1)] });
    expect(result.unknownDispositionCodes).toEqual(['ZZZ']);
    expect(result.totals).toMatchObject({ calls: 1, contacts: 0 });
  });

  it('refuses a range that ends before it starts', () => {
    expect(
      computeFloorKpis({
        interactions: [],
        leads: [],
        catalogue: DEFAULT_DISPOSITIONS,
        range: { from: TO, to: FROM },
        now: NOW,
      }),
    ).toMatchObject({ ok: false, code: 'KPI_RANGE_INVALID' });
  });

  const interactionsArb = fc
    .array(
      fc.record({
        telecaller_id: fc.constantFrom('tc1', 'tc2', 'tc3'),
        lead_id: fc.constantFrom('l1', 'l2', 'l3', 'l4'),
        disposition_code: fc.constantFrom(
          ...DEFAULT_DISPOSITIONS.map((entry) => entry.code),
          'ZZZ',
        ),
        started_at: fc.integer({ min: FROM - 120 * MINUTE, max: TO + 120 * MINUTE }),
        duration_seconds: fc.option(fc.integer({ min: 0, max: 3600 })),
        callback_at: fc.option(fc.integer({ min: FROM - 60 * MINUTE, max: TO + 60 * MINUTE }), {
          freq: 2,
        }),
      }),
      { maxLength: 60 },
    )
    .map((calls) => calls.map((fields, index): KpiInteraction => ({ id: `c${index}`, ...fields })));

  it('the totals are the sums of the telecallers, and every rate is a fraction', () => {
    fc.assert(
      fc.property(interactionsArb, (interactions) => {
        const result = kpis({ interactions });
        const sum = (pick: (row: FloorKpis['totals']) => number) =>
          result.byTelecaller.reduce((total, row) => total + pick(row), 0);
        for (const key of [
          'calls',
          'contacts',
          'sales',
          'callbacksKept',
          'callbacksMissed',
          'callbacksPending',
        ] as const) {
          expect(result.totals[key]).toBe(sum((row) => row[key]));
        }
        expect(result.totals.calls).toBe(
          interactions.filter((entry) => entry.started_at >= FROM && entry.started_at < TO).length,
        );
        for (const row of [result.totals, ...result.byTelecaller]) {
          expect(row.contacts).toBeLessThanOrEqual(row.calls);
          expect(row.sales).toBeLessThanOrEqual(row.contacts);
          for (const rate of [row.contactRate, row.conversionRate]) {
            if (rate !== null) {
              expect(rate).toBeGreaterThanOrEqual(0);
              expect(rate).toBeLessThanOrEqual(1);
            }
          }
        }
        const judgeable = interactions.filter(
          (entry) =>
            entry.callback_at !== null && entry.callback_at >= FROM && entry.callback_at < TO,
        ).length;
        expect(
          result.totals.callbacksKept +
            result.totals.callbacksMissed +
            result.totals.callbacksPending,
        ).toBeLessThanOrEqual(judgeable);
      }),
      { numRuns: 300 },
    );
  });

  it('the order of the interactions does not matter', () => {
    fc.assert(
      fc.property(
        interactionsArb.chain((calls) =>
          fc.tuple(fc.constant(calls), fc.shuffledSubarray(calls, { minLength: calls.length })),
        ),
        ([calls, shuffled]) => {
          expect(kpis({ interactions: shuffled })).toEqual(kpis({ interactions: calls }));
        },
      ),
      { numRuns: 200 },
    );
  });
});
