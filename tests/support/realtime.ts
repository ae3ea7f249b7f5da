import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { signJwt } from '../../src/local-supabase/jwt.js';
import type { RunningStack } from '../../src/local-supabase/stack.js';
import { clientFor } from './stack.js';

/** A GoTrue-shaped access token for `sub`, signed with the stack's secret (no Auth service needed). */
export async function userToken(
  stack: Pick<RunningStack, 'jwtSecret'>,
  sub: string,
  options: { expiresIn?: number; role?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      sub,
      role: options.role ?? 'authenticated',
      aud: 'authenticated',
      iat: now,
      exp: now + (options.expiresIn ?? 3600),
      email: `${sub.slice(0, 8)}@talentg.test`,
      session_id: crypto.randomUUID(),
    },
    stack.jwtSecret,
  );
}

/** A supabase-js client whose Realtime connection carries `token` (setAuth), as a signed-in app has. */
export async function realtimeClientAs(
  stack: RunningStack,
  token: string,
): Promise<SupabaseClient> {
  const client = clientFor(stack, stack.anonKey);
  await client.realtime.setAuth(token);
  return client;
}

/** Things that arrive asynchronously, with a wait for the n-th one. */
export class Inbox<T> {
  readonly items: T[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  push = (item: T): void => {
    this.items.push(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (this.items.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  };

  /** Resolves once `count` items have arrived; rejects after `timeoutMs` naming what did arrive. */
  async waitFor(count: number, timeoutMs = 5000): Promise<T[]> {
    if (this.items.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `expected ${count} items within ${timeoutMs} ms, got ${JSON.stringify(this.items)}`,
              ),
            ),
          timeoutMs,
        );
        this.waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    return this.items;
  }
}

/** Subscribes and resolves on SUBSCRIBED; rejects with the channel error (or timeout) otherwise. */
export function subscribed(channel: RealtimeChannel, timeoutMs = 5000): Promise<RealtimeChannel> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve(channel);
      else reject(new Error(`channel ${channel.topic}: ${status} ${error?.message ?? ''}`));
    }, timeoutMs);
  });
}

/** Disconnects every client, so a test file leaves no sockets or rejoin timers behind. */
export async function disconnectAll(clients: SupabaseClient[]): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      await client.removeAllChannels();
      await client.realtime.disconnect();
    }),
  );
  clients.length = 0;
}
