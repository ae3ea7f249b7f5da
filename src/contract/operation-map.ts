// Every operation the renderer may call on the core, merged from the feature files into one typed map.
import type { z } from 'zod';
import type { Failure } from '../domain/failure';
import { assessmentsOperations } from './operations/assessments';
import { authoringOperations } from './operations/authoring';
import { callbacksOperations } from './operations/callbacks';
import { callingHoursOperations } from './operations/calling-hours';
import { callsOperations } from './operations/calls';
import { floorOperations } from './operations/floor';
import { integrationsOperations } from './operations/integrations';
import { kpisOperations } from './operations/kpis';
import { leadsOperations } from './operations/leads';
import { managerOperations } from './operations/manager';
import { mfaOperations } from './operations/mfa';
import { peopleOperations } from './operations/people';
import { presenceOperations } from './operations/presence';
import { productsOperations } from './operations/products';
import { releasesOperations } from './operations/releases';
import { sessionOperations } from './operations/session';
import { syncOperations } from './operations/sync';
import { unlocksOperations } from './operations/unlocks';

/** The feature maps; kept as a list so a test can prove no two declare the same name. */
export const OPERATION_GROUPS = [
  sessionOperations,
  leadsOperations,
  callsOperations,
  callbacksOperations,
  assessmentsOperations,
  syncOperations,
  presenceOperations,
  managerOperations,
  authoringOperations,
  peopleOperations,
  mfaOperations,
  floorOperations,
  callingHoursOperations,
  kpisOperations,
  releasesOperations,
  integrationsOperations,
  productsOperations,
  unlocksOperations,
] as const;

export const OPERATIONS = {
  ...sessionOperations,
  ...leadsOperations,
  ...callsOperations,
  ...callbacksOperations,
  ...assessmentsOperations,
  ...syncOperations,
  ...presenceOperations,
  ...managerOperations,
  ...authoringOperations,
  ...peopleOperations,
  ...mfaOperations,
  ...floorOperations,
  ...callingHoursOperations,
  ...kpisOperations,
  ...releasesOperations,
  ...integrationsOperations,
  ...productsOperations,
  ...unlocksOperations,
} as const;

export type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;

/** The arguments a handler receives: parsed, defaults applied. */
export type ArgsOf<K extends OperationName> = z.output<Operations[K]['args']>;
/** The arguments a caller writes: defaulted fields may be left out. */
export type ArgsInputOf<K extends OperationName> = z.input<Operations[K]['args']>;
export type ResultOf<K extends OperationName> = z.output<Operations[K]['result']>;

/**
 * A handler answers its result, or a Failure (src/domain/failure.ts) for a refusal a person can
 * act on; dispatch turns the Failure into the error envelope, so domain refusals pass straight through.
 */
export type Handler<K extends OperationName> = (args: ArgsOf<K>) => Promise<ResultOf<K> | Failure>;

/** What the core's services implement together: one handler per operation, none missing. */
export type Handlers = { readonly [K in OperationName]: Handler<K> };

export function isOperationName(op: string): op is OperationName {
  // Own keys only: "__proto__:x" or "constructor" must never reach a handler lookup.
  return Object.hasOwn(OPERATIONS, op);
}
