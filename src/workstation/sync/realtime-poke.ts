// Realtime as a doorbell: any change the user may see, or a (re)subscription, asks the engine to pull.
// Payloads are ignored on purpose — the pull's answer is the only thing that reaches the cache.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';

// sync_pokes rings when something the user could see was taken away (a reassigned lead), which the
// other tables' events cannot tell them: row-level security hides the new row from its old holder.
const WATCHED_TABLES = ['leads', 'interactions', 'callbacks', 'sync_pokes'] as const;

export interface RealtimePoke {
  /** The channel's last status, for `status --json` and the health view. */
  status(): string;
  close(): Promise<void>;
}

/**
 * `poke` asks for a pull; `pokeCallingHours` for the floor's calling hours too (floor_settings changed,
 * or the channel (re)joined and a change may have been missed). Without it, every event is a poke.
 */
export function subscribeRealtimePoke(
  client: SupabaseClient,
  userId: string,
  poke: () => void,
  pokeCallingHours: () => void = poke,
): RealtimePoke {
  let status = 'CONNECTING';
  // Private: only this user may join their topic, and no client may broadcast into it (migration
  // private_realtime); the pokes are postgres_changes, each checked against the user's RLS.
  let channel: RealtimeChannel = client.channel(`workstation:${userId}`, {
    config: { private: true },
  });
  for (const table of WATCHED_TABLES) {
    channel = channel.on('postgres_changes', { event: '*', schema: 'public', table }, () => poke());
  }
  channel = channel.on(
    'postgres_changes',
    { event: '*', schema: 'public', table: 'floor_settings' },
    () => pokeCallingHours(),
  );
  let closed = false;
  const subscribe = () => {
    if (closed) return;
    channel.subscribe((next) => {
      status = next;
      // Events may have been missed while (re)joining: a pull closes the gap.
      if (next === 'SUBSCRIBED') pokeCallingHours();
    });
  };
  // A session restored from disk reaches Realtime only at sign-in or refresh otherwise, and a private
  // join without it is refused (then retried a second later): hand Realtime the token first.
  client.realtime.setAuth().then(subscribe, (error: unknown) => {
    console.warn('[talentg] realtime token not set before joining:', error);
    subscribe();
  });
  return {
    status: () => status,
    close: async () => {
      closed = true;
      await client.removeChannel(channel);
    },
  };
}
