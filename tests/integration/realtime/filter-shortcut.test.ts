import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/local-supabase/db/index.js';
import { applyBootstrap } from '../../../src/local-supabase/migrate.js';
import { installCapture } from '../../../src/local-supabase/realtime/changes/capture.js';
import { decideFilter } from '../../../src/local-supabase/realtime/changes/filter-shortcut.js';
import {
  FILTER_OPERATORS,
  type ChangeFilter,
} from '../../../src/local-supabase/realtime/changes/filters.js';

let db: Database;

beforeAll(async () => {
  db = await openDatabase('memory');
  await applyBootstrap(db);
  await installCapture(db);
}, 60_000);
afterAll(() => db?.close());

/** Column types with the JSON values to_jsonb gives for them and filter literals to try. */
const TYPES: { oid: number; rows: fc.Arbitrary<unknown>; literals: readonly string[] }[] = [
  {
    oid: 23,
    rows: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(2147483647)),
    literals: ['0', '3', '-2', '+4', ' 1', '2147483648', 'x', '1.0'],
  },
  {
    oid: 20,
    rows: fc.integer({ min: -5, max: 5 }),
    literals: ['0', '3', '-2', '007', '9223372036854775807'],
  },
  {
    oid: 25,
    rows: fc.constantFrom('a', 'b', 'A', 'NULL', 'a b', ''),
    literals: ['a', 'b', 'A', 'NULL', 'a b', ''],
  },
  {
    oid: 2950,
    rows: fc.constantFrom(
      '0000000a-0000-4000-8000-000000000000',
      '0000000b-0000-4000-8000-000000000000',
    ),
    literals: [
      '0000000a-0000-4000-8000-000000000000',
      '0000000A-0000-4000-8000-000000000000',
      '0000000a000040008000000000000000',
      'nope',
    ],
  },
  {
    oid: 16,
    rows: fc.boolean(),
    literals: ['t', 'true', 'YES', 'off', '0', 'o', 'maybe', 'constructor'],
  },
];

function filterFor(op: ChangeFilter['op'], literals: readonly string[]) {
  if (op === 'in') return fc.subarray([...literals]).map((items) => `{${items.join(',')}}`);
  if (op === 'is') return fc.constantFrom('null', 'true', 'false');
  return fc.constantFrom(...literals);
}

const cases = fc.oneof(
  ...TYPES.map((type) =>
    fc.constantFrom(...FILTER_OPERATORS).chain((op) =>
      fc.record({
        type: fc.constant(type.oid),
        row: fc.option(type.rows, { nil: null }),
        filter: fc.record({
          column: fc.constant('c'),
          op: fc.constant(op),
          value: filterFor(op, type.literals),
          negate: fc.boolean(),
        }),
      }),
    ),
  ),
);

describe('in-process filter decisions', () => {
  it('agree with PostgreSQL whenever they decide', async () => {
    const sample = fc.sample(cases, { numRuns: 600, seed: 20261124 });
    const checks = sample.map((c) => ({
      type: c.type,
      op: c.filter.op,
      value: c.filter.value,
      row: c.row === null ? null : typeof c.row === 'string' ? c.row : JSON.stringify(c.row),
      negate: c.filter.negate,
    }));
    const answer = await db.query<{ results: string }>(
      'select realtime.filter_results($1::jsonb)::text as results',
      [JSON.stringify(checks)],
    );
    const byPostgres = JSON.parse(answer.rows[0]?.results ?? '[]') as boolean[];
    let decided = 0;
    sample.forEach((c, i) => {
      const inProcess = decideFilter(c.filter as ChangeFilter, c.type, c.row);
      if (inProcess === undefined) return;
      decided++;
      expect({ case: c, decision: inProcess }).toEqual({ case: c, decision: byPostgres[i] });
    });
    // The shortcut must actually take most common cases off the database.
    expect(decided).toBeGreaterThan(sample.length / 4);
  });
});
