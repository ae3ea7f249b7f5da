// The person's presence on the floor board: what they chose, shown as offline_syncing while the server is
// unreachable, and published on the private Realtime channel 'floor' that the managers' board watches.
// Private: the policies on realtime.messages (migration private_realtime) let managers and admins read
// it, and each person track only under their own user id; the anon key gets nothing.
// Beside the channel, the person's presence goes to the server's floor_heartbeat (migration floor_status)
// on every change and every heartbeat interval, so a board that (re)connects sees the truth and a
// workstation that stops beating shows as stale, then offline.
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

/** Where the heartbeat goes and how often (floor-board.ts builds it over the session and the outbox). */
export interface FloorHeartbeat {
  readonly intervalMs: number;
  /** Whether the last sync round reached the server: no beats are sent while it did not. */
  online(): boolean;
  /** Reports `presence` once; a failure needs no retry, the next beat carries the same news. */
  send(presence: Presence): Promise<void>;
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
  private heartbeat: FloorHeartbeat | null = null;
  private beatTimer: ReturnType<typeof setInterval> | null = null;
  private beating = false;
  /** A change arrived while a beat was in flight: send once more when it lands. */
  private beatAgain = false;
  private readonly membersListeners = new Set<() => void>();

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
    this.startBeats();
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
    // A presence listener is what asks the server for the floor's state and diffs (others()); each
    // sync (after a join, a leave or a re-track) tells the board to look again.
    channel.on('presence', { event: 'sync' }, () => {
      if (this.channel === channel) this.membersChanged();
    });
    // A role changed or someone (de)activated, by any admin anywhere, changes who is on the floor and
    // what People shows (migration profiles_realtime); Realtime passes on only the rows RLS lets us read.
    channel.on('postgres_changes', { event: '*', schema: 'public', table: 'profiles' }, () => {
      if (this.channel === channel) this.membersChanged();
    });
    // Seats bought or refunded (Stripe's webhook) change People's "Seats 12 of 15" (migration
    // team_seats_realtime); only staff read team_seats, so only they hear of it.
    channel.on('postgres_changes', { event: '*', schema: 'public', table: 'team_seats' }, () => {
      if (this.channel === channel) this.membersChanged();
    });
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
    this.stopBeats();
    this.beatAgain = false;
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
    this.beatSoon();
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
    if (before !== null && sameChoice(before, shown) && before.since === shown.since) return null;
    // Back online: the server hears at once instead of at the next interval.
    if (online) this.beatSoon();
    return shown;
  }

  /** Reports to `heartbeat` from now on (each join starts the interval); the returned function stops it. */
  reportTo(heartbeat: FloorHeartbeat): () => void {
    this.heartbeat = heartbeat;
    if (this.member !== null) this.startBeats();
    return () => {
      if (this.heartbeat !== heartbeat) return;
      this.heartbeat = null;
      this.stopBeats();
    };
  }

  /**
   * Calls `listener` whenever the channel's presence syncs (someone joined, left or re-tracked), when a
   * profile this person may read changed (a role, an activation), and when the team's seats changed.
   */
  onMembersChanged(listener: () => void): () => void {
    this.membersListeners.add(listener);
    return () => this.membersListeners.delete(listener);
  }

  private membersChanged(): void {
    for (const listener of [...this.membersListeners]) {
      try {
        listener();
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private stopBeats(): void {
    if (this.beatTimer !== null) clearInterval(this.beatTimer);
    this.beatTimer = null;
  }

  private startBeats(): void {
    this.stopBeats();
    const heartbeat = this.heartbeat;
    if (heartbeat === null) return;
    this.beatTimer = setInterval(() => this.beatSoon(), heartbeat.intervalMs);
    // The interval alone never keeps a process (the CLI, a test) alive.
    this.beatTimer.unref?.();
    this.beatSoon();
  }

  /** Sends the shown presence to the server unless offline; never awaited by a person's action. */
  private beatSoon(): void {
    const heartbeat = this.heartbeat;
    const chosen = this.chosen;
    if (heartbeat === null || this.member === null || chosen === null || !heartbeat.online())
      return;
    if (this.beating) {
      this.beatAgain = true;
      return;
    }
    this.beating = true;
    const member = this.member;
    heartbeat
      .send(chosen)
      .catch(this.onError)
      .finally(() => {
        this.beating = false;
        if (this.beatAgain && this.member === member) {
          this.beatAgain = false;
          this.beatSoon();
        }
      });
  }

  /** The others on the floor as last synced from the channel: a manager's or admin's board; a telecaller reads nobody. */
  others(): FloorMember[] {
    if (this.channel === null) return [];
    const state = this.channel.presenceState();
    const members: FloorMember[] = [];
    for (const [key, metas] of Object.entries(state)) {
      if (key === this.member?.id) continue;
      // realtime-js keeps an entry from before a re-track beside the new one: the newest choice wins.
      let newest: FloorMember | null = null;
      for (const meta of metas) {
        if (
          isFloorMember(meta) &&
          (newest === null || Date.parse(meta.since) >= Date.parse(newest.since))
        )
          newest = meta;
      }
      if (newest !== null) members.push(newest);
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
