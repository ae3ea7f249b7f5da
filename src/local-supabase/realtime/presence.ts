import { randomBytes } from 'node:crypto';

/** A tracked payload as Phoenix Presence stores it: the client's map plus its phx_ref. */
export type PresenceMeta = Record<string, unknown> & { phx_ref: string; phx_ref_prev?: string };

/** `{ key: { metas: [...] } }`, the shape of presence_state and of each side of a presence_diff. */
export type PresenceEntries = Record<string, { metas: PresenceMeta[] }>;

export interface PresenceDiff {
  joins: PresenceEntries;
  leaves: PresenceEntries;
}

function newRef(): string {
  return randomBytes(12).toString('base64url');
}

function entries(key: string, meta: PresenceMeta): PresenceEntries {
  return { [key]: { metas: [meta] } };
}

function sameMeta(meta: PresenceMeta, payload: Record<string, unknown>): boolean {
  const { phx_ref: _ref, phx_ref_prev: _prev, ...rest } = meta;
  return JSON.stringify(rest) === JSON.stringify(payload);
}

/**
 * Who is present on one topic: at most one meta per channel (tracker), grouped by presence key,
 * with the joins/leaves diffs that Phoenix Presence broadcasts and realtime-js syncs from.
 */
export class PresenceState<Tracker> {
  private tracked = new Map<Tracker, { key: string; meta: PresenceMeta }>();

  /** Tracks or updates; undefined when the payload is unchanged (nothing to tell anyone). */
  track(tracker: Tracker, key: string, payload: Record<string, unknown>): PresenceDiff | undefined {
    const previous = this.tracked.get(tracker);
    if (previous && previous.key === key && sameMeta(previous.meta, payload)) return undefined;
    const meta: PresenceMeta = { ...payload, phx_ref: newRef() };
    if (previous && previous.key === key) meta.phx_ref_prev = previous.meta.phx_ref;
    this.tracked.set(tracker, { key, meta });
    return {
      joins: entries(key, meta),
      leaves: previous ? entries(previous.key, previous.meta) : {},
    };
  }

  untrack(tracker: Tracker): PresenceDiff | undefined {
    const previous = this.tracked.get(tracker);
    if (!previous) return undefined;
    this.tracked.delete(tracker);
    return { joins: {}, leaves: entries(previous.key, previous.meta) };
  }

  isTracked(tracker: Tracker): boolean {
    return this.tracked.has(tracker);
  }

  get size(): number {
    return this.tracked.size;
  }

  state(): PresenceEntries {
    const state: PresenceEntries = {};
    for (const { key, meta } of this.tracked.values()) {
      (state[key] ??= { metas: [] }).metas.push(meta);
    }
    return state;
  }
}
