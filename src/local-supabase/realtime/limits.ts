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

/** Counts events in the current one-second window; past the limit, the rest of the second is refused. */
class PerSecond {
  private windowStart = 0;
  private count = 0;

  constructor(private readonly limit: number) {}

  take(now: number): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= this.limit;
  }
}

/** The stack-wide counters the limits are checked against (one Realtime tenant). */
export class RealtimeLimits {
  private readonly joins: PerSecond;
  private readonly events: PerSecond;

  constructor(
    readonly settings: RealtimeLimitSettings,
    private readonly clock: () => number = Date.now,
  ) {
    this.joins = new PerSecond(settings.maxJoinsPerSecond);
    this.events = new PerSecond(settings.maxEventsPerSecond);
  }

  /** Why a join is refused, or undefined; `sockets` are those connected, `channels` the socket's joined ones. */
  refuseJoin(sockets: number, channels: number): string | undefined {
    if (sockets > this.settings.maxConcurrentUsers) return TOO_MANY_USERS;
    if (channels >= this.settings.maxChannelsPerClient) return TOO_MANY_CHANNELS;
    if (!this.joins.take(this.clock())) return TOO_MANY_JOINS;
    return undefined;
  }

  /** Whether one more client message fits this second. */
  takeEvent(): boolean {
    return this.events.take(this.clock());
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
