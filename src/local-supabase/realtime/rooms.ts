import {
  encodeFrame,
  encodeFrameWithPayloadJson,
  encodeUserBroadcast,
  type Vsn,
} from './frames.js';
import { PresenceState, type PresenceEntries } from './presence.js';

/** A joined channel as the topic's other members see it. */
export interface RoomMember {
  /** The topic as joined, e.g. `realtime:room1`. */
  readonly topic: string;
  readonly vsn: Vsn;
  /** `broadcast.self`: this member also receives its own broadcasts. */
  readonly selfBroadcast: boolean;
  /** Whether it is sent the topic's broadcasts or presence (a private channel's read policies). */
  mayRead(extension: 'broadcast' | 'presence'): boolean;
  send(message: string | Buffer): void;
}

/** A broadcast whose user payload is still the bytes a vsn 2.0.0 client sent. */
export interface RawBroadcast {
  userEvent: string;
  metadata: string;
  encoding: 'json' | 'binary';
  payload: Buffer;
}

interface Room {
  members: Set<RoomMember>;
  presence: PresenceState<RoomMember>;
}

/**
 * Members per channel topic, for broadcast and presence fan-out. Public and private channels with
 * the same name are different rooms, as on Supabase.
 */
export class Rooms {
  private rooms = new Map<string, Room>();

  join(scope: string, member: RoomMember): void {
    let room = this.rooms.get(scope);
    if (!room) {
      room = { members: new Set(), presence: new PresenceState() };
      this.rooms.set(scope, room);
    }
    room.members.add(member);
  }

  leave(scope: string, member: RoomMember): void {
    const room = this.rooms.get(scope);
    if (!room) return;
    this.untrack(scope, member);
    room.members.delete(member);
    if (room.members.size === 0) this.rooms.delete(scope);
  }

  /** A JSON broadcast `{type: 'broadcast', event, payload}` to the room; `from` is skipped unless it asked for self. */
  broadcast(scope: string, from: RoomMember | undefined, payload: Record<string, unknown>): void {
    const json = JSON.stringify(payload);
    this.fanOut(scope, from, 'broadcast', (member) =>
      encodeFrameWithPayloadJson(
        member.vsn,
        { joinRef: null, ref: null, topic: member.topic, event: 'broadcast' },
        json,
      ),
    );
  }

  /** A binary-framed broadcast: vsn 2.0.0 members get it as sent, vsn 1.0.0 members as JSON when it is JSON. */
  broadcastRaw(scope: string, from: RoomMember | undefined, message: RawBroadcast): void {
    let json: string | undefined;
    if (message.encoding === 'json') {
      json = JSON.stringify({
        event: message.userEvent,
        payload: JSON.parse(message.payload.toString('utf8') || 'null') as unknown,
        type: 'broadcast',
        ...(message.metadata ? { meta: JSON.parse(message.metadata) as unknown } : {}),
      });
    }
    this.fanOut(scope, from, 'broadcast', (member) => {
      if (member.vsn === '2.0.0') return encodeUserBroadcast({ topic: member.topic, ...message });
      if (json === undefined) return undefined;
      return encodeFrameWithPayloadJson(
        member.vsn,
        { joinRef: null, ref: null, topic: member.topic, event: 'broadcast' },
        json,
      );
    });
  }

  /** Who is present; the caller checks that the asking member may read presence. */
  presenceState(scope: string): PresenceEntries {
    return this.rooms.get(scope)?.presence.state() ?? {};
  }

  isTracked(scope: string, member: RoomMember): boolean {
    return this.rooms.get(scope)?.presence.isTracked(member) ?? false;
  }

  /** Tracks `payload` under `key` and tells every member (the tracker too) with a presence_diff. */
  track(scope: string, member: RoomMember, key: string, payload: Record<string, unknown>): void {
    const room = this.rooms.get(scope);
    const diff = room?.presence.track(member, key, payload);
    if (diff)
      this.fanOut(scope, undefined, 'presence', (m) =>
        encodeFrame(m.vsn, {
          joinRef: null,
          ref: null,
          topic: m.topic,
          event: 'presence_diff',
          payload: diff,
        }),
      );
  }

  untrack(scope: string, member: RoomMember): void {
    const room = this.rooms.get(scope);
    const diff = room?.presence.untrack(member);
    if (diff)
      this.fanOut(scope, undefined, 'presence', (m) =>
        encodeFrame(m.vsn, {
          joinRef: null,
          ref: null,
          topic: m.topic,
          event: 'presence_diff',
          payload: diff,
        }),
      );
  }

  /** Encodes once per protocol version and topic spelling, then sends to every member that may read it but a non-self sender. */
  private fanOut(
    scope: string,
    from: RoomMember | undefined,
    extension: 'broadcast' | 'presence',
    encode: (member: RoomMember) => string | Buffer | undefined,
  ): void {
    const room = this.rooms.get(scope);
    if (!room) return;
    const cache = new Map<string, string | Buffer | undefined>();
    for (const member of room.members) {
      if ((member === from && !member.selfBroadcast) || !member.mayRead(extension)) continue;
      const key = `${member.vsn}\u0000${member.topic}`;
      if (!cache.has(key)) cache.set(key, encode(member));
      const message = cache.get(key);
      if (message !== undefined) member.send(message);
    }
  }
}
