// Who is signed in on this workstation, kept beside the tokens so it outlives a revoked session.
import { z } from 'zod';
import { sessionUserSchema, type SessionState } from '../../contract/operations/session.js';
import { instantSchema } from '../../contract/wire-types.js';
import { AUTH_STORAGE_KEY } from './session-client.js';
import { storedTokensSchema, type StoredTokens } from './auth-requests.js';
import type { SecretStore } from './secret-store.js';

/** The SecretStore key of the record; the tokens sit under AUTH_STORAGE_KEY (and supabase-js's suffixes). */
export const SESSION_RECORD_KEY = 'talentg-session-user';

/** Every key supabase-js may write for the session: the session itself and its PKCE and user side keys. */
export const TOKEN_KEYS = [
  AUTH_STORAGE_KEY,
  `${AUTH_STORAGE_KEY}-code-verifier`,
  `${AUTH_STORAGE_KEY}-user`,
] as const;

export const sessionRecordSchema = z.object({
  user: sessionUserSchema,
  signed_in_at: instantSchema,
  /** expired: the server refused to refresh; the user stays known so their outbox is kept. */
  status: z.enum(['signed_in', 'expired']),
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

export function stateOf(record: SessionRecord | null): SessionState {
  if (!record) return { status: 'signed_out' };
  return { status: record.status, user: record.user, signed_in_at: record.signed_in_at };
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (_error) {
    // Unreadable JSON is answered like a value of the wrong shape: as absent, by the callers below.
    return undefined;
  }
}

export async function readRecord(store: SecretStore): Promise<SessionRecord | null> {
  const parsed = sessionRecordSchema.safeParse(parseJson(await store.get(SESSION_RECORD_KEY)));
  return parsed.success ? parsed.data : null;
}

export async function writeRecord(store: SecretStore, record: SessionRecord): Promise<void> {
  await store.set(SESSION_RECORD_KEY, JSON.stringify(record));
}

/** The tokens supabase-js stored, or null when there are none or they are unreadable. */
export async function readTokens(store: SecretStore): Promise<StoredTokens | null> {
  const parsed = storedTokensSchema.safeParse(parseJson(await store.get(AUTH_STORAGE_KEY)));
  return parsed.success ? parsed.data : null;
}

export async function writeTokens(store: SecretStore, tokens: StoredTokens): Promise<void> {
  await store.set(AUTH_STORAGE_KEY, JSON.stringify(tokens));
}

export async function deleteTokens(store: SecretStore): Promise<void> {
  for (const key of TOKEN_KEYS) await store.delete(key);
}
