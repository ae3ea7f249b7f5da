import { describe, expect, it } from 'vitest';
import {
  EVENT_EXAMPLES,
  OPERATION_EXAMPLES,
  type Refused,
} from '../../tests/support/contract-examples';
import { ERROR_CODES } from './errors';
import { EVENTS } from './events';
import { operationNameSchema } from './invoke-request';
import { OPERATION_GROUPS, OPERATIONS, type OperationName } from './operation-map';
import { sessionStateSchema } from './operations/session';
import { logCallArgsSchema } from './operations/calls';
import { scheduleCallbackArgsSchema } from './operations/callbacks';
import { queueArgsSchema } from './operations/leads';
import {
  dispositionCodeSchema,
  e164Schema,
  fromWireInstant,
  idSchema,
  instantSchema,
  toWireInstant,
} from './wire-types';
import type { z } from 'zod';

const NAMES = Object.keys(OPERATIONS) as OperationName[];
const LEAD_ID = '00000000-0000-4000-8000-00000000c001';

function firstIssuePath(schema: z.ZodType, refused: Refused): PropertyKey[] | 'parsed' {
  const parsed = schema.safeParse(refused.value);
  return parsed.success ? 'parsed' : (parsed.error.issues[0]?.path ?? []);
}

describe('the operation map', () => {
  it('holds exactly the operations the renderer calls', () => {
    expect([...NAMES].sort()).toEqual(
      [
        'assessments:checkout',
        'assessments:list',
        'assessments:start',
        'assessments:submit',
        'authoring:assign',
        'authoring:assignees',
        'authoring:get',
        'authoring:list',
        'authoring:save',
        'callbacks:complete',
        'callbacks:list',
        'callbacks:schedule',
        'calls:log',
        'dispositions:list',
        'email:queue',
        'email:requeue',
        'floor:board',
        'floor:calling-hours',
        'floor:set-calling-hours',
        'kpis:get',
        'leads:get',
        'leads:queue',
        'leads:search',
        'leads:set-status',
        'manager:distribute',
        'manager:import-apply',
        'manager:import-begin',
        'manager:import-discard',
        'manager:import-stage',
        'manager:leads',
        'manager:reassign',
        'manager:telecallers',
        'mfa:enroll',
        'mfa:status',
        'mfa:verify',
        'notes:add',
        'payments:list',
        'people:audit',
        'people:invite',
        'people:list',
        'people:reset-mfa',
        'people:seats',
        'people:set-active',
        'people:set-role',
        'presence:set',
        'presence:state',
        'products:list',
        'products:restore',
        'products:retire',
        'products:save',
        'releases:list',
        'releases:update',
        'session:accept-invite',
        'session:sign-in',
        'session:sign-out',
        'session:state',
        'session:verify-second-factor',
        'sync:adopt-server',
        'sync:conflicts',
        'sync:dead-letters',
        'sync:dismiss-dead-letter',
        'sync:now',
        'sync:retry-dead-letter',
        'sync:settle-conflict',
        'sync:status',
        'unlocks:grant',
        'unlocks:list',
        'unlocks:revoke',
      ].sort(),
    );
  });

  it('names every operation as area:verb, so the invoke channel accepts it', () => {
    for (const name of NAMES) expect(operationNameSchema.safeParse(name).success, name).toBe(true);
  });

  it('has no name declared by two feature files (a spread would silently drop one)', () => {
    const declared = OPERATION_GROUPS.flatMap((group) => Object.keys(group));
    expect(declared).toHaveLength(new Set(declared).size);
    expect(declared).toHaveLength(NAMES.length);
  });

  it('keeps the error code list free of duplicates', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  // dispatch tells a refusal from a result by `ok: false`, so no result may carry one.
  it('has no result that could be read as a refusal', () => {
    for (const name of NAMES) {
      const parsed = OPERATIONS[name].result.safeParse({
        ...OPERATION_EXAMPLES[name].result,
        ok: false,
      });
      const data: unknown = parsed.success ? parsed.data : undefined;
      expect(typeof data === 'object' && data !== null && 'ok' in data, name).toBe(false);
    }
  });
});

describe.each(NAMES)('%s', (name) => {
  const spec = OPERATIONS[name];
  const example = OPERATION_EXAMPLES[name];

  it('parses its example arguments', () => {
    expect(spec.args.safeParse(example.args).error).toBeUndefined();
  });

  it('refuses bad arguments, naming the field', () => {
    expect(firstIssuePath(spec.args, example.badArgs)).toEqual(example.badArgs.path);
  });

  it('parses its example result', () => {
    expect(spec.result.safeParse(example.result).error).toBeUndefined();
  });

  it('refuses a malformed result, naming the field', () => {
    expect(firstIssuePath(spec.result, example.badResult)).toEqual(example.badResult.path);
  });
});

describe.each(Object.keys(EVENTS) as (keyof typeof EVENTS)[])('event %s', (name) => {
  it('parses its example payload and refuses a malformed one, naming the field', () => {
    const schema: z.ZodType = EVENTS[name];
    expect(schema.safeParse(EVENT_EXAMPLES[name].payload).error).toBeUndefined();
    expect(firstIssuePath(schema, EVENT_EXAMPLES[name].badPayload)).toEqual(
      EVENT_EXAMPLES[name].badPayload.path,
    );
  });
});

describe('wire rules', () => {
  it.each(['signed_in', 'expired'])('never lets a %s session state carry a token', (status) => {
    const state = { ...OPERATION_EXAMPLES['session:sign-in'].result, status };
    expect(sessionStateSchema.safeParse(state).success).toBe(true);
    for (const token of ['access_token', 'refresh_token', 'token']) {
      const parsed = sessionStateSchema.safeParse({ ...state, [token]: 'eyJhbGciOi' });
      expect(parsed.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: [token] });
    }
    expect(sessionStateSchema.safeParse({ status: 'signed_out', access_token: 'x' }).success).toBe(
      false,
    );
  });

  it('caps call notes at the database limit of 20000 characters', () => {
    const call = { lead_id: LEAD_ID, disposition: 'NA' };
    expect(logCallArgsSchema.safeParse({ ...call, notes: 'x'.repeat(20_000) }).success).toBe(true);
    expect(
      logCallArgsSchema.safeParse({ ...call, notes: 'x'.repeat(20_001) }).error?.issues[0]?.path,
    ).toEqual(['notes']);
  });

  it('caps callback notes at 2000 characters, in a call and on its own', () => {
    const due_at = '2026-11-24T12:00:00Z';
    const call = {
      lead_id: LEAD_ID,
      disposition: 'CB',
      callback: { due_at, note: 'x'.repeat(2_001) },
    };
    expect(logCallArgsSchema.safeParse(call).error?.issues[0]?.path).toEqual(['callback', 'note']);
    expect(
      scheduleCallbackArgsSchema.safeParse({ lead_id: LEAD_ID, due_at, note: 'x'.repeat(2_000) })
        .success,
    ).toBe(true);
    expect(
      scheduleCallbackArgsSchema.safeParse({ lead_id: LEAD_ID, due_at, note: 'x'.repeat(2_001) })
        .success,
    ).toBe(false);
  });

  it('applies argument defaults, so handlers never see a missing limit or scope', () => {
    expect(queueArgsSchema.parse({})).toEqual({ limit: 20, offset: 0 });
    expect(
      scheduleCallbackArgsSchema.parse({ lead_id: LEAD_ID, due_at: '2026-11-24T12:00:00Z' }),
    ).toMatchObject({ scope: 'personal', note: '' });
  });

  it('refuses arguments it does not know, instead of dropping a misspelt field', () => {
    expect(queueArgsSchema.safeParse({ limt: 5 }).error?.issues[0]).toMatchObject({
      keys: ['limt'],
    });
  });

  it.each([
    ['+919876543210', true],
    ['+14155550123', true],
    ['919876543210', false],
    ['+09876543210', false],
    ['+91 98765 43210', false],
  ])('phone %s is E.164: %s', (phone, valid) => {
    expect(e164Schema.safeParse(phone).success).toBe(valid);
  });

  it.each([
    ['NA', true],
    ['SALE', true],
    ['CB_2', true],
    ['na', false],
    ['1A', false],
    ['ABCDEFGHIJKLMNOPQ', false],
  ])('disposition code %s matches the database check: %s', (code, valid) => {
    expect(dispositionCodeSchema.safeParse(code).success).toBe(valid);
  });

  it('accepts any uuid Postgres accepts, including the seed ids', () => {
    expect(idSchema.safeParse('00000000-0000-0000-0000-000000000001').success).toBe(true);
    expect(idSchema.safeParse('not-a-uuid').success).toBe(false);
  });

  it('carries instants as ISO strings with an offset and converts them to epoch ms exactly', () => {
    const at = Date.UTC(2026, 10, 24, 10, 0, 0, 123);
    expect(toWireInstant(at)).toBe('2026-11-24T10:00:00.123Z');
    expect(fromWireInstant(toWireInstant(at))).toBe(at);
    expect(fromWireInstant('2026-11-24T15:30:00.123+05:30')).toBe(at);
    expect(instantSchema.safeParse('2026-11-24T10:00:00.123456+00:00').success).toBe(true);
    expect(instantSchema.safeParse('2026-11-24T10:00:00').success).toBe(false);
    expect(instantSchema.safeParse(at).success).toBe(false);
  });
});
