// What each write of the cache changed, reported by the cache itself (as Bruno's named statements do),
// so the cache:changed event is derived from the writes and no caller can forget to announce one.
import type { CACHE_TABLES } from '../../contract/events.js';
import type { Failure } from '../../domain/failure.js';
import type { DeadLetterSettling } from './dead-letters.js';
import type { LocalWrites } from './local-writes.js';
import type { PulledChange } from './cache-port.js';

export type CacheTable = (typeof CACHE_TABLES)[number];

export interface CacheChange {
  readonly tables: readonly CacheTable[];
  /** The leads whose rows changed; null when any may have (a resync, an entry that named no lead). */
  readonly lead_ids: readonly string[] | null;
  /** local: the person's own write, waiting in the outbox; server: rows the server sent or acknowledged. */
  readonly origin: 'local' | 'server';
}

export type CacheChangeListener = (change: CacheChange) => void;

type Done<T> = T | Failure;

function succeeded<T extends { ok: true }>(value: Done<T>): value is T {
  return value.ok;
}

/** Each local write reports its tables and lead once it has committed; a refused write reports nothing. */
export function reportingLocalWrites(
  writes: LocalWrites & DeadLetterSettling,
  report: CacheChangeListener,
): LocalWrites & DeadLetterSettling {
  const local = (tables: readonly CacheTable[], leadIds: readonly string[] | null): void =>
    report({ tables, lead_ids: leadIds, origin: 'local' });
  return {
    logCall: (input) => {
      const done = writes.logCall(input);
      if (succeeded(done)) {
        local(
          done.callback === null && done.kept.length === 0
            ? ['leads', 'interactions']
            : ['leads', 'interactions', 'callbacks'],
          [input.leadId],
        );
      }
      return done;
    },
    addNote: (input) => {
      const done = writes.addNote(input);
      if (succeeded(done)) local(['interactions'], [input.leadId]);
      return done;
    },
    setStatus: (input) => {
      const done = writes.setStatus(input);
      if (succeeded(done)) local(['leads'], [input.leadId]);
      return done;
    },
    scheduleCallback: (input) => {
      const done = writes.scheduleCallback(input);
      if (succeeded(done)) local(['callbacks', 'leads'], [input.leadId]);
      return done;
    },
    completeCallback: (input) => {
      const done = writes.completeCallback(input);
      if (succeeded(done) && done.seq !== null)
        local(['callbacks', 'leads'], [done.callback.lead_id]);
      return done;
    },
    updateContact: (input) => {
      const done = writes.updateContact(input);
      if (succeeded(done)) local(['leads'], [input.leadId]);
      return done;
    },
    retryDeadLetter: (seq, now) => {
      const done = writes.retryDeadLetter(seq, now);
      // The intent is back in the outbox: its lead shows it pending again.
      if (succeeded(done)) {
        const leadId = done.deadLetter.lead_id;
        local(['leads', 'interactions', 'callbacks'], leadId === null ? null : [leadId]);
      }
      return done;
    },
    // Settling a letter changes no cached row; sync health shows the count.
    dismissDeadLetter: (seq, now) => writes.dismissDeadLetter(seq, now),
  };
}

const TABLE_OF = { lead: 'leads', interaction: 'interactions', callback: 'callbacks' } as const;

/** What a pulled page changed: its tables, and its leads when every change names one. */
export function pulledPageChange(changes: readonly PulledChange[]): CacheChange | null {
  if (changes.length === 0) return null;
  const tables = new Set<CacheTable>();
  const leadIds = new Set<string>();
  let everyLeadKnown = true;
  for (const change of changes) {
    tables.add(TABLE_OF[change.entity]);
    if (change.entity === 'lead') leadIds.add(change.id);
    else if (change.op === 'upsert' && typeof change.row.lead_id === 'string') {
      leadIds.add(change.row.lead_id);
    } else everyLeadKnown = false;
  }
  // A revoked lead takes its history and callbacks with it.
  if (changes.some((c) => c.entity === 'lead' && c.op === 'remove')) {
    tables.add('interactions');
    tables.add('callbacks');
  }
  return { tables: [...tables], lead_ids: everyLeadKnown ? [...leadIds] : null, origin: 'server' };
}
