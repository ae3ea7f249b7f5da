// What the services' tests share: real workstations on the embedded stack, handlers called through the
// contract's dispatch with results checked, and an event recorder. Test support only.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { ApiError } from '../../src/contract/api-response.js';
import { dispatch } from '../../src/contract/dispatch.js';
import {
  parseCoreEvent,
  type CoreEvent,
  type EventName,
  type EventPayload,
} from '../../src/contract/events.js';
import type {
  ArgsInputOf,
  Handlers,
  OperationName,
  ResultOf,
} from '../../src/contract/operation-map.js';
import type { WireLead } from '../../src/contract/records.js';
import type { RunningStack } from '../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from './stack.js';
import { Workstation, type WorkstationOptions } from '../../src/workstation/workstation.js';
import {
  createServices,
  type CoreServices,
  type ServiceDeps,
} from '../../src/workstation/services/index.js';
import { ALL_WEEK_HOURS } from './floor-hours.js';

export const DEMO_PASSWORD = 'talentg-demo';
export const TC1 = 'tc1@talentg.test';
export const TC2 = 'tc2@talentg.test';
export const MANAGER = 'manager@talentg.test';

/** The seed's lead ids: md5('talentg-seed/lead/<n>') as a uuid; n % 5 in (0, 1) belongs to tc1. */
export function seedLeadId(n: number): string {
  const hex = createHash('md5').update(`talentg-seed/lead/${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export { ALL_WEEK_HOURS };

/**
 * The seeded stack with the floor calling all day, every day: under the default hours (09:00-21:00
 * Mon-Sat on each lead's clock) no seed lead is callable for most of a Sunday UTC, and the tests that
 * work a queue would fail then. A test of the hours themselves sets them back.
 */
export async function startSeededStack(): Promise<RunningStack> {
  const stack = await startTestStack({ seed: true, auth: { rateLimit: false } });
  const { error } = await serviceClient(stack)
    .from('floor_settings')
    .update(ALL_WEEK_HOURS)
    .eq('singleton', true);
  if (error) {
    await stack.close();
    throw new Error(`opening the floor all week: ${error.message}`);
  }
  return stack;
}

/** A clock at today's 06:30 UTC, running: a time of day inside the default calling hours in India, the Gulf, Singapore and Australia. */
export function callingHoursClock(): () => number {
  const real = Date.now();
  const today = new Date(real);
  const target = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 6, 30);
  return () => Date.now() - real + target;
}

/** A port nothing listens on: a server that is down. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Handlers called the way a host calls them: through dispatch, arguments and results parsed. */
export class ContractCaller {
  readonly crashes: { op: string; error: unknown }[] = [];

  constructor(readonly handlers: Handlers) {}

  async call(op: OperationName, args?: unknown) {
    return dispatch(this.handlers, op, args, {
      logCrash: (crashed, error) => this.crashes.push({ op: crashed, error }),
      checkResults: true,
    });
  }

  /** The result of `op`, failing the test with the error envelope when it refused. */
  async ok<K extends OperationName>(op: K, args?: ArgsInputOf<K>): Promise<ResultOf<K>> {
    const answer = await this.call(op, args);
    if (!answer.success) {
      throw new Error(`${op} refused: ${JSON.stringify(answer.error)} ${this.crashReport()}`);
    }
    return answer.data as ResultOf<K>;
  }

  /** The error of `op`, failing the test when it succeeded. */
  async refused<K extends OperationName>(
    op: K,
    args?: ArgsInputOf<K> | Record<string, unknown>,
  ): Promise<ApiError> {
    const answer = await this.call(op, args);
    if (answer.success || answer.error === undefined) {
      throw new Error(`${op} answered ${JSON.stringify(answer.data)}, expected a refusal`);
    }
    return answer.error;
  }

  crashReport(): string {
    return this.crashes.map(({ op, error }) => `${op}: ${String(error)}`).join('; ');
  }
}

/** Every event of an event source, each parsed against the contract on arrival. */
export class EventRecorder {
  readonly events: CoreEvent[] = [];
  private readonly waiters = new Set<() => void>();

  readonly listener = (event: CoreEvent): void => {
    const parsed = parseCoreEvent(event);
    expect(parsed.ok, `event ${event.event} matches the contract`).toBe(true);
    this.events.push(event);
    for (const wake of [...this.waiters]) wake();
  };

  of<E extends EventName>(name: E): EventPayload<E>[] {
    return this.events.filter((e) => e.event === name).map((e) => e.payload as EventPayload<E>);
  }

  clear(): void {
    this.events.length = 0;
  }

  /** The first `name` event (so far or to come) that `match` accepts. */
  async next<E extends EventName>(
    name: E,
    match: (payload: EventPayload<E>) => boolean = () => true,
    timeoutMs = 8_000,
  ): Promise<EventPayload<E>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.of(name).find(match);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no matching ${name} within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.waiters;
        waiters.add(done);
      });
    }
  }
}

export interface ServicesRig {
  readonly workstation: Workstation;
  readonly caller: ContractCaller;
  readonly events: EventRecorder;
  readonly services: CoreServices;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** A workstation in a fresh data directory with its handlers and a recording event source; not signed in. */
export async function openRig(
  options: Omit<WorkstationOptions, 'dataDir'>,
  deps: ServiceDeps = {},
): Promise<ServicesRig> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-services-'));
  const workstation = await Workstation.open({ requestTimeoutMs: 2_000, ...options, dataDir });
  const services = createServices(workstation, { requestTimeoutMs: 2_000, ...deps });
  const caller = new ContractCaller(services.handlers);
  const events = new EventRecorder();
  const unsubscribe = services.events.subscribe(events.listener);
  return {
    workstation,
    caller,
    events,
    services,
    dataDir,
    close: async () => {
      unsubscribe();
      await services.close();
      await workstation.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A rig signed in as `email` with the demo password. Requests get 15 s: Auth's MFA calls take seconds on
 * a loaded machine, past the rig's 2 s default. `deps` go to the services (a clock, say).
 */
export async function signedInRig(
  stack: Pick<RunningStack, 'url' | 'anonKey'>,
  email: string,
  deps: ServiceDeps = {},
): Promise<ServicesRig> {
  const rig = await openRig(
    { url: stack.url, anonKey: stack.anonKey, requestTimeoutMs: 15_000 },
    { requestTimeoutMs: 15_000, ...deps },
  );
  const signedIn = await rig.workstation.signIn(email, DEMO_PASSWORD);
  if (!signedIn.ok) {
    await rig.close();
    throw new Error(signedIn.message);
  }
  return rig;
}

/**
 * A rig signed in as `email` through session:sign-in, on the floor channel and settled there: the shell
 * asks for presence at once, which joins the channel, whose first sync says floor:changed; this waits for
 * that and then until the join's own presence syncs are over (no floor:changed for a second), so a
 * floor:changed after it is the test's change and a test fails when that change is not heard.
 */
export async function rigOnQuietFloor(
  stack: Pick<RunningStack, 'url' | 'anonKey'>,
  email: string,
  liveMs = 15_000,
): Promise<ServicesRig> {
  const rig = await openRig({ url: stack.url, anonKey: stack.anonKey, requestTimeoutMs: 10_000 });
  try {
    await rig.caller.ok('session:sign-in', { email, password: DEMO_PASSWORD });
    await rig.caller.ok('presence:state');
    await rig.events.next('floor:changed', () => true, liveMs);
    const deadline = Date.now() + liveMs;
    for (let seen = -1; ; ) {
      const now = rig.events.of('floor:changed').length;
      if (now === seen) return rig;
      if (Date.now() >= deadline) throw new Error('the floor channel did not settle');
      seen = now;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } catch (error) {
    await rig.close();
    throw error;
  }
}

/** A new, never-called lead in the rig's queue that is not in `used` (which it joins). */
export async function freshLeadOf(rig: ServicesRig, used: Set<string>): Promise<WireLead> {
  const queue = await rig.caller.ok('leads:queue', { limit: 200 });
  const entry = queue.entries.find((e) => e.reason === 'new' && !used.has(e.lead.id));
  if (entry === undefined) throw new Error('no fresh lead left in the queue');
  used.add(entry.lead.id);
  return entry.lead;
}

/** A supabase-js client signed in as `email`, for what staff do on the server meanwhile. */
export async function signedInClient(stack: Pick<RunningStack, 'url' | 'anonKey'>, email: string) {
  const client = clientFor(stack, stack.anonKey);
  const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  if (error) throw error;
  return client;
}

/** The service role's view of the server, past row-level security. */
export function serviceClient(stack: Pick<RunningStack, 'url' | 'serviceRoleKey'>) {
  return clientFor(stack, stack.serviceRoleKey);
}
