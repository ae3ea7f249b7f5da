// What the updater needs from the workstation's signed-in session: a fresh token to read the releases
// bucket and the channel an admin put this person on (profiles.update_channel).
import type { SupabaseClient } from '@supabase/supabase-js';
import { FEED_CHANNELS, type FeedChannel } from '../domain/release-feed.js';
import type { UpdateSession } from './update-policy.js';

/** The slice of src/workstation's Session the updater reads. */
export interface SessionForUpdates {
  readonly client: SupabaseClient;
  currentUser(): { readonly id: string } | null;
  accessTokenFresh(): Promise<{ ok: true; accessToken: string } | { ok: false }>;
}

/** The person's channel; stable when it cannot be read (offline now, the next check reads it again). */
async function channelOf(client: SupabaseClient, userId: string): Promise<FeedChannel> {
  const { data, error } = await client
    .from('profiles')
    .select('update_channel')
    .eq('id', userId)
    .maybeSingle();
  const channel = error ? undefined : (data as { update_channel?: unknown } | null)?.update_channel;
  return (FEED_CHANNELS as readonly unknown[]).includes(channel)
    ? (channel as FeedChannel)
    : 'stable';
}

/** The session for an update check, or null while nobody is signed in (the bucket is for signed-in people). */
export async function updateSessionOf(
  session: SessionForUpdates,
  backend: { readonly url: string; readonly anonKey: string },
): Promise<UpdateSession | null> {
  const user = session.currentUser();
  if (user === null) return null;
  const token = await session.accessTokenFresh();
  if (!token.ok) return null;
  return {
    projectUrl: backend.url,
    anonKey: backend.anonKey,
    accessToken: token.accessToken,
    channel: await channelOf(session.client, user.id),
  };
}
