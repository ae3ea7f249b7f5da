// The core's services: every operation of the contract implemented over one Workstation, and its events.
import type { Handlers } from '../../contract/operation-map.js';
import type { Workstation } from '../workstation.js';
import { assessmentsHandlers } from './assessments.js';
import { authoringHandlers } from './authoring.js';
import { callbacksHandlers } from './callbacks.js';
import { callingHoursHandlers } from './calling-hours.js';
import { callsHandlers } from './calls.js';
import { createEventSource, type CoreEventSource, type EventSourceOptions } from './events.js';
import { integrationsHandlers } from './integrations.js';
import { floorHandlers, floorHeartbeat, type FloorOptions } from './floor-board.js';
import type { FloorMember } from './floor-presence.js';
import { kpisHandlers } from './kpis.js';
import { leadsHandlers } from './leads.js';
import { managerHandlers } from './manager-leads.js';
import { mfaHandlers } from './mfa.js';
import { peopleHandlers } from './people.js';
import { presenceHandlers } from './presence.js';
import { productsHandlers } from './products.js';
import { releasesHandlers } from './releases.js';
import type { ServiceContext, ServiceDeps } from './service-context.js';
import { createServicesHub, type ServicesHub } from './services-hub.js';
import { sessionHandlers } from './session.js';
import { syncHandlers } from './sync.js';
import { unlocksHandlers } from './unlocks.js';

export type { CoreEventSource, EventSourceOptions, FloorMember, FloorOptions, ServiceDeps };

const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface CoreServices {
  /** One handler per operation; hand the map to the contract's dispatch (or invokeHandlers). */
  readonly handlers: Handlers;
  readonly events: CoreEventSource;
  /** The people the floor channel shows besides this one (floor:board merges them with the server's view). */
  floorMembers(): FloorMember[];
  /** Stops the events and leaves the floor; call before Workstation.close(). */
  close(): Promise<void>;
}

function contextOf(workstation: Workstation, hub: ServicesHub, deps: ServiceDeps): ServiceContext {
  return {
    workstation,
    now: deps.now ?? Date.now,
    hub,
    requestTimeoutMs: deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    autoSync: deps.autoSync ?? false,
  };
}

function handlersOver(context: ServiceContext, deps: FloorOptions): Handlers {
  return {
    ...sessionHandlers(context),
    ...leadsHandlers(context),
    ...callsHandlers(context),
    ...callbacksHandlers(context),
    ...assessmentsHandlers(context),
    ...syncHandlers(context),
    ...presenceHandlers(context),
    ...managerHandlers(context),
    ...authoringHandlers(context),
    ...peopleHandlers(context),
    ...mfaHandlers(context),
    ...floorHandlers(context, deps),
    ...callingHoursHandlers(context),
    ...kpisHandlers(context),
    ...releasesHandlers(context),
    ...integrationsHandlers(context),
    ...productsHandlers(context),
    ...unlocksHandlers(context),
  };
}

/** The handlers and the event source over one workstation, sharing one hub (hostCore's building block). */
export function createServices(
  workstation: Workstation,
  deps: ServiceDeps & FloorOptions & Omit<EventSourceOptions, 'now'> = {},
): CoreServices {
  const hub = createServicesHub(workstation);
  const context = contextOf(workstation, hub, deps);
  const stopHeartbeat = hub.presence.reportTo(floorHeartbeat(context, deps));
  const events = createEventSource(workstation, hub, {
    ...deps,
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  return {
    handlers: handlersOver(context, deps),
    events,
    floorMembers: () => hub.presence.others(),
    close: async () => {
      stopHeartbeat();
      events.close();
      await hub.close();
    },
  };
}

/** The handlers alone, for a caller that wants no events (tests calling through the contract). */
export function createHandlers(workstation: Workstation, deps: ServiceDeps = {}): Handlers {
  return handlersOver(contextOf(workstation, createServicesHub(workstation), deps), {});
}
