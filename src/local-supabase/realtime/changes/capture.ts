import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/index.js';
import type { ChangeRow } from './payload.js';

const captureSqlFile = fileURLToPath(new URL('./capture.sql', import.meta.url));

/** The channel capture.sql notifies, with `<transaction id>:<table oid>` as payload. */
export const CHANGES_CHANNEL = 'talentg_realtime';

/** How long captured rows are kept for a slow reader before they are pruned. */
export const CHANGE_RETENTION_SECONDS = 60;

/** One transaction's changes to one table: what a notification names. */
export interface ChangeKey {
  xid: string;
  relid: number;
}

const FETCH_CHANGES = `
  select coalesce(json_agg(json_build_object(
    'id', c.id::text,
    'relid', c.relid::int8,
    'type', c.type,
    'record', c.record,
    'oldRecord', c.old_record,
    'commitTimestamp', to_char(c.commit_timestamp at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  ) order by k.n, c.id), '[]'::json)::text as changes
  from rows from (jsonb_to_recordset($1::jsonb) as (xid text, relid int8)) with ordinality as k(xid, relid, n)
  join realtime.changes c on c.xid = k.xid::xid8 and c.relid = k.relid::oid`;

const PRUNE_CHANGES = `delete from realtime.changes where commit_timestamp < now() - make_interval(secs => $1)`;

/** Creates realtime.changes, the capture trigger function and the fan-out helpers. Idempotent. */
export async function installCapture(db: Database): Promise<void> {
  await db.exec(await readFile(captureSqlFile, 'utf8'));
}

export function parseChangeKey(payload: string): ChangeKey | undefined {
  const match = /^(\d+):(\d+)$/.exec(payload);
  if (!match) return undefined;
  return { xid: match[1] ?? '', relid: Number(match[2]) };
}

/** The changes the keys name, in notification (commit) order, then in the order they were made. */
export async function fetchChanges(db: Database, keys: ChangeKey[]): Promise<ChangeRow[]> {
  const result = await db.query<{ changes: string }>(FETCH_CHANGES, [JSON.stringify(keys)]);
  return JSON.parse(result.rows[0]?.changes ?? '[]') as ChangeRow[];
}

export async function pruneChanges(db: Database): Promise<void> {
  await db.query(PRUNE_CHANGES, [CHANGE_RETENTION_SECONDS]);
}
