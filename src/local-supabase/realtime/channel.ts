import { randomUUID } from 'node:crypto';
import type { Database } from '../db/index.js';
import type { JwtClaims } from '../jwt.js';
import { checkChannelToken, joinRefusalReason } from './channel-auth.js';
import type { ChangeSubscriber } from './changes/bindings.js';
import type { ChangeFeed } from './changes/feed.js';
import { encodeFrame, type BinaryBroadcastPush, type Frame, type Vsn } from './frames.js';
import { TOO_MANY_EVENTS, type RealtimeLimits } from './limits.js';
import type { RoleGate } from './role-gate.js';
import type { RoomMember, Rooms } from './rooms.js';
import { mayWrite, readPolicies, type TopicPolicies } from './topic-policies.js';

/** The service-wide parts a channel works with. */
export interface ChannelDeps {
  db: Database;
  jwtSecret: string;
  rooms: Rooms;
  changes: ChangeFeed;
  roles: RoleGate;
  limits: RealtimeLimits;
  /** Sockets connected now, for the concurrent-users limit. */
  connectedSockets(): number;
}

/** The socket a channel lives on. */
export interface ChannelSocket {
  readonly vsn: Vsn;
  /** The apikey the socket connected with; a join without access_token runs as it. */
  readonly socketToken: string;
  send(message: string | Buffer): void;
  /** The channel closed itself (token expired or replaced by an invalid one). */
  forget(channel: Channel): void;
  /** Channels joined on this socket now, for the channels-per-client limit. */
  channelCount(): number;
}

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}

