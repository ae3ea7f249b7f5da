// The person's presence on the floor board: what they chose, shown as offline_syncing while the server is
// unreachable, and published on the private Realtime channel 'floor' that the managers' board watches.
// Private: the policies on realtime.messages (migration private_realtime) let managers and admins read
// it, and each person track only under their own user id; the anon key gets nothing.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { Presence } from '../../contract/operations/presence.js';
import { toWireInstant, type PresenceState } from '../../contract/wire-types.js';
import type { SessionUser } from '../session/index.js';

export const FLOOR_TOPIC = 'floor';
export const FLOOR_TOPIC_PRIVATE = true;

export type ChosenPresence = {
  readonly state: Exclude<PresenceState, 'offline_syncing'>;
  readonly lead_id?: string | undefined;
  readonly pause_reason?: string | undefined;
};

/** What each person tracks on the channel, keyed by their user id. */
export interface FloorMember extends Presence {
  readonly user_id: string;
  readonly full_name: string;
  readonly role: SessionUser['role'];
}

function sameChoice(a: Presence, b: Presence): boolean {
  return a.state === b.state && a.lead_id === b.lead_id && a.pause_reason === b.pause_reason;
}

function isFloorMember(value: unknown): value is FloorMember {
  if (typeof value !== 'object' || value === null) return false;
  const meta = value as Record<string, unknown>;
  return (
    typeof meta.user_id === 'string' &&
    typeof meta.state === 'string' &&
    typeof meta.since === 'string'
  );
}

export class FloorPresence {
  private channel: RealtimeChannel | null = null;
  private member: SessionUser | null = null;
  private subscribed = false;
  private chosen: Presence | null = null;
  private offlineSince: string | null = null;
  /** The last presence announced (chosen or observed), so a flip to or from offline_syncing is announced once. */
  private lastShown: Presence | null = null;

  constructor(
    private readonly client: SupabaseClient,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Whether anyone asked for presence yet; until then nothing joins the channel. */
  get active(): boolean {
    return this.member !== null;
  }

  /** Joins 'floor' as `user` (leaving first if someone else was on it); the choice starts as ready. */
  async join(user: SessionUser, at: number): Promise<void> {
    if (this.member?.id === user.id) return;
    const previous = this.channel;
    // Claimed before any await, so a second caller meanwhile does not join twice.
    this.reset(user);
    this.chosen = { state: 'ready', since: toWireInstant(at), lead_id: null, pause_reason: null };
    // The client hands back an existing channel of the same topic: the old one must go first.
    if (previous !== null) await this.client.removeChannel(previous);
    // A session restored from disk reaches Realtime only at sign-in or refresh otherwise, and a private
    // join without it is refused (then retried a second later).
    await this.client.realtime.setAuth();
    if (this.member !== user) return; // left, or someone else joined, meanwhile
    // Joined with the session's token (supabase-js hands it to Realtime), which the policies check.
    const channel = this.client.channel(FLOOR_TOPIC, {
      config: { private: FLOOR_TOPIC_PRIVATE, presence: { key: user.id } },
    });
    this.channel = channel;
    // A presence listener is what asks the server for the floor's state and diffs (others()).
    channel.on('presence', { event: 'sync' }, () => undefined);
    channel.subscribe((status) => {
      if (this.channel !== channel) return;
      this.subscribed = status === 'SUBSCRIBED';
      // The server forgets a member's meta when the socket drops: publish again on every (re)join.
      if (this.subscribed) this.publishSoon();
    });
  }

  async leave(): Promise<void> {
    const channel = this.channel;
    this.reset(null);
    if (channel !== null) await this.client.removeChannel(channel);
  }

  private reset(member: SessionUser | null): void {
    this.channel = null;
    this.member = member;
    this.subscribed = false;
    this.chosen = null;
    this.lastShown = null;
    this.offlineSince = null;
  }

  /** Records the person's choice; `since` moves only when the choice changes. */
  choose(choice: ChosenPresence, online: boolean, at: number): Presence {
    const next: Presence = {
      state: choice.state,
      since: toWireInstant(at),
      lead_id: choice.lead_id ?? null,
      pause_reason: choice.pause_reason ?? null,
    };
    if (this.chosen === null || !sameChoice(this.chosen, next)) this.chosen = next;
    this.publishSoon();
    const shown = this.show(online, at);
    this.lastShown = shown;
    return shown;
  }

  /** The presence to show now: the choice, or offline_syncing while the server is unreachable. */
  current(online: boolean, at: number): Presence {
    return this.show(online, at);
  }

  /** The new presence when being online or not changed what is shown since last asked; null otherwise. */
  observe(online: boolean, at: number): Presence | null {
    if (this.chosen === null) return null;
    const before = this.lastShown;
    const shown = this.show(online, at);
    this.lastShown = shown;
    return before !== null && sameChoice(before, shown) && before.since === shown.since
      ? null
      : shown;
  }

  /** The others on the floor as last synced from the channel: a manager's or admin's board; a telecaller reads nobody. */
  others(): FloorMember[] {
    if (this.channel === null) return [];
    const state = this.channel.presenceState();
    const members: FloorMember[] = [];
    for (const [key, metas] of Object.entries(state)) {
      if (key === this.member?.id) continue;
      const latest = metas.at(-1);
      if (isFloorMember(latest)) members.push(latest);
    }
    return members;
  }

  private show(online: boolean, at: number): Presence {
    const chosen = this.chosen ?? {
      state: 'ready',
      since: toWireInstant(at),
      lead_id: null,
      pause_reason: null,
    };
    if (online) {
      this.offlineSince = null;
      return chosen;
    }
    this.offlineSince ??= toWireInstant(at);
    const offline: Presence = {
      state: 'offline_syncing',
      since: this.offlineSince,
      lead_id: null,
      pause_reason: null,
    };
    return offline;
  }

  private publishSoon(): void {
    this.publish().catch(this.onError);
  }

  private async publish(): Promise<void> {
    const channel = this.channel;
    const member = this.member;
    const chosen = this.chosen;
    if (channel === null || member === null || chosen === null || !this.subscribed) return;
    const meta: FloorMember = {
      user_id: member.id,
      full_name: member.full_name,
      role: member.role,
      ...chosen,
    };
    // 'timed out' or 'error' needs no retry here: the next (re)join publishes the choice again.
    await channel.track(meta);
  }
}
