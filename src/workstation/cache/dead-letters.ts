// Settling a dead letter: the person dismisses it (seen, nothing more to do) or retries it (its intent is
// queued again under a new seq, as written the first time). Either way the letter stays on the lead's history.
import { failure, type Failure } from '../../domain/failure.js';
import type { EpochMs } from '../../domain/lead.js';
import type { CacheCore } from './cache-core.js';
import type { DeadLetter } from './cache-port.js';
import type { Intent } from './intents.js';
import { appendIntent, newIntent, nextSeq } from './outbox.js';
import { rederiveLeads } from './overlay-store.js';
import { deadLetterFromRow, type DeadLetterRow } from './rows.js';

export interface DeadLetterSettling {
  /**
   * Queues a refused intent again under a new seq (a fresh mutation id, the same args) and marks the
   * letter retried. Only a rejection can be retried: the server judges again, so a cause since removed (a
   * lead assigned back, a number taken off the do-not-call list) no longer refuses it. A conflict cannot:
   * its server row is already shown, and the person acts on the lead as it is now.
   */
  retryDeadLetter(
    seq: number,
    now: EpochMs,
  ): { readonly ok: true; readonly seq: number; readonly deadLetter: DeadLetter } | Failure;
  /** Marks the letter seen; its refused effect is already gone from the cache. */
  dismissDeadLetter(
    seq: number,
    now: EpochMs,
  ): { readonly ok: true; readonly deadLetter: DeadLetter } | Failure;
}

function openLetter(core: CacheCore, seq: number): DeadLetterRow | Failure {
  const row = core.sql.deadLetterBySeq.get(seq) as DeadLetterRow | undefined;
  if (row === undefined || row.user_id !== core.userId) {
    return failure('DEAD_LETTER_NOT_FOUND', 'There is no refused write with this number.', { seq });
  }
  if (row.resolution !== null) {
    return failure(
      'DEAD_LETTER_NOT_FOUND',
      `This refused write was already ${row.resolution}.`,
      { seq, resolution: row.resolution },
    );
  }
  return row;
}

function settled(core: CacheCore, seq: number): DeadLetter {
  return deadLetterFromRow(core.sql.deadLetterBySeq.get(seq) as DeadLetterRow);
}

export function createDeadLetterSettling(core: CacheCore): DeadLetterSettling {
  const { sql } = core;

  const retry = core.db.transaction((seq: number, now: EpochMs) => {
    const letter = openLetter(core, seq);
    if ('ok' in letter) return letter;
    if (letter.code === 'OUTBOX_ENTRY_INVALID') {
      return failure(
        'DEAD_LETTER_NOT_RETRYABLE',
        'This change is in a form this version cannot read, so sending it again would be refused again: do it again on the lead, and dismiss this.',
        { seq, code: letter.code },
      );
    }
    if (letter.status !== 'rejected') {
      return failure(
        'DEAD_LETTER_NOT_RETRYABLE',
        'A conflict is settled on the lead as it is now: open the lead and do it again, or dismiss this.',
        { seq, status: letter.status },
      );
    }
    const entry = deadLetterFromRow(letter);
    const to = nextSeq(core);
    const intent: Intent = newIntent(core, to, entry.op, entry.args as never, now);
    appendIntent(core, intent, letter.lead_id, now);
    sql.deadLetterSettle.run({ seq, resolution: 'retried', resolved_at: now, retried_as: to });
    // The call or note the refusal left on the lead now waits on the new seq; the overlay replays it.
    sql.interactionsReseq.run({ from: seq, to });
    if (letter.lead_id !== null) rederiveLeads(core, [letter.lead_id]);
    return { ok: true as const, seq: to, deadLetter: settled(core, seq) };
  });

  const dismiss = core.db.transaction((seq: number, now: EpochMs) => {
    const letter = openLetter(core, seq);
    if ('ok' in letter) return letter;
    sql.deadLetterSettle.run({ seq, resolution: 'dismissed', resolved_at: now, retried_as: null });
    return { ok: true as const, deadLetter: settled(core, seq) };
  });

  return {
    retryDeadLetter: (seq, now) => retry.immediate(seq, now),
    dismissDeadLetter: (seq, now) => dismiss.immediate(seq, now),
  };
}
