import type { IncomingMessage } from 'node:http';

interface Window {
  count: number;
  resetsAt: number;
}

/** Keys are swept of finished windows once the map grows past this, so spoofed keys cannot grow it without bound. */
const SWEEP_AT = 10_000;

/** Fixed-window counting per key: Auth's buckets per client address, Realtime's joins and events per second. */
export class WindowRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request; false when the key has already had `limit` requests in its current window. */
  take(key: string, limit: number, windowMs: number): boolean {
    const now = this.now();
    if (this.windows.size >= SWEEP_AT) this.sweep(now);
    const window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      this.windows.set(key, { count: 1, resetsAt: now + windowMs });
      return limit >= 1;
    }
    window.count += 1;
    return window.count <= limit;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}

/** The socket's peer address: X-Forwarded-For is client-controlled and is not trusted. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
