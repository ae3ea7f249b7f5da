// What every feature's handlers get: the workstation, the clock, the shared hub, and the cache guarded.
import type { OperationName, Handler } from '../../contract/operation-map.js';
import { failure, type Failure } from '../../domain/failure.js';
import { CacheError, type Cache } from '../cache/index.js';
import type { SyncEngine } from '../sync/engine.js';
import type { Workstation } from '../workstation.js';
import type { ServicesHub } from './services-hub.js';

export interface ServiceDeps {
  /** Epoch ms; tests move it to judge the queue inside calling hours. */
  readonly now?: () => number;
  /** Deadline of the online calls (assessments); past it the server counts as unreachable. */
  readonly requestTimeoutMs?: number;
  /** Start background sync after a sign-in through session:sign-in (the app wants it; tests sync by hand). */
  readonly autoSync?: boolean;
}

export interface ServiceContext {
  readonly workstation: Workstation;
  readonly now: () => number;
  readonly hub: ServicesHub;
  readonly requestTimeoutMs: number;
  readonly autoSync: boolean;
}

/** One feature's handlers, typed by the contract like the merged map. */
export type FeatureHandlers<K extends OperationName> = { readonly [P in K]: Handler<P> };

/** A CacheError thrown inside a cache operation (a row it cannot read) is a refusal with its code, not a crash. */
function cacheFailure(error: unknown): Failure | null {
  return error instanceof CacheError ? failure(error.code, error.message, error.details) : null;
}

/** Runs `read` on the signed-in user's cache; NOT_SIGNED_IN when there is none. */
export function withCache<T>(
  workstation: Workstation,
  read: (cache: Cache, engine: SyncEngine) => T | Failure,
): T | Failure {
  const attached = workstation.attached();
  if ('ok' in attached) return attached;
  try {
    return read(attached.cache, attached.engine);
  } catch (error) {
    const refused = cacheFailure(error);
    if (refused === null) throw error;
    return refused;
  }
}

/** Whether the engine's last round reached the server; true before any round and without a user. */
export function isOnline(workstation: Workstation): boolean {
  const attached = workstation.attached();
  return 'ok' in attached || attached.engine.progress().online;
}
