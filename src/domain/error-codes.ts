// The one list of error codes a caller may see (src/contract/errors.ts re-exports it); add codes here, never ad hoc strings.
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNKNOWN_OPERATION',
  'UNTRUSTED_SENDER',
  'INTERNAL_ERROR',
  // src/domain/phone.ts
  'PHONE_EMPTY',
  'PHONE_INVALID',
  'PHONE_TOO_SHORT',
  'PHONE_TOO_LONG',
  'PHONE_UNKNOWN_COUNTRY',
  // src/domain/dispositions.ts
  'DISPOSITION_CATALOGUE_INVALID',
  'DISPOSITION_UNKNOWN',
  'CALLBACK_TIME_REQUIRED',
  'CALLBACK_TIME_NOT_ALLOWED',
  'CALLBACK_IN_PAST',
  'STATUS_MOVE_NOT_ALLOWED',
  // src/domain/calling-window.ts
  'CALLING_WINDOW_INVALID',
  'INVALID_TIME_ZONE',
  // src/domain/dnc.ts (the first reason a lead may not be dialled)
  'DNC_LEAD',
  'DNC_LIST',
  'CONSENT_WITHDRAWN',
  'OUTSIDE_CALLING_WINDOW',
  // src/domain/assessment-scoring.ts
  'ASSESSMENT_DEFINITION_INVALID',
  'ASSESSMENT_ANSWERS_INVALID',
  // src/domain/kpis.ts
  'KPI_RANGE_INVALID',
  // src/workstation/session (the server ended the session; the user's pending writes are kept)
  'SESSION_REVOKED',
  // src/contract/operations (what the core answers the renderer)
  'NOT_SIGNED_IN',
  'SIGN_IN_FAILED',
  // too many sign-in attempts from this address (the server's rate limit, GoTrue's 429)
  'SIGN_IN_RATE_LIMITED',
  'OFFLINE',
  'LEAD_NOT_FOUND',
  'LEAD_CHANGED',
  'CALLBACK_NOT_FOUND',
  'ASSESSMENT_NOT_FOUND',
  'ASSESSMENT_RESPONSE_NOT_FOUND',
  'ASSESSMENT_ALREADY_SUBMITTED',
  /** A lead takes an assessment once; a taker answering for themselves submits once. */
  'ASSESSMENT_ALREADY_TAKEN',
  /** A paid assessment (the payments migration) the taker has not unlocked. */
  'ASSESSMENT_LOCKED',
  /** revoke_assessment_unlock: no such unlock (an admin's grant of a paid assessment). */
  'UNLOCK_NOT_FOUND',
  // assessments:checkout (the stripe-checkout function's refusals, kept by their code)
  'ALREADY_UNLOCKED',
  'PRODUCT_NOT_AVAILABLE',
  'PAYMENT_PROVIDER_ERROR',
  // dead letters: the server's refusals (docs/sync-protocol.md) and conflicts
  'FORBIDDEN',
  'INVALID_MUTATION',
  'SYNC_CONFLICT',
  // settling a dead letter (sync:retry-dead-letter, sync:dismiss-dead-letter)
  'DEAD_LETTER_NOT_FOUND',
  'DEAD_LETTER_NOT_RETRYABLE',
  // sync_settle_conflict: a manager settling a logged conflict
  'CONFLICT_NOT_FOUND',
  'CONFLICT_ALREADY_SETTLED',
  'CONFLICT_NOT_RESTORABLE',
  'CONFLICT_MOVED_ON',
  // supabase/migrations/*_sync_push.sql (sync_push answers: a batch stopped, a seq reused)
  'SYNC_SEQ_GAP',
  'SYNC_CLIENT_MISMATCH',
  'SYNC_SEQ_REUSED',
  // the cache was filled from another database than the server's (sync_database())
  'SYNC_OTHER_DATABASE',
  // sync:adopt-server on a cache that is the server's own: nothing to set aside
  'SYNC_SAME_DATABASE',
  // src/workstation/sync/engine.ts (why a round stopped: the server failed, answered nonsense, or the disk did)
  'SYNC_SERVER_ERROR',
  // the server's per-user limit on sync calls (429): the engine waits out its Retry-After
  'SYNC_RATE_LIMITED',
  'SYNC_PROTOCOL',
  'SYNC_LOCAL_ERROR',
  // src/workstation/cache (the local SQLite cache)
  'CACHE_TOO_NEW',
  'CACHE_USER_INVALID',
  'CACHE_ROW_INVALID',
  // an outbox entry this version cannot read (an older app's, or damaged): sent as a refused stand-in, kept as a dead letter
  'OUTBOX_ENTRY_INVALID',
  // src/domain/lead-import.ts (a file that cannot be imported) and lead_import_* (an import id)
  'IMPORT_EMPTY_FILE',
  'IMPORT_ENCODING',
  'IMPORT_TOO_LARGE',
  'IMPORT_MISSING_COLUMN',
  'IMPORT_NOT_FOUND',
  'IMPORT_CLOSED',
  // distribute_leads, reassign_leads: who may receive leads, and what a distribution may ask
  'ASSIGNEE_NOT_FOUND',
  'ASSIGNEE_INACTIVE',
  'ASSIGNEE_NOT_TELECALLER',
  'DISTRIBUTION_INVALID',
  // people:* (supabase/functions/admin-users) and mfa:*
  'NOT_ADMIN',
  'AAL2_REQUIRED',
  'USER_NOT_FOUND',
  'INVALID_ROLE',
  'EMAIL_EXISTS',
  'CANNOT_CHANGE_SELF',
  // a person who would take a seat beyond those the team bought (team_seat_limits migration)
  'SEAT_LIMIT_REACHED',
  // an invitation mailed again within Auth's max_frequency
  'INVITE_TOO_SOON',
  // session:accept-invite: the mailed code is wrong, used or expired
  'INVITE_CODE_WRONG',
  'MFA_CODE_WRONG',
  'MFA_FACTOR_NOT_FOUND',
  // src/release (talentg release): a file the updater cannot install, a version already out, none to change
  'RELEASE_ARTIFACT_INVALID',
  'RELEASE_VERSION_EXISTS',
  'RELEASE_NOT_FOUND',
  'RELEASE_UNSIGNED',
  // email:* (the admin's email queue): no such email, or one that is not dead
  'EMAIL_NOT_FOUND',
  'EMAIL_NOT_DEAD',
  // products:* (product_create, product_update, product_set_active): bad input names its field
  'PRODUCT_INVALID',
  'PRODUCT_DUPLICATE',
  'PRODUCT_NOT_FOUND',
  'CURRENCY_NOT_SUPPORTED',
  // src/contract/core-client.ts (the renderer's side of the bridge)
  'INVALID_RESPONSE',
  'INVALID_EVENT',
  'CORE_UNREACHABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether `code` is one of the list: a newer server or a stray SQLSTATE may send others. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}
