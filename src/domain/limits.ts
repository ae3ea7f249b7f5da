// The database's limits on what a person writes, named once for the contract's schemas and the cache.

/** interactions_content_check: call notes and free notes. */
export const NOTE_MAX_CHARS = 20_000;

/** callbacks_note_check. */
export const CALLBACK_NOTE_MAX_CHARS = 2_000;

/** interactions_duration_check: a call lasts at most a day. */
export const MAX_CALL_SECONDS = 86_400;
