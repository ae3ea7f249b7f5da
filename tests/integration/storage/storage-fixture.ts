import { randomUUID } from 'node:crypto';
import { signJwt } from '../../../src/local-supabase/jwt.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { startTestStack } from '../../support/stack.js';

/**
 * Storage policies as a project writes them: in bucket `private`, an authenticated user reads and writes
 * only under a top-level folder named by their auth.uid(); the `shared` bucket has no object policies.
 */
export const OWN_FOLDER_POLICIES = `
create policy "own folder: select" on storage.objects for select to authenticated
  using (bucket_id = 'private' and (storage.foldername(name))[1] = auth.uid()::text);
create policy "own folder: insert" on storage.objects for insert to authenticated
  with check (bucket_id = 'private' and (storage.foldername(name))[1] = auth.uid()::text);
create policy "own folder: update" on storage.objects for update to authenticated
  using (bucket_id = 'private' and (storage.foldername(name))[1] = auth.uid()::text)
  with check (bucket_id = 'private' and (storage.foldername(name))[1] = auth.uid()::text);
create policy "own folder: delete" on storage.objects for delete to authenticated
  using (bucket_id = 'private' and (storage.foldername(name))[1] = auth.uid()::text);
`;

export function startStorageStack(): Promise<RunningStack> {
  return startTestStack({ migrations: false, fixtureSql: OWN_FOLDER_POLICIES });
}

/** An access token as GoTrue would issue it for a fresh user (Auth itself is tested elsewhere). */
export async function userToken(stack: RunningStack): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const token = await signJwt(
    {
      sub: id,
      role: 'authenticated',
      aud: 'authenticated',
      iat: now,
      exp: now + 3600,
      email: `${id}@talentg.test`,
    },
    stack.jwtSecret,
  );
  return { id, token };
}

/** The real supabase-js client sending a user's access token, as it does after sign-in. */
export function clientAs(stack: RunningStack, token: string): SupabaseClient {
  return createClient(stack.url, stack.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as never },
  });
}
