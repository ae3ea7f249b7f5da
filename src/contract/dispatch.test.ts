import { describe, expect, it, vi } from 'vitest';
import { failure } from '../domain/failure';
import { answerInvoke } from './answer-invoke';
import { exampleHandlers, OPERATION_EXAMPLES } from '../../tests/support/contract-examples';
import { dispatch, invokeHandlers } from './dispatch';
import { OPERATIONS, type Handlers, type OperationName } from './operation-map';

const LEAD_ID = '00000000-0000-4000-8000-00000000c001';

// checkResults on: the core validates its own answers in tests.
function options() {
  return { logCrash: vi.fn(), checkResults: true };
}

function withHandler<K extends OperationName>(op: K, handler: Handlers[K]): Handlers {
  return { ...exampleHandlers(), [op]: handler };
}

describe('dispatch', () => {
  it.each(Object.keys(OPERATIONS) as OperationName[])(
    'answers %s with a result that parses against its own schema',
    async (op) => {
      const answer = await dispatch(exampleHandlers(), op, OPERATION_EXAMPLES[op].args, options());
      expect(answer.success).toBe(true);
      expect(OPERATIONS[op].result.safeParse(answer.data).success).toBe(true);
    },
  );

  it.each(['leads:delete', 'constructor', '__proto__:x', 'toString'])(
    'answers UNKNOWN_OPERATION for %s without running anything',
    async (op) => {
      const answer = await dispatch(exampleHandlers(), op, {}, options());
      expect(answer.error?.code).toBe('UNKNOWN_OPERATION');
    },
  );

  it('answers INVALID_REQUEST naming the field, and never runs the handler', async () => {
    const handler = vi.fn(exampleHandlers()['calls:log']);
    const answer = await dispatch(
      withHandler('calls:log', handler),
      'calls:log',
      { lead_id: LEAD_ID, disposition: 'NA', notes: 'x'.repeat(20_001) },
      options(),
    );
    expect(answer.error?.code).toBe('INVALID_REQUEST');
    expect(answer.error?.message).toContain('notes');
    expect(answer.error?.details).toEqual({
      issues: [{ path: ['notes'], message: expect.any(String) }],
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses arguments that are not an object at all', async () => {
    const answer = await dispatch(exampleHandlers(), 'leads:get', 'lead-1', options());
    expect(answer.error?.code).toBe('INVALID_REQUEST');
  });

  it('hands the handler parsed arguments with defaults applied; absent arguments count as {}', async () => {
    const handler = vi.fn(exampleHandlers()['leads:queue']);
    await dispatch(withHandler('leads:queue', handler), 'leads:queue', undefined, options());
    expect(handler).toHaveBeenCalledWith({ limit: 20, offset: 0 });
  });

  it('answers a Failure from the handler with its code, message and details', async () => {
    const handlers = withHandler('leads:get', () =>
      Promise.resolve(
        failure('LEAD_NOT_FOUND', 'This lead is no longer yours.', { lead_id: LEAD_ID }),
      ),
    );
    const answer = await dispatch(handlers, 'leads:get', { lead_id: LEAD_ID }, options());
    expect(answer).toEqual({
      success: false,
      error: {
        code: 'LEAD_NOT_FOUND',
        message: 'This lead is no longer yours.',
        details: { lead_id: LEAD_ID },
      },
    });
  });

  it('turns a throw into INTERNAL_ERROR, logs the cause, and leaks neither message nor stack', async () => {
    const cause = new Error('SQLITE_FULL: database or disk is full at /home/tc1/.talentg/cache.db');
    const handlers = withHandler('notes:add', () => Promise.reject(cause));
    const opts = options();
    const answer = await dispatch(
      handlers,
      'notes:add',
      OPERATION_EXAMPLES['notes:add'].args,
      opts,
    );
    expect(answer).toEqual({
      success: false,
      error: {
        code: 'INTERNAL_ERROR',
        message: 'notes:add failed unexpectedly; the details are in the log.',
      },
    });
    expect(JSON.stringify(answer)).not.toMatch(/SQLITE|cache\.db|at /);
    expect(opts.logCrash).toHaveBeenCalledWith('notes:add', cause);
  });

  it('treats a refusal with a code outside the list as a crash', async () => {
    const handlers = withHandler('sync:now', () =>
      Promise.resolve({ ok: false, code: 'NOPE', message: 'no' } as never),
    );
    const opts = options();
    const answer = await dispatch(handlers, 'sync:now', {}, opts);
    expect(answer.error?.code).toBe('INTERNAL_ERROR');
    expect(opts.logCrash).toHaveBeenCalledOnce();
  });

  it('with checkResults, answers INTERNAL_ERROR for a result that breaks the contract (a leaked token)', async () => {
    const leaky = { ...OPERATION_EXAMPLES['session:state'].result, access_token: 'eyJhbGciOi' };
    const handlers = withHandler('session:state', () => Promise.resolve(leaky));
    const opts = options();
    const answer = await dispatch(handlers, 'session:state', {}, opts);
    expect(answer.error?.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(answer)).not.toContain('eyJhbGciOi');
    expect(opts.logCrash).toHaveBeenCalledOnce();
  });

  it('with checkResults, strips fields the contract does not name', async () => {
    const row = { ...OPERATION_EXAMPLES['notes:add'].result.interaction, server_secret_column: 1 };
    const handlers = withHandler('notes:add', () => Promise.resolve({ interaction: row }));
    const answer = await dispatch(
      handlers,
      'notes:add',
      OPERATION_EXAMPLES['notes:add'].args,
      options(),
    );
    expect(answer.data).toEqual(OPERATION_EXAMPLES['notes:add'].result);
  });
});

describe('dispatch behind answerInvoke (the IPC and web-host entry)', () => {
  it('answers a whole request', async () => {
    const invoke = invokeHandlers(exampleHandlers(), options());
    const answer = await answerInvoke({ op: 'presence:state', args: {} }, invoke, vi.fn());
    expect(answer).toEqual({ success: true, data: OPERATION_EXAMPLES['presence:state'].result });
  });

  it('answers UNKNOWN_OPERATION for a well-formed name the contract lacks', async () => {
    const invoke = invokeHandlers(exampleHandlers(), options());
    const answer = await answerInvoke({ op: 'leads:delete', args: {} }, invoke, vi.fn());
    expect(answer.error?.code).toBe('UNKNOWN_OPERATION');
  });
});
