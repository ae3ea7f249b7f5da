// Errors are values: every domain function that can refuse answers with a Failure, never a throw.
import type { ErrorCode } from './error-codes';

/** A refusal a person can act on; `code` comes from the one list in src/domain/error-codes.ts. */
export interface Failure<C extends ErrorCode = ErrorCode> {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
  readonly details?: unknown;
}

export function failure<C extends ErrorCode>(
  code: C,
  message: string,
  details?: unknown,
): Failure<C> {
  return details === undefined
    ? { ok: false, code, message }
    : { ok: false, code, message, details };
}

/** Whether a value answered by a function that may refuse is the refusal. */
export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'ok' in value && value.ok === false;
}
