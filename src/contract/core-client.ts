// The renderer's typed view of the bridge: one method per operation, every answer parsed on receipt.
import { z } from 'zod';
import { apiErrorSchema, type ApiError } from './api-response';
import type { TalentgBridge } from './bridge';
import { parseCoreEvent, type EventName, type EventPayload } from './events';
import { OPERATIONS, type ArgsInputOf, type OperationName, type ResultOf } from './operation-map';

/** The envelope with its data typed; INVALID_RESPONSE or CORE_UNREACHABLE when the core's answer cannot be used. */
export type CoreAnswer<T> =
  | { readonly success: true; readonly data: T; readonly meta?: Record<string, unknown> }
  | { readonly success: false; readonly error: ApiError };

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;
type AreaOf<K> = K extends `${infer Area}:${string}` ? Area : never;
type Area = AreaOf<OperationName>;

/** Operations whose arguments are all optional may be called without any. */
type Method<K extends OperationName> =
  Record<never, never> extends ArgsInputOf<K>
    ? (args?: ArgsInputOf<K>) => Promise<CoreAnswer<ResultOf<K>>>
    : (args: ArgsInputOf<K>) => Promise<CoreAnswer<ResultOf<K>>>;

/** `leads:set-status` is `client.leads.setStatus(...)`. */
export type CoreOperations = {
  readonly [A in Area]: {
    readonly [
      K in OperationName as K extends `${A}:${infer Verb}` ? Camel<Verb> : never
    ]: Method<K>;
  };
};

export interface CoreClient extends CoreOperations {
  /**
   * Calls `listener` with each parsed `event` until the returned function is called. Messages
   * that do not match the contract go to onInvalidEvent, never to a listener.
   */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface CoreClientOptions {
  /** Defaults to console.warn: a dropped event must leave a trace. */
  readonly onInvalidEvent?: (error: ApiError) => void;
}

const answerSchema = z.discriminatedUnion('success', [
  z.object({
    success: z.literal(true),
    data: z.unknown(),
    meta: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ success: z.literal(false), error: apiErrorSchema }),
]);

function camel(verb: string): string {
  return verb.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function invalidResponse(
  op: OperationName,
  issues: readonly z.core.$ZodIssue[],
): CoreAnswer<never> {
  return {
    success: false,
    error: {
      code: 'INVALID_RESPONSE',
      message: `The workstation core answered ${op} with something this window cannot read; restart the app, and report it if it happens again.`,
      details: { op, issues: issues.map(({ path, message }) => ({ path, message })) },
    },
  };
}

async function call(
  bridge: TalentgBridge,
  op: OperationName,
  args: unknown,
): Promise<CoreAnswer<unknown>> {
  let raw: unknown;
  try {
    raw = await bridge.invoke(op, args ?? {});
  } catch (error: unknown) {
    return {
      success: false,
      error: {
        code: 'CORE_UNREACHABLE',
        message: 'The workstation core did not answer; restart the app if this goes on.',
        details: { op, cause: error instanceof Error ? error.message : String(error) },
      },
    };
  }
  const answer = answerSchema.safeParse(raw);
  if (!answer.success) return invalidResponse(op, answer.error.issues);
  if (!answer.data.success) return { success: false, error: answer.data.error };
  const data = OPERATIONS[op].result.safeParse(answer.data.data);
  if (!data.success) return invalidResponse(op, data.error.issues);
  return answer.data.meta === undefined
    ? { success: true, data: data.data }
    : { success: true, data: data.data, meta: answer.data.meta };
}

export function createCoreClient(
  bridge: TalentgBridge,
  options: CoreClientOptions = {},
): CoreClient {
  const onInvalidEvent =
    options.onInvalidEvent ??
    ((error: ApiError) =>
      console.warn(`[talentg] dropped an event: ${error.message}`, error.details));
  const areas: Record<
    string,
    Record<string, (args?: unknown) => Promise<CoreAnswer<unknown>>>
  > = {};
  for (const op of Object.keys(OPERATIONS) as OperationName[]) {
    const [area = '', verb = ''] = op.split(':');
    (areas[area] ??= {})[camel(verb)] = (args) => call(bridge, op, args);
  }
  const on = <E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): (() => void) => {
    return bridge.onEvent((message) => {
      const parsed = parseCoreEvent(message);
      if (!parsed.ok) {
        onInvalidEvent({ code: parsed.code, message: parsed.message, details: parsed.details });
        return;
      }
      if (parsed.event.event === event) listener(parsed.event.payload as EventPayload<E>);
    });
  };
  // The loop above builds exactly the shape CoreOperations describes; a test walks every operation.
  return { ...(areas as unknown as CoreOperations), on };
}
