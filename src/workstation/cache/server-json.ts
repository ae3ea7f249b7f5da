// The server's rows as sync_pull and sync_bootstrap send them (snake_case, ISO instants), parsed into
// the cache's records by their column lists (rows.ts). A row that does not parse stops the page: nothing
// is half applied.
import { CacheError } from './cache-error.js';
import type { ServerRow } from './cache-port.js';
import type { RecordCodec } from './record-codec.js';
import type { Columns, DerivedFields, RecordOf } from './columns.js';
import {
  CALLBACK,
  DISPOSITION,
  INTERACTION,
  LEAD,
  type CachedCallback,
  type CachedDisposition,
  type CachedInteraction,
  type CachedLead,
} from './rows.js';

function parseServerRow<C extends Columns, D extends DerivedFields>(
  codec: RecordCodec<C, D>,
  entity: string,
  row: unknown,
): RecordOf<C, D> {
  const parsed = codec.fromServer(row);
  if (parsed.ok) return parsed.record;
  const id = typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined;
  throw new CacheError(
    'CACHE_ROW_INVALID',
    `The server sent a ${entity} row the cache cannot read.`,
    {
      entity,
      id,
      issues: parsed.issues.slice(0, 5),
    },
  );
}

export function leadFromServer(row: ServerRow): CachedLead {
  return parseServerRow(LEAD, 'lead', row);
}

export function interactionFromServer(row: ServerRow): CachedInteraction {
  return parseServerRow(INTERACTION, 'interaction', row);
}

export function callbackFromServer(row: ServerRow): CachedCallback {
  return parseServerRow(CALLBACK, 'callback', row);
}

export function dispositionFromServer(row: unknown): CachedDisposition {
  return parseServerRow(DISPOSITION, 'disposition', row);
}
