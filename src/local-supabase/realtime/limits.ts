import { WindowRateLimiter } from '../rate-limit.js';

/**
 * Supabase Realtime's tenant limits, with its defaults: config.toml has no keys for them (only
 * `[realtime] max_header_length`), so the embedded stack applies them as a hosted project's defaults are.
 * Each refusal is the one Realtime gives: a join refused with `{reason: "<Code>: <message>"}`, and a
 * channel that sends past the event rate shut down with a system error and phx_close.
 */
export interface RealtimeLimitSettings {
  /** Sockets connected at once (max_concurrent_users). */
  maxConcurrentUsers: number;
  /** Channels one socket may have joined at once (max_channels_per_client). */
  maxChannelsPerClient: number;
  /** Joins a second across the stack (max_joins_per_second). */
  maxJoinsPerSecond: number;
  /** Broadcast and presence messages clients send a second across the stack (max_events_per_second). */
  maxEventsPerSecond: number;
  /** Bytes one request header value of a socket's handshake may have (config.toml max_header_length). */
  maxHeaderLength: number;
}

export const DEFAULT_REALTIME_LIMITS: RealtimeLimitSettings = {
  maxConcurrentUsers: 200,
  maxChannelsPerClient: 100,
  maxJoinsPerSecond: 100,
  maxEventsPerSecond: 100,
  maxHeaderLength: 4096,
};

export const TOO_MANY_USERS = 'ConnectionRateLimitReached: Too many connected users';
export const TOO_MANY_CHANNELS = 'ChannelRateLimitReached: Too many channels';
export const TOO_MANY_JOINS = 'ClientJoinRateLimitReached: Too many joins per second';
export const TOO_MANY_EVENTS = 'Too many messages per second';

/** The stack-wide counters the limits are checked against (one Realtime tenant). */
export class RealtimeLimits {
  private readonly perSecond: WindowRateLimiter;

  constructor(
    readonly settings: RealtimeLimitSettings,
    clock: () => number = Date.now,
  ) {
    // One-second windows, keyed 'joins' and 'events'.
    this.perSecond = new WindowRateLimiter(clock);
  }

  /** Why a join is refused, or undefined; `sockets` are those connected, `channels` the socket's joined ones. */
  refuseJoin(sockets: number, channels: number): string | undefined {
    if (sockets > this.settings.maxConcurrentUsers) return TOO_MANY_USERS;
    if (channels >= this.settings.maxChannelsPerClient) return TOO_MANY_CHANNELS;
    if (!this.perSecond.take('joins', this.settings.maxJoinsPerSecond, 1000)) return TOO_MANY_JOINS;
    return undefined;
  }

  /** Whether one more client message fits this second. */
  takeEvent(): boolean {
    return this.perSecond.take('events', this.settings.maxEventsPerSecond, 1000);
  }

  /** The name of a handshake header longer than max_header_length, if any. */
  overlongHeader(headers: NodeJS.Dict<string | string[]>): string | undefined {
    for (const [name, value] of Object.entries(headers)) {
      const values = Array.isArray(value) ? value : [value ?? ''];
      if (values.some((one) => Buffer.byteLength(one) > this.settings.maxHeaderLength)) return name;
    }
    return undefined;
  }
}
