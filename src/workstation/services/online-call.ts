// One request to the server through the session's supabase-js client, for the operations that cannot
// work from the cache: a fresh token first, a deadline, one refresh-and-resend on a refused token.
import type { PostgrestError } from '@supabase/supabase-js';
import type { z } from 'zod';
import { isErrorCode, type ErrorCode } from '../../domain/error-codes.js';
import { failure, type Failure } from '../../domain/failure.js';
import { classifyFailure } from '../sync/transport.js';
import type { ServiceContext } from './service-context.js';

/** What a postgrest-js builder resolves to. */
export interface ServerAnswer<T> {
  readonly data: T | null;
  readonly error: PostgrestError | null;
  readonly status: number;
  /** With `{ count: 'exact' }`: the rows the filter matches. */
  readonly count?: number | null;
}

export type OnlineAnswer<T> =
  | {
      readonly ok: true;
      readonly data: T | null;
      readonly error: PostgrestError | null;
      readonly count: number | null;
    }
  | Failure;

/** No answer from the server: its request, its function or Auth could not be reached. */
export function offline(reason: string): Failure<'OFFLINE'> {
  return failure('OFFLINE', 'The server cannot be reached; try again when online.', { reason });
}

/**
 * Sends `request` (it gets the abort signal of the deadline) and sorts the answer: no answer is OFFLINE,
 * a refused session is the session's own failure. Other errors come back for the caller to name.
 */
export async function onlineCall<T>(
  context: ServiceContext,
  request: (signal: AbortSignal) => PromiseLike<ServerAnswer<T>>,
): Promise<OnlineAnswer<T>> {
  const { session } = context.workstation;
  const token = await session.accessTokenFresh();
  if (!token.ok) return token;
  let answer = await request(AbortSignal.timeout(context.requestTimeoutMs));
  if (answer.error !== null && classifyFailure(answer.status, answer.error.code ?? '') === 'auth') {
    const refreshed = await session.refreshNow();
    if (!refreshed.ok) return refreshed;
    answer = await request(AbortSignal.timeout(context.requestTimeoutMs));
  }
  if (
    answer.error !== null &&
    classifyFailure(answer.status, answer.error.code ?? '') === 'network'
  ) {
    return offline(answer.error.message);
  }
  return { ok: true, data: answer.data, error: answer.error, count: answer.count ?? null };
}

/**
 * One request whose answer must have `schema`'s shape: besides onlineCall's failures, the server's
 * refusal is serverFailure(`doing`) and an answer of another shape is unreadable(`about`).
 */
export async function onlineRead<T, S extends z.ZodType>(
  context: ServiceContext,
  schema: S,
  doing: string,
  about: string,
  request: (signal: AbortSignal) => PromiseLike<ServerAnswer<T>>,
): Promise<z.output<S> | Failure> {
  const answer = await onlineCall(context, request);
  if (!answer.ok) return answer;
  if (answer.error !== null) return serverFailure(doing, answer.error);
  const parsed = schema.safeParse(answer.data);
  return parsed.success ? parsed.data : unreadable(about, parsed.error.issues);
}

/** An answer that does not have the shape the contract needs (a newer or broken server). */
export function unreadable(what: string, issues: unknown): Failure<'INTERNAL_ERROR'> {
  return failure('INTERNAL_ERROR', `The server's answer about ${what} could not be read.`, {
    issues,
  });
}

/** The code an RPC refused with: private.refuse raises P0001 with the hint 'talentg:<CODE>'. */
function namedRefusal(error: PostgrestError): ErrorCode | null {
  if (error.code !== 'P0001' || !error.hint?.startsWith('talentg:')) return null;
  const code = error.hint.slice('talentg:'.length);
  return isErrorCode(code) ? code : null;
}

/** A refusal's DETAIL when it is a JSON object (private.refuse_field's {"field": ...}); else none. */
function refusalDetails(error: PostgrestError): Record<string, unknown> | undefined {
  if (!error.details?.startsWith('{')) return undefined;
  try {
    const details: unknown = JSON.parse(error.details);
    return typeof details === 'object' && details !== null && !Array.isArray(details)
      ? (details as Record<string, unknown>)
      : undefined;
  } catch {
    // A plain-text DETAIL that happens to start with a brace: the message alone still says it all.
    return undefined;
  }
}

/**
 * What the server's error means for the caller: an RPC's named refusal keeps its code and message,
 * a policy's refusal is FORBIDDEN, anything else is kept for the log behind INTERNAL_ERROR.
 */
export function serverFailure(what: string, error: PostgrestError): Failure {
  const named = namedRefusal(error);
  if (named !== null) return failure(named, error.message, refusalDetails(error));
  // 42501: row-level security or a revoked grant refused the request.
  if (error.code === '42501') {
    return failure('FORBIDDEN', `The server does not allow this: ${what}.`, {
      code: error.code,
      message: error.message,
    });
  }
  return failure('INTERNAL_ERROR', `The server could not ${what}; try again later.`, {
    code: error.code,
    message: error.message,
    details: error.details,
    hint: error.hint,
  });
}
