// What each feature file declares per operation: the schema of its arguments and of its result.
import type { z } from 'zod';

export interface OperationSpec {
  /** Parsed by the core on receipt: the renderer is not trusted. */
  readonly args: z.ZodType;
  /** Parsed by the renderer's client on receipt: a result is not trusted either. */
  readonly result: z.ZodType;
}

/** One feature's operations, keyed `area:verb` (operationNameSchema). */
export type OperationGroup = Readonly<Record<`${string}:${string}`, OperationSpec>>;
