// Sync health and dead letters as the contract carries them; every code is one of ERROR_CODES.
import type { DeadLetter as WireDeadLetter, SyncProgress } from '../../contract/operations/sync.js';
import { isErrorCode, type ErrorCode } from '../../contract/errors.js';
import { idSchema } from '../../contract/wire-types.js';
import type { DeadLetter } from '../cache/index.js';
import { isMutationOp } from '../cache/intents.js';
import type { SyncProgress as EngineProgress } from '../sync/engine.js';

/** A code from outside the list (a newer server, a stray SQLSTATE) becomes `fallback`; callers keep the original. */
export function listedCode(code: string, fallback: ErrorCode): ErrorCode {
  return isErrorCode(code) ? code : fallback;
}

/** The original code stays readable where the contract has no details field. */
function withOriginalCode(code: string, listed: ErrorCode, message: string): string {
  return code === listed ? message : `${message} (code ${code})`;
}

export function progressToWire(progress: EngineProgress): SyncProgress {
  const running =
    progress.phase === 'pushing' ||
    progress.phase === 'pulling' ||
    progress.phase === 'bootstrapping';
  // The engine knows no total while pulling; done is then the best bound. Idle phases are 0/0.
  const done = running ? progress.done : 0;
  const total = running ? Math.max(progress.total ?? progress.done, progress.done) : 0;
  // The engine's codes are ErrorCodes already (SyncStop): nothing to map.
  const error = progress.error;
  const lastError = error === null ? null : { code: error.code, message: error.message };
  return {
    phase: progress.phase,
    done,
    total,
    pending: progress.pending,
    oldest_pending_at: progress.oldest_pending_at,
    last_push_at: progress.last_push_at,
    last_pull_at: progress.last_pull_at,
    dead_letters: progress.dead_letters,
    last_error: lastError,
  };
}

/** The op as the contract carries it: an entry this version could not read (its op unknown) is `unreadable`. */
function wireIntent(letter: DeadLetter): WireDeadLetter['intent'] {
  if (isMutationOp(letter.op)) return { op: letter.op, args: { ...letter.args } };
  return { op: 'unreadable', args: {} };
}

/** The lead a dead letter is about: the cache's column when known, else the intent's lead_id. */
export function deadLetterToWire(letter: DeadLetter): WireDeadLetter {
  // A refusal keeps its code; an unknown one is the generic refusal (or conflict), the original in the message.
  const fallback: ErrorCode = letter.status === 'conflict' ? 'SYNC_CONFLICT' : 'INVALID_MUTATION';
  const code = listedCode(letter.code, fallback);
  const leadId =
    [letter.lead_id, letter.args.lead_id].find(
      (id): id is string => idSchema.safeParse(id).success,
    ) ?? null;
  return {
    id: letter.id,
    seq: letter.seq,
    status: letter.status,
    code,
    message: withOriginalCode(letter.code, code, letter.message),
    intent: wireIntent(letter),
    lead_id: leadId,
    server_row: letter.server_row === null ? null : { ...letter.server_row },
    created_at: letter.created_at,
    failed_at: letter.failed_at,
    resolution: letter.resolution,
    resolved_at: letter.resolved_at,
    retried_as: letter.retried_as,
  };
}
