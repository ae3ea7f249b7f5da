// The telecaller's call queue: which leads to call now, and in what order.
import { createDialGate, type DialContext, type DialableLead, type DialVerdict } from './dnc';
import { isFinalStatus, type EpochMs, type Lead } from './lead';

export type QueueReason = 'callback_overdue' | 'callback_due' | 'new' | 'recycled';

export interface QueueEntry<L extends QueueLead = Lead> {
  readonly lead: L;
  readonly reason: QueueReason;
  /** When the callback was promised for; only on callback entries. */
  readonly dueAt?: EpochMs;
}

/** The fields the queue reads; the cache may pass whole rows. */
export type QueueLead = DialableLead &
  Pick<
    Lead,
    | 'id'
    | 'status'
    | 'priority'
    | 'attempts'
    | 'created_at'
    | 'last_contact_at'
    | 'callback_due_at'
    | 'recycle_at'
  >;

export interface QueueOptions extends DialContext {
  /** Callbacks due within this much of now are offered already; 5 minutes by default. */
  readonly lookaheadMs?: number;
}

export const DEFAULT_CALLBACK_LOOKAHEAD_MS = 5 * 60_000;

/**
 * A call on a lead answers its pending callbacks that are due by then (within the queue's lookahead):
 * the promise is kept, and a callback left pending would keep the lead in the callback group.
 */
export function isAnsweredByCall(
  callback: { readonly state: string; readonly due_at: EpochMs },
  callAt: EpochMs,
): boolean {
  return callback.state === 'pending' && callback.due_at <= callAt + DEFAULT_CALLBACK_LOOKAHEAD_MS;
}

// Groups in queue order: callbacks (overdue and due together, by due time), new, recycled.
const CALLBACK = 0;
const NEW = 1;
const RECYCLED = 2;
type Group = typeof CALLBACK | typeof NEW | typeof RECYCLED;
const EXCLUDED = -1;

function classifier<L extends QueueLead>(
  options: QueueOptions,
): (lead: L) => Group | typeof EXCLUDED {
  const { now } = options;
  const dueBy = now + (options.lookaheadMs ?? DEFAULT_CALLBACK_LOOKAHEAD_MS);
  const gate: (lead: DialableLead) => DialVerdict = createDialGate(options);
  return (lead) => {
    if (isFinalStatus(lead.status)) return EXCLUDED;
    let group: Group;
    if (lead.callback_due_at !== null) {
      if (lead.callback_due_at > dueBy) return EXCLUDED; // a future callback waits for its time
      group = CALLBACK;
    } else if (lead.status === 'new' && lead.attempts === 0) {
      group = NEW;
    } else if (lead.recycle_at === null || lead.recycle_at <= now) {
      group = RECYCLED;
    } else {
      return EXCLUDED; // recycle delay not over
    }
    // Last, because it is the dearest check (the calling window).
    return gate(lead).ok ? group : EXCLUDED;
  };
}

function compareIds(a: QueueLead, b: QueueLead): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Oldest promise first: an overdue callback is a broken promise getting older. */
function compareCallbacks(a: QueueLead, b: QueueLead): number {
  return (a.callback_due_at ?? 0) - (b.callback_due_at ?? 0) || compareIds(a, b);
}

/**
 * Priority first, then newest first: a lead called within minutes of asking converts far
 * better than one called hours later, so fresh leads must not wait behind yesterday's.
 */
function compareNew(a: QueueLead, b: QueueLead): number {
  return b.priority - a.priority || b.created_at - a.created_at || compareIds(a, b);
}

/** Longest-untouched first, so that every recycled lead gets its turn. */
function compareRecycled(a: QueueLead, b: QueueLead): number {
  const lastA = a.last_contact_at ?? Number.NEGATIVE_INFINITY;
  const lastB = b.last_contact_at ?? Number.NEGATIVE_INFINITY;
  return lastA < lastB ? -1 : lastA > lastB ? 1 : compareIds(a, b);
}