/** Supabase reads booleans leniently ("true", true); anything else is false. */
function flag(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A token the client sends that is not a JWT: new-style publishable keys mean "use the socket's key". */
function userToken(payload: JsonObject): string | undefined {
  const token =
    typeof payload.access_token === 'string' ? payload.access_token : payload.user_token;
  return typeof token === 'string' && !token.startsWith('sb_') ? token : undefined;
}

/** A public channel: everyone on it reads and sends everything. */
const PUBLIC_POLICIES: Readonly<TopicPolicies> = {
  broadcastRead: true,
  presenceRead: true,
  broadcastWrite: true,
  presenceWrite: true,
};

function unreadable(subTopic: string): string {
  return `You do not have permissions to read from this Channel topic: ${subTopic}`;
}

function logPolicyError(subTopic: string, error: unknown): void {
  process.stderr.write(
    `realtime: RlsPolicyError on ${subTopic}: ${(error as Error)?.stack ?? String(error)}\n`,
  );
}

/** Re-checks a token's expiry at least this often, as Supabase does (and setTimeout cannot wait years). */
const CONFIRM_TOKEN_MS = 5 * 60 * 1000;

export function reply(vsn: Vsn, frame: Frame, status: 'ok' | 'error', response: unknown): string {
  return encodeFrame(vsn, {
    joinRef: frame.joinRef,
    ref: frame.ref,
    topic: frame.topic,
    event: 'phx_reply',
    payload: { status, response },
  });
}

/**
 * One joined `realtime:<name>` channel on one socket: broadcast, presence and postgres_changes,
 * authorised by the token it joined with (or the latest access_token pushed to it). A private channel
 * is authorised as Supabase Realtime does it: RLS policies on realtime.messages, evaluated as the token's
 * role and claims with realtime.topic() set, read at join (refused unless broadcast or presence may be
 * read) and write at the first broadcast or track, cached until the token changes.
 */
export class Channel implements RoomMember, ChangeSubscriber {
  readonly topic: string;
  readonly subTopic: string;
  readonly scope: string;
  readonly joinRef: string | null;
  readonly selfBroadcast: boolean;
  private readonly ackBroadcast: boolean;
  private readonly presenceKey: string;
  private presenceEnabled: boolean;
  private hasChangeBindings = false;
  private token: string;
  private currentClaims: JwtClaims;
  private currentClaimsKey: string;
  private expiryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly deps: ChannelDeps,
    private readonly socket: ChannelSocket,
    join: Frame,
    token: string,
    claims: JwtClaims,
    private readonly isPrivate: boolean,
    private policies: TopicPolicies,
  ) {
    const config = asObject(asObject(join.payload).config);
    const broadcast = asObject(config.broadcast);
    const presence = asObject(config.presence);
    this.topic = join.topic;
    this.subTopic = join.topic.slice('realtime:'.length);
    this.scope = `${isPrivate ? 'private' : 'public'}:${this.subTopic}`;
    this.joinRef = join.joinRef ?? join.ref;
    this.selfBroadcast = flag(broadcast.self);
    this.ackBroadcast = flag(broadcast.ack);
    this.presenceKey =
      typeof presence.key === 'string' && presence.key !== '' ? presence.key : randomUUID();
    this.presenceEnabled = flag(presence.enabled);
    this.token = token;
    this.currentClaims = claims;
    this.currentClaimsKey = JSON.stringify(claims);
  }

  get vsn(): Vsn {
    return this.socket.vsn;
  }

  get claims(): JwtClaims {
    return this.currentClaims;
  }

  get claimsKey(): string {
    return this.currentClaimsKey;
  }

  mayRead(extension: 'broadcast' | 'presence'): boolean {
    return extension === 'broadcast' ? this.policies.broadcastRead : this.policies.presenceRead;
  }

  /** Answers a phx_join; resolves to the joined channel, or undefined when the join was refused. */
  static async join(
    deps: ChannelDeps,
    socket: ChannelSocket,
    frame: Frame,
  ): Promise<Channel | undefined> {
    const refuse = (reason: string) => {
      socket.send(reply(socket.vsn, frame, 'error', { reason }));
      return undefined;
    };
    if (frame.topic === 'realtime:')
      return refuse('TopicNameRequired: You must provide a topic name');
    if (!frame.topic.startsWith('realtime:')) return refuse('unmatched topic');
    const limited = deps.limits.refuseJoin(deps.connectedSockets(), socket.channelCount());
    if (limited) return refuse(limited);
    const payload = asObject(frame.payload);
    const config = asObject(payload.config);
    const isPrivate = flag(config.private);
    const token = userToken(payload) ?? socket.socketToken;
    const checked = await checkChannelToken(token, deps.jwtSecret);
    if (!checked.ok) return refuse(joinRefusalReason(checked.refusal));
    const subTopic = frame.topic.slice('realtime:'.length);
    const access = await Channel.access(deps, checked.claims, isPrivate, subTopic);
    if (typeof access === 'string') return refuse(`Unauthorized: ${access}`);

    const channel = new Channel(deps, socket, frame, token, checked.claims, isPrivate, access);
    const params = Array.isArray(config.postgres_changes)
      ? config.postgres_changes.filter((p) => p != null)
      : [];
    const subscription = await deps.changes.subscribe(channel, params);
    channel.hasChangeBindings = subscription.status?.status === 'ok';
    deps.rooms.join(channel.scope, channel);
    socket.send(reply(socket.vsn, frame, 'ok', { postgres_changes: subscription.reply }));
    if (channel.presenceEnabled) channel.pushPresenceState();
    if (subscription.status)
      channel.system('postgres_changes', subscription.status.status, subscription.status.message);
    channel.scheduleTokenCheck();
    return channel;
  }

  /** What the token may do on the topic, or why it may not join at all. */
  private static async access(
    deps: ChannelDeps,
    claims: JwtClaims,
    isPrivate: boolean,
    subTopic: string,
  ): Promise<TopicPolicies | string> {
    const info = await deps.roles.describe(claims.role);
    if (!info.allowed) return `role "${claims.role}" may not be assumed`;
    if (!isPrivate) return { ...PUBLIC_POLICIES };
    let policies: TopicPolicies;
    try {
      policies = await readPolicies(deps.db, claims, subTopic);
    } catch (error) {
      // As Supabase: a policy that fails to run refuses the join, and the reason goes to the log.
      logPolicyError(subTopic, error);
      return unreadable(subTopic);
    }
    return policies.broadcastRead || policies.presenceRead ? policies : unreadable(subTopic);
  }

  /** Whether the channel may send with `extension`: asked once per token, as Supabase caches it. */
  private async mayWrite(extension: 'broadcast' | 'presence'): Promise<boolean> {
    const cached =
      extension === 'broadcast' ? this.policies.broadcastWrite : this.policies.presenceWrite;
    if (cached !== undefined) return cached;
    const policies = this.policies;
    let allowed: boolean;
    try {
      // The presence key is shown to the INSERT policies, so they can bind it to auth.uid().
      const payload = extension === 'presence' ? { presence_key: this.presenceKey } : null;
      allowed = await mayWrite(this.deps.db, this.currentClaims, this.subTopic, extension, payload);
    } catch (error) {
      logPolicyError(this.subTopic, error);
      return false;
    }
    // A token pushed meanwhile replaced the policies; this answer was for the old one.
    if (this.policies !== policies) return this.mayWrite(extension);
    if (extension === 'broadcast') policies.broadcastWrite = allowed;
    else policies.presenceWrite = allowed;
    return allowed;
  }

  private pushPresenceState(): void {
    if (this.mayRead('presence'))
      this.push('presence_state', this.deps.rooms.presenceState(this.scope));
  }

  send(message: string | Buffer): void {
    if (!this.closed) this.socket.send(message);
  }

  /** A client frame for this topic after the join (phx_leave is the socket's to handle). */
  async handle(frame: Frame): Promise<void> {
    if ((frame.event === 'broadcast' || frame.event === 'presence') && !this.withinEventRate())
      return;
    switch (frame.event) {
      case 'broadcast':
        if (!(await this.mayWrite('broadcast'))) {
          // Supabase drops a broadcast its policies refuse; only a client that asked for acks hears why.
          if (this.ackBroadcast) this.send(reply(this.vsn, frame, 'error', this.unwritable()));
          return;
        }
        this.deps.rooms.broadcast(this.scope, this, asObject(frame.payload));
        if (this.ackBroadcast) this.send(reply(this.vsn, frame, 'ok', {}));
        return;
      case 'presence':
        await this.presence(frame);
        return;
      case 'access_token':
        await this.accessToken(asObject(frame.payload).access_token);
        return;
      default:
        // Supabase ignores events it does not know, without a reply.
        return;
    }
  }

  /** A broadcast a vsn 2.0.0 client sent as a binary frame. */
  async handleBinaryBroadcast(push: BinaryBroadcastPush): Promise<void> {
    if (!this.withinEventRate()) return;
    const frame: Frame = {
      joinRef: push.joinRef,
      ref: push.ref,
      topic: push.topic,
      event: 'broadcast',
      payload: {},
    };
    if (!(await this.mayWrite('broadcast'))) {
      if (this.ackBroadcast) this.send(reply(this.vsn, frame, 'error', this.unwritable()));
      return;
    }
    this.deps.rooms.broadcastRaw(this.scope, this, push);
    if (this.ackBroadcast) this.send(reply(this.vsn, frame, 'ok', {}));
  }

  /** A message past the stack's events a second shuts this channel down, as Realtime does. */
  private withinEventRate(): boolean {
    if (this.deps.limits.takeEvent()) return true;
    this.shutdown(TOO_MANY_EVENTS);
    return false;
  }

  private unwritable(): { reason: string } {
    return {
      reason: `Unauthorized: You do not have permissions to write to this Channel topic: ${this.subTopic}`,
    };
  }

  /**
   * Leaves every room and feed. `tellClient` sends phx_close so the client closes its side too,
   * preceded by a `system` error when there is a reason to give.
   */
  close(options: { tellClient?: boolean; systemError?: string } = {}): void {
    if (this.closed) return;
    if (options.systemError !== undefined) this.system('system', 'error', options.systemError);
    if (options.tellClient || options.systemError !== undefined) {
      this.send(
        encodeFrame(this.vsn, {
          joinRef: this.joinRef,
          ref: this.joinRef,
          topic: this.topic,
          event: 'phx_close',
          payload: {},
        }),
      );
    }
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.deps.rooms.leave(this.scope, this);
    this.deps.changes.unsubscribe(this);
  }

  /** Supabase's shutdown_response: a system error, then phx_close, and the socket forgets the channel. */
  private shutdown(message: string): void {
    this.close({ systemError: message });
    this.socket.forget(this);
  }

  private push(event: string, payload: unknown): void {
    this.send(
      encodeFrame(this.vsn, {
        joinRef: this.joinRef,
        ref: null,
        topic: this.topic,
        event,
        payload,
      }),
    );
  }

  private system(extension: string, status: string, message: string): void {
    this.push('system', { extension, status, message, channel: this.subTopic });
  }

  private async presence(frame: Frame): Promise<void> {
    const payload = asObject(frame.payload);
    const event = typeof payload.event === 'string' ? payload.event.toLowerCase() : '';
    if (event === 'track') {
      const meta = payload.payload ?? {};
      if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
        this.send(
          reply(this.vsn, frame, 'error', { reason: 'Presence track payload must be a map' }),
        );
        return;
      }
      if (!(await this.mayWrite('presence'))) {
        this.send(
          reply(this.vsn, frame, 'error', {
            reason: `Unauthorized: You do not have permissions to track presence on this Channel topic: ${this.subTopic}`,
          }),
        );
        return;
      }
      if (this.closed) return;
      this.deps.rooms.track(this.scope, this, this.presenceKey, meta as JsonObject);
      this.send(reply(this.vsn, frame, 'ok', {}));
      // Tracking turns presence on; a channel that joined without it has not had the state yet.
      if (!this.presenceEnabled) {
        this.presenceEnabled = true;
        this.pushPresenceState();
      }
    } else if (event === 'untrack') {
      this.deps.rooms.untrack(this.scope, this);
      this.send(reply(this.vsn, frame, 'ok', {}));
    } else {
      this.send(reply(this.vsn, frame, 'error', {}));
    }
  }

  /** A refreshed token: the channel continues with its claims, or closes when it is not acceptable. */
  private async accessToken(token: unknown): Promise<void> {
    if (typeof token !== 'string' || token === this.token || token.startsWith('sb_')) return;
    const checked = await checkChannelToken(token, this.deps.jwtSecret);
    if (!checked.ok) {
      this.shutdown(checked.refusal.shutdownMessage);
      return;
    }
    const access = await Channel.access(this.deps, checked.claims, this.isPrivate, this.subTopic);
    if (typeof access === 'string') {
      this.shutdown(access);
      return;
    }
    this.policies = access;
    this.token = token;
    this.currentClaims = checked.claims;
    this.currentClaimsKey = JSON.stringify(checked.claims);
    this.scheduleTokenCheck();
    if (this.hasChangeBindings) this.system('postgres_changes', 'ok', 'Subscribed to PostgreSQL');
  }

  private scheduleTokenCheck(): void {
    clearTimeout(this.expiryTimer);
    const exp = typeof this.currentClaims.exp === 'number' ? this.currentClaims.exp : Infinity;
    const remaining = exp * 1000 - Date.now();
    this.expiryTimer = setTimeout(
      () => {
        if (Date.now() >= exp * 1000) {
          this.shutdown(`Token has expired ${Math.floor(Date.now() / 1000) - exp} seconds ago`);
        } else {
          this.scheduleTokenCheck();
        }
      },
      Math.max(0, Math.min(remaining, CONFIRM_TOKEN_MS)),
    );
    this.expiryTimer.unref();
  }
}
