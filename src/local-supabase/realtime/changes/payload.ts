import type { ChangeEvent } from './bindings.js';
import type { PublishedTable } from './tables.js';

/** One captured change, as read back from realtime.changes. */
export interface ChangeRow {
  id: string;
  relid: number;
  type: ChangeEvent;
  record: Record<string, unknown> | null;
  oldRecord: Record<string, unknown> | null;
  /** UTC, millisecond precision, `Z`: the format Supabase sends. */
  commitTimestamp: string;
}

/** Supabase drops values over 64 bytes from records whose change exceeds 1 MiB and says so. */
const MAX_RECORD_BYTES = 1024 * 1024;
const MAX_VALUE_BYTES_WHEN_TOO_LARGE = 64;

/** What Supabase sees as the old row: the primary key, or every column with REPLICA IDENTITY FULL. */
export function identityOf(row: ChangeRow, table: PublishedTable): Record<string, unknown> {
  if (!row.oldRecord) return {};
  if (table.replicaIdentityFull) return row.oldRecord;
  return pick(row.oldRecord, (name) => table.primaryKey.includes(name));
}

function pick(
  record: Record<string, unknown>,
  keep: (name: string) => boolean,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) if (keep(name)) picked[name] = value;
  return picked;
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/** The `data` of a postgres_changes message when the change cannot be sent, as Supabase shapes it. */
function errorData(row: ChangeRow, table: PublishedTable, error: string): Record<string, unknown> {
  return {
    columns: [],
    commit_timestamp: null,
    errors: [error],
    schema: table.schema,
    table: table.table,
    type: row.type,
    ...(row.type === 'DELETE' ? {} : { record: {} }),
    ...(row.type === 'INSERT' ? {} : { old_record: {} }),
  };
}

/**
 * The `data` of a postgres_changes message for subscribers of one role (and one `select` list):
 * only columns that role may select appear, in columns and records alike.
 */
export function changeData(
  row: ChangeRow,
  table: PublishedTable,
  selectable: ReadonlySet<string>,
  select: readonly string[] | null,
): Record<string, unknown> {
  if (row.type !== 'DELETE') {
    if (table.primaryKey.length === 0)
      return errorData(row, table, 'Error 400: Bad Request, no primary key');
    if (!table.primaryKey.every((name) => selectable.has(name)))
      return errorData(row, table, 'Error 401: Unauthorized');
  }
  const shown = (name: string) =>
    selectable.has(name) &&
    (select === null || select.includes(name) || table.primaryKey.includes(name));
  const tooLarge = byteLength(row.record) + byteLength(row.oldRecord) > MAX_RECORD_BYTES;
  const trim = (record: Record<string, unknown>, keep: (name: string) => boolean) =>
    pick(
      record,
      (name) =>
        keep(name) && (!tooLarge || byteLength(record[name]) <= MAX_VALUE_BYTES_WHEN_TOO_LARGE),
    );

  let oldRecord: Record<string, unknown> | undefined;
  if (row.type === 'UPDATE') oldRecord = trim(identityOf(row, table), shown);
  if (row.type === 'DELETE') {
    // RLS cannot be checked on a deleted row, so only its key leaves the database.
    const keyOnly = (name: string) =>
      shown(name) && (!table.rowLevelSecurity || table.primaryKey.includes(name));
    oldRecord = trim(identityOf(row, table), keyOnly);
  }
  return {
    columns: table.columns
      .filter((c) => shown(c.name))
      .map((c) => ({ name: c.name, type: c.type })),
    commit_timestamp: row.commitTimestamp,
    errors: tooLarge ? ['Error 413: Payload Too Large'] : null,
    ...(oldRecord ? { old_record: oldRecord } : {}),
    ...(row.type === 'DELETE' ? {} : { record: trim(row.record ?? {}, shown) }),
    schema: table.schema,
    table: table.table,
    type: row.type,
  };
}
