import { randomUUID } from 'node:crypto';
import { StatementError, type Database, type Statement } from '../db/index.js';
import type { JwtClaims } from '../jwt.js';
import { requestRoleStatement } from '../request-role.js';

/** What RLS on realtime.messages lets one token do on one private topic; undefined = not asked yet. */
export interface TopicPolicies {
  broadcastRead: boolean;
  presenceRead: boolean;
  broadcastWrite?: boolean;
  presenceWrite?: boolean;
}

/** A check that failed for another reason than a policy saying no (a policy that errors, a lost database). */
export class PolicyCheckError extends Error {
  constructor(override readonly cause: unknown) {
    super(`realtime policy check failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'PolicyCheckError';
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

/** The request's role and claims as the REST layer sets them, plus realtime.topic(). */
function asJoiningUser(claims: JwtClaims, topic: string): Statement[] {
  return [
    requestRoleStatement(claims),
    { text: `select set_config('realtime.topic', $1, true)`, values: [topic], prepare: true },
  ];
}

/**
 * Which extensions `claims` may read on `topic`, the way Supabase Realtime decides at a private join:
 * one broadcast and one presence row are inserted (as the owner), then selected as the joining user,
 * and the transaction is rolled back. A row the SELECT policies let through is an extension they may read.
 */
export async function readPolicies(
  db: Database,
  claims: JwtClaims,
  topic: string,
): Promise<TopicPolicies> {
  const broadcastId = randomUUID();
  const presenceId = randomUUID();
  let results;
  try {
    results = await db.batch(
      [
        {
          text: `insert into realtime.messages (id, topic, extension) values ($1, $3, 'broadcast'), ($2, $3, 'presence')`,
          values: [broadcastId, presenceId, topic],
          prepare: true,
        },
        ...asJoiningUser(claims, topic),
        {
          text: `select id::text as id from realtime.messages where topic = $3 and id in ($1, $2)`,
          values: [broadcastId, presenceId, topic],
          prepare: true,
        },
      ],
      () => ({ rollback: true }),
    );
  } catch (error) {
    throw new PolicyCheckError(error instanceof StatementError ? error.cause : error);
  }
  const readable = new Set((results.at(-1)?.rows ?? []).map((row) => (row as { id: string }).id));
  return { broadcastRead: readable.has(broadcastId), presenceRead: readable.has(presenceId) };
}

/**
 * Whether `claims` may send on `topic` with `extension`: the row is inserted as the user, so the INSERT
 * policies decide, then rolled back. `payload` is what the policies see of the message; for a presence
 * track this stack puts the channel's presence key there as `{"presence_key": ...}` (hosted Realtime
 * leaves it null, so a policy that binds the key must accept null to work there too).
 */
export async function mayWrite(
  db: Database,
  claims: JwtClaims,
  topic: string,
  extension: 'broadcast' | 'presence',
  payload: Record<string, unknown> | null = null,
): Promise<boolean> {
  try {
    await db.batch(
      [
        ...asJoiningUser(claims, topic),
        {
          text: `insert into realtime.messages (topic, extension, payload) values ($1, $2, $3::jsonb)`,
          values: [topic, extension, payload === null ? null : JSON.stringify(payload)],
          prepare: true,
        },
      ],
      () => ({ rollback: true }),
    );
    return true;
  } catch (error) {
    const cause = error instanceof StatementError ? error.cause : error;
    if ((cause as { code?: unknown } | null)?.code === INSUFFICIENT_PRIVILEGE) return false;
    throw new PolicyCheckError(cause);
  }
}
