// The core's side of the contract: parse the arguments, run the handler, answer an envelope.
import type { z } from 'zod';
import { isFailure } from '../domain/failure';
import type { Invoke } from './answer-invoke';
import { fail, ok, type ApiResponse } from './api-response';
import { isErrorCode } from './errors';
import { isOperationName, OPERATIONS, type Handlers } from './operation-map';

export interface DispatchOptions {
  /** Where a handler's crash goes; the caller sees only INTERNAL_ERROR, never the stack. */
  readonly logCrash: (op: string, error: unknown) => void;
  /**
   * Parse each result with its schema before answering (tests, development): a handler that
   * answers the wrong shape becomes a logged INTERNAL_ERROR here instead of a puzzle in the renderer.
   */
  readonly checkResults?: boolean;
}

/** An issue as it crosses the bridge: where and what, without zod's internals. */
export interface ArgumentIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): ArgumentIssue[] {
  return issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

function where(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'arguments' : path.map(String).join('.');
}

/**
 * Runs operation `op` with untrusted `args` (absent args count as `{}`). Unknown names answer
 * UNKNOWN_OPERATION, arguments that do not parse INVALID_REQUEST with the issues' field paths,
 * a Failure from the handler its own code, and a throw INTERNAL_ERROR.
 */
export async function dispatch(
  handlers: Handlers,
  op: string,
  args: unknown,
  options: DispatchOptions,
): Promise<ApiResponse> {
  if (!isOperationName(op)) {
    return fail('UNKNOWN_OPERATION', `There is no operation "${op.slice(0, 80)}".`, {
      op: op.slice(0, 200),
    });
  }
  const spec = OPERATIONS[op];
  const parsed = spec.args.safeParse(args === undefined ? {} : args);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues);
    const first = issues[0];
    const summary = first === undefined ? '' : ` ${where(first.path)}: ${first.message}`;
    return fail('INVALID_REQUEST', `The arguments of ${op} are not valid.${summary}`, { issues });
  }
  // The map guarantees each handler takes its own op's parsed args; TypeScript cannot follow `op` through the union.
  const handler = handlers[op] as (args: unknown) => Promise<unknown>;
  let outcome: unknown;
  try {
    outcome = await handler(parsed.data);
  } catch (error: unknown) {
    options.logCrash(op, error);
    return fail('INTERNAL_ERROR', `${op} failed unexpectedly; the details are in the log.`);
  }
  if (isFailure(outcome)) {
    if (isErrorCode(outcome.code)) return fail(outcome.code, outcome.message, outcome.details);
    options.logCrash(
      op,
      new Error(`${op} refused with a code outside ERROR_CODES: ${String(outcome.code)}`),
    );
    return fail('INTERNAL_ERROR', `${op} failed unexpectedly; the details are in the log.`);
  }
  if (options.checkResults === true) {
    const checked = spec.result.safeParse(outcome);
    if (!checked.success) {
      options.logCrash(
        op,
        new Error(`${op} answered a result that does not match the contract`, {
          cause: checked.error,
        }),
      );
      return fail('INTERNAL_ERROR', `${op} failed unexpectedly; the details are in the log.`);
    }
    return ok(checked.data);
  }
  return ok(outcome);
}

/** The handlers as the Invoke that answerInvoke and the hosts (IPC, web-host socket) take. */
export function invokeHandlers(handlers: Handlers, options: DispatchOptions): Invoke {
  return (op, args) => dispatch(handlers, op, args, options);
}
