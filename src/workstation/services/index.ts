// The core's services: every operation of the contract implemented over one Workstation, and its events.
import type { Handlers } from '../../contract/operation-map.js';
import type { Workstation } from '../workstation.js';
import type { FloorMember } from './floor-presence.js';
import { assessmentsHandlers } from './assessments.js';
import { callbacksHandlers } from './callbacks.js';
import { callsHandlers } from './calls.js';
import { leadsHandlers } from './leads.js';
import { presenceHandlers } from './presence.js';
import type { ServiceContext, ServiceDeps } from './service-context.js';
import { hubOf } from './services-hub.js';
import { sessionHandlers } from './session.js';
import { syncHandlers } from './sync.js';

export { createEventSource, type CoreEventSource, type EventSourceOptions } from './events.js';
export { closeServices } from './services-hub.js';
export type { FloorMember };
export type { ServiceDeps } from './service-context.js';

const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** One handler per operation; hand the map to the contract's dispatch (or invokeHandlers). */
export function createHandlers(workstation: Workstation, deps: ServiceDeps = {}): Handlers {
  const context: ServiceContext = {
    workstation,
    now: deps.now ?? Date.now,
    hub: hubOf(workstation),
    requestTimeoutMs: deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    autoSync: deps.autoSync ?? false,
  };
  return {
    ...sessionHandlers(context),
    ...leadsHandlers(context),
    ...callsHandlers(context),
    ...callbacksHandlers(context),
    ...assessmentsHandlers(context),
    ...syncHandlers(context),
    ...presenceHandlers(context),
  };
}

/** The people the floor channel shows besides this one (for the managers' board; not in the contract yet). */
export function floorMembersSeen(workstation: Workstation): FloorMember[] {
  return hubOf(workstation).presence.others();
}
