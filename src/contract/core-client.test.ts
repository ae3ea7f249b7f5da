import { describe, expect, it, vi } from 'vitest';
import { answerInvoke } from './answer-invoke';
import type { TalentgBridge } from './bridge';
import {
  EVENT_EXAMPLES,
  exampleHandlers,
  OPERATION_EXAMPLES,
} from '../../tests/support/contract-examples';
import { createCoreClient } from './core-client';
import { invokeHandlers } from './dispatch';
import { coreEvent } from './events';
import { OPERATIONS, type Handlers, type OperationName } from './operation-map';

/** For bridges whose test needs no events. */
const noEvents = (): (() => void) => () => {};

/** A bridge wired to a core the way the preload and invoke-channel wire it, minus Electron. */
function loopback(handlers: Handlers = exampleHandlers()): TalentgBridge {
  const invoke = invokeHandlers(handlers, { logCrash: vi.fn(), checkResults: true });
  return { invoke: (op, args) => answerInvoke({ op, args }, invoke, vi.fn()), onEvent: noEvents };
}

/** A bridge whose core answers `answer` to everything. */
function answering(answer: unknown): TalentgBridge & { invoke: ReturnType<typeof vi.fn> } {
  return { invoke: vi.fn(() => Promise.resolve(answer)), onEvent: noEvents };
}

function methodOf(client: object, op: OperationName): (args?: unknown) => Promise<unknown> {
  const [area = '', verb = ''] = op.split(':');
  const name = verb.replace(/-([a-z])/g, (_m, letter: string) => letter.toUpperCase());
  return (client as Record<string, Record<string, (args?: unknown) => Promise<unknown>>>)[area]?.[
    name
  ] as (args?: unknown) => Promise<unknown>;
}

describe('createCoreClient', () => {
  it.each(Object.keys(OPERATIONS) as OperationName[])(
    'has a method for %s that round-trips through dispatch',
    async (op) => {
      const method = methodOf(createCoreClient(loopback()), op);
      expect(method).toBeTypeOf('function');
      expect(await method(OPERATION_EXAMPLES[op].args)).toEqual({
        success: true,
        data: OPERATIONS[op].result.parse(OPERATION_EXAMPLES[op].result),
      });
    },
  );

  it('names methods after the operation: leads:set-status is leads.setStatus', async () => {
    const bridge = answering({
      success: true,
      data: OPERATION_EXAMPLES['leads:set-status'].result,
    });
    const client = createCoreClient(bridge);
    await client.leads.setStatus({
      lead_id: OPERATION_EXAMPLES['leads:get'].args.lead_id,
      from: 'new',
      to: 'lost',
    });
    await client.sync.deadLetters();
    expect(bridge.invoke.mock.calls.map(([op]) => op)).toEqual([
      'leads:set-status',
      'sync:dead-letters',
    ]);
  });

  it('sends {} when an operation is called without arguments', async () => {
    const bridge = answering({ success: true, data: OPERATION_EXAMPLES['session:state'].result });
    await createCoreClient(bridge).session.state();
    expect(bridge.invoke).toHaveBeenCalledWith('session:state', {});
  });

  it('rejects a result that does not match the contract as INVALID_RESPONSE', async () => {
    const bad = OPERATION_EXAMPLES['leads:queue'].badResult.value;
    const answer = await createCoreClient(answering({ success: true, data: bad })).leads.queue();
    expect(answer.success).toBe(false);
    if (answer.success) return;
    expect(answer.error.code).toBe('INVALID_RESPONSE');
    expect(answer.error.details).toMatchObject({
      op: 'leads:queue',
      issues: [{ path: ['entries', 0, 'due_at'] }],
    });
  });

  it('rejects a session state that carries a token', async () => {
    const leaky = { ...OPERATION_EXAMPLES['session:sign-in'].result, access_token: 'eyJhbGciOi' };
    const answer = await createCoreClient(answering({ success: true, data: leaky })).session.signIn(
      OPERATION_EXAMPLES['session:sign-in'].args,
    );
    expect(answer.success ? 'accepted' : answer.error.code).toBe('INVALID_RESPONSE');
    expect(JSON.stringify(answer)).not.toContain('eyJhbGciOi');
  });

  it.each([
    ['not an envelope', 'ok'],
    ['no success flag', { data: {} }],
    ['a failure without an error', { success: false }],
    ['an error code outside the list', { success: false, error: { code: 'OOPS', message: 'x' } }],
  ])('rejects %s as INVALID_RESPONSE', async (_name, raw) => {
    const answer = await createCoreClient(answering(raw)).presence.state();
    expect(answer.success ? 'accepted' : answer.error.code).toBe('INVALID_RESPONSE');
  });

  it('passes the core’s error answers through with their code', async () => {
    const error = { code: 'LEAD_NOT_FOUND', message: 'This lead is no longer yours.' };
    const answer = await createCoreClient(answering({ success: false, error })).leads.get({
      lead_id: OPERATION_EXAMPLES['leads:get'].args.lead_id,
    });
    expect(answer).toEqual({ success: false, error });
  });

  it('answers CORE_UNREACHABLE when the bridge itself fails', async () => {
    const bridge: TalentgBridge = {
      invoke: () => Promise.reject(new Error('channel closed')),
      onEvent: noEvents,
    };
    const answer = await createCoreClient(bridge).sync.status();
    expect(answer.success ? 'accepted' : answer.error.code).toBe('CORE_UNREACHABLE');
  });
});

describe('createCoreClient events', () => {
  function eventBridge() {
    const listeners = new Set<(message: unknown) => void>();
    const bridge: TalentgBridge = {
      invoke: () => Promise.reject(new Error('not used')),
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    return {
      bridge,
      emit: (message: unknown) => listeners.forEach((listener) => listener(message)),
    };
  }

  it('delivers parsed payloads of the subscribed event only, until unsubscribed', () => {
    const { bridge, emit } = eventBridge();
    const client = createCoreClient(bridge, { onInvalidEvent: vi.fn() });
    const listener = vi.fn();
    const stop = client.on('sync:progress', listener);
    emit(coreEvent('cache:changed', EVENT_EXAMPLES['cache:changed'].payload));
    emit(coreEvent('sync:progress', EVENT_EXAMPLES['sync:progress'].payload));
    stop();
    emit(coreEvent('sync:progress', EVENT_EXAMPLES['sync:progress'].payload));
    expect(listener.mock.calls).toEqual([[EVENT_EXAMPLES['sync:progress'].payload]]);
  });

  it.each([
    [
      'a malformed payload',
      { event: 'sync:progress', payload: EVENT_EXAMPLES['sync:progress'].badPayload.value },
    ],
    ['an unknown event', { event: 'sync:exploded', payload: {} }],
    ['not a message', 42],
  ])('reports %s as INVALID_EVENT and never hands it to a listener', (_name, message) => {
    const { bridge, emit } = eventBridge();
    const onInvalidEvent = vi.fn();
    const listener = vi.fn();
    createCoreClient(bridge, { onInvalidEvent }).on('sync:progress', listener);
    emit(message);
    expect(listener).not.toHaveBeenCalled();
    expect(onInvalidEvent).toHaveBeenCalledWith(expect.objectContaining({ code: 'INVALID_EVENT' }));
  });
});
