// Type-level tests: they fail in `tsc -p tsconfig.node.json`, not at run time.
import { describe, expectTypeOf, it } from 'vitest';
import type { Failure } from '../domain/failure';
import { exampleHandlers } from '../../tests/support/contract-examples';
import type { CoreClient } from './core-client';
import type { EventPayload } from './events';
import type { ArgsOf, Handlers, OperationName, ResultOf } from './operation-map';

describe('Handlers', () => {
  it('has exactly one handler per operation', () => {
    expectTypeOf<keyof Handlers>().toEqualTypeOf<OperationName>();
  });

  it('requires every operation: a core missing one does not compile', () => {
    const { 'sync:dead-letters': _left_out, ...rest } = exampleHandlers();
    // @ts-expect-error sync:dead-letters is missing
    const incomplete: Handlers = rest;
    expectTypeOf(incomplete).toEqualTypeOf<Handlers>();
  });

  it('gives each handler its own parsed arguments and expects its own result or a Failure', () => {
    expectTypeOf<ArgsOf<'leads:queue'>>().toEqualTypeOf<{ limit: number; offset: number }>();
    expectTypeOf<Handlers['calls:log']>().parameter(0).toEqualTypeOf<ArgsOf<'calls:log'>>();
    expectTypeOf<Handlers['calls:log']>().returns.resolves.toEqualTypeOf<
      ResultOf<'calls:log'> | Failure
    >();
    // @ts-expect-error a handler answering another operation's result does not fit
    const wrong: Handlers['leads:get'] = () => Promise.resolve({ status: 'signed_out' as const });
    void wrong;
  });

  it('has no token anywhere in the session state', () => {
    type SignedIn = Extract<ResultOf<'session:state'>, { status: 'signed_in' }>;
    expectTypeOf<SignedIn>().not.toHaveProperty('access_token');
    expectTypeOf<keyof SignedIn>().toEqualTypeOf<'status' | 'user' | 'signed_in_at'>();
  });
});

describe('CoreClient', () => {
  it('has one method per operation, arguments optional only where all are', () => {
    expectTypeOf<CoreClient['leads']['setStatus']>().parameter(0).toHaveProperty('lead_id');
    expectTypeOf<CoreClient['session']['state']>().toBeCallableWith();
    expectTypeOf<CoreClient['leads']['queue']>().toBeCallableWith();
    expectTypeOf<CoreClient['calls']['log']>().parameter(0).not.toBeUndefined();
    expectTypeOf<keyof CoreClient['sync']>().toEqualTypeOf<
      | 'status'
      | 'now'
      | 'deadLetters'
      | 'retryDeadLetter'
      | 'adoptServer'
      | 'conflicts'
      | 'settleConflict'
      | 'dismissDeadLetter'
    >();
    expectTypeOf<keyof CoreClient>().toEqualTypeOf<
      | 'session'
      | 'leads'
      | 'calls'
      | 'notes'
      | 'dispositions'
      | 'callbacks'
      | 'assessments'
      | 'sync'
      | 'presence'
      | 'manager'
      | 'authoring'
      | 'floor'
      | 'kpis'
      | 'people'
      | 'mfa'
      | 'releases'
      | 'email'
      | 'payments'
      | 'products'
      | 'unlocks'
      | 'on'
    >();
  });

  it('types event listeners by event name', () => {
    const subscribe = (client: CoreClient) =>
      client.on('sync:progress', (progress) => {
        expectTypeOf(progress).toEqualTypeOf<EventPayload<'sync:progress'>>();
        expectTypeOf(progress.phase).toEqualTypeOf<
          'idle' | 'pushing' | 'pulling' | 'bootstrapping' | 'offline' | 'error'
        >();
      });
    expectTypeOf(subscribe).returns.toEqualTypeOf<() => void>();
  });
});