const COMPARE_IN_GROUP = [compareCallbacks, compareNew, compareRecycled] as const;

function entryFor<L extends QueueLead>(lead: L, group: Group, now: EpochMs): QueueEntry<L> {
  if (group === CALLBACK) {
    const dueAt = lead.callback_due_at ?? now;
    return { lead, reason: dueAt <= now ? 'callback_overdue' : 'callback_due', dueAt };
  }
  return { lead, reason: group === NEW ? 'new' : 'recycled' };
}

/** The whole queue in calling order; excluded leads (closed, blocked, not yet due) are left out. O(n log n). */
export function orderQueue<L extends QueueLead>(
  leads: readonly L[],
  options: QueueOptions,
): QueueEntry<L>[] {
  const classify = classifier<L>(options);
  const groups: [L[], L[], L[]] = [[], [], []];
  for (const lead of leads) {
    const group = classify(lead);
    if (group !== EXCLUDED) groups[group].push(lead);
  }
  const entries: QueueEntry<L>[] = [];
  groups.forEach((members, group) => {
    members.sort(COMPARE_IN_GROUP[group as Group]);
    for (const lead of members) entries.push(entryFor(lead, group as Group, options.now));
  });
  return entries;
}

interface Ranked<L> {
  readonly lead: L;
  readonly group: Group;
}

function compareRanked<L extends QueueLead>(a: Ranked<L>, b: Ranked<L>): number {
  return a.group - b.group || COMPARE_IN_GROUP[a.group](a.lead, b.lead);
}

/**
 * The first `count` entries of orderQueue without sorting the rest: one pass with a heap of
 * `count` candidates, O(n log count); the "what do I call next" path.
 */
export function nextInQueue<L extends QueueLead>(
  leads: readonly L[],
  options: QueueOptions,
  count = 1,
): QueueEntry<L>[] {
  if (count <= 0) return [];
  const classify = classifier<L>(options);
  // A max-heap on queue order: its root is the worst of the best `count` seen so far.
  const heap: Ranked<L>[] = [];
  for (const lead of leads) {
    const group = classify(lead);
    if (group === EXCLUDED) continue;
    if (heap.length < count) {
      heap.push({ lead, group });
      siftUp(heap, heap.length - 1);
      continue;
    }
    const root = heap[0] as Ranked<L>;
    // Most leads lose to the root on the group alone, without allocating anything.
    if (group > root.group) continue;
    if (group < root.group || COMPARE_IN_GROUP[group](lead, root.lead) < 0) {
      heap[0] = { lead, group };
      siftDown(heap, 0);
    }
  }
  heap.sort(compareRanked);
  return heap.map(({ lead, group }) => entryFor(lead, group, options.now));
}

function siftUp<L extends QueueLead>(heap: Ranked<L>[], index: number): void {
  let child = index;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (compareRanked(heap[parent] as Ranked<L>, heap[child] as Ranked<L>) >= 0) return;
    swap(heap, parent, child);
    child = parent;
  }
}

function siftDown<L extends QueueLead>(heap: Ranked<L>[], index: number): void {
  let parent = index;
  for (;;) {
    const left = parent * 2 + 1;
    const right = left + 1;
    let largest = parent;
    if (
      left < heap.length &&
      compareRanked(heap[left] as Ranked<L>, heap[largest] as Ranked<L>) > 0
    ) {
      largest = left;
    }
    if (
      right < heap.length &&
      compareRanked(heap[right] as Ranked<L>, heap[largest] as Ranked<L>) > 0
    ) {
      largest = right;
    }
    if (largest === parent) return;
    swap(heap, parent, largest);
    parent = largest;
  }
}

function swap<T>(items: T[], a: number, b: number): void {
  const held = items[a] as T;
  items[a] = items[b] as T;
  items[b] = held;
}
