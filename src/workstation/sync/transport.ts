// The sync RPCs over supabase-js, with failures sorted into what the engine does next.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { z } from 'zod';
import { idSchema } from '../../contract/wire-types.js';
import type { CallingHours, OutboxEntry, SyncEntity } from '../cache/cache-port.js';
import {
  bootstrapAnswerSchema,
  callingHoursRowSchema,
  pullAnswerSchema,
  pushAnswerSchema,
  type BootstrapAnswer,
  type PullAnswer,
  type PushAnswer,
} from './wire.js';

/**
 * network: no answer (offline, reset, timeout) — retry with back-off.
 * auth: the token was refused — refresh, then resend the same request.
 * rate_limited: 429, too many calls — send nothing before its Retry-After.
 * server: 5xx or a database error — retry with back-off.
 * protocol: an answer of the wrong shape or a refused request — stop and show it.
 */
export type TransportFailureKind = 'network' | 'auth' | 'rate_limited' | 'server' | 'protocol';

export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    readonly status: number,
    readonly code: string,
    /** On a 429: how long the server asked to wait before the next call. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface SyncTransport {
  /** The server database's id (sync_database()), to tell it from another one behind the same URL. */
  database(): Promise<string>;
  push(clientId: string, entries: readonly OutboxEntry[]): Promise<PushAnswer>;
  pull(cursor: string | null, limit: number): Promise<PullAnswer>;
  bootstrap(
    entity: SyncEntity | 'disposition',
    after: string | null,
    limit: number,
  ): Promise<BootstrapAnswer>;
  /** The floor's calling hours (floor_settings); null when the server holds none. */
  callingHours(): Promise<CallingHours | null>;
}

export interface SupabaseTransportOptions {
  /** A request with no answer after this long counts as a network failure (a black-holed link hangs forever otherwise). */
  readonly timeoutMs?: number;
}

const AUTH_CODES = new Set(['PGRST301', 'PGRST302', 'PGRST303']);

export function classifyFailure(status: number, code: string): TransportFailureKind {
  if (status === 0) return 'network';
  if (status === 401 || AUTH_CODES.has(code)) return 'auth';
  if (status === 429) return 'rate_limited';
  if (status >= 500 || status === 408) return 'server';
  return 'protocol';
}

/** Without a readable Retry-After a 429 still waits this long: retrying at once is what it refused. */
const RATE_LIMIT_FALLBACK_MS = 10_000;

/**
 * The wait a 429 asks for. supabase-js hides response headers, so the sync RPCs repeat the
 * Retry-After header in the error's details (supabase/migrations/*_sync_flood_limits.sql).
 */
export function retryAfterMs(details: string | null | undefined): number {
  const seconds = /^Retry-After: (\d+)$/m.exec(details ?? '')?.[1];
  return seconds === undefined ? RATE_LIMIT_FALLBACK_MS : Number(seconds) * 1000;
}

export function supabaseTransport(
  client: SupabaseClient,
  options: SupabaseTransportOptions = {},
): SyncTransport {
  const timeoutMs = options.timeoutMs ?? 20_000;

  /** The answer parsed with `schema`, or the failure sorted into what the engine does next. */
  function answerOf<T>(
    what: string,
    answer: {
      data: unknown;
      error: { code?: string; message: string; details?: string | null } | null;
      status: number;
    },
    schema: z.ZodType<T>,
  ): T {
    const { data, error, status } = answer;
    if (error) {
      const code = error.code ?? '';
      const kind = classifyFailure(status, code);
      throw new TransportError(
        kind,
        `${what}: ${error.message}`,
        status,
        code,
        kind === 'rate_limited' ? retryAfterMs(error.details) : null,
      );
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new TransportError(
        'protocol',
        `${what} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        status,
        'SYNC_PROTOCOL',
      );
    }
    return parsed.data;
  }

  async function call<T>(
    fn: string,
    args: Record<string, unknown>,
    schema: z.ZodType<T>,
  ): Promise<T> {
    return answerOf(
      fn,
      await client.rpc(fn, args).abortSignal(AbortSignal.timeout(timeoutMs)),
      schema,
    );
  }

  return {
    database: () => call('sync_database', {}, idSchema),
    push: (clientId, entries) =>
      call(
        'sync_push',
        {
          p_client_id: clientId,
          p_mutations: entries.map(({ seq, id, op, args, created_at }) => ({
            seq,
            id,
            op,
            args,
            created_at,
          })),
        },
        pushAnswerSchema,
      ),
    pull: (cursor, limit) =>
      call('sync_pull', { p_cursor: cursor, p_limit: limit }, pullAnswerSchema),
    bootstrap: (entity, after, limit) =>
      call(
        'sync_bootstrap',
        { p_entity: entity, p_after: after, p_limit: limit },
        bootstrapAnswerSchema,
      ),
    callingHours: async () =>
      answerOf(
        'floor_settings',
        await client
          .from('floor_settings')
          .select('calling_start,calling_end,calling_days,updated_at')
          .limit(1)
          .abortSignal(AbortSignal.timeout(timeoutMs))
          .maybeSingle(),
        callingHoursRowSchema.nullable(),
      ),
  };
}
