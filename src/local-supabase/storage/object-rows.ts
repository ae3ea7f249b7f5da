import type { SqlClient } from '../db/index.js';

/** What storage-api keeps in storage.objects.metadata for a stored file. */
export interface ObjectMetadata {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
}

export interface ObjectRow {
  id: string;
  name: string;
  bucket_id: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  metadata: ObjectMetadata | null;
  user_metadata: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
  last_accessed_at: string;
}

export interface NewObjectRow {
  id: string;
  bucketId: string;
  name: string;
  owner: string | null;
  ownerId: string | null;
  version: string;
  metadata: ObjectMetadata | Record<string, unknown>;
  userMetadata: Record<string, unknown> | null;
}

// Rows leave the database as JSON text, so PGlite and node-postgres hand back the same shapes.
const OBJECT_JSON = `json_build_object(
  'id', o.id, 'name', o.name, 'bucket_id', o.bucket_id, 'owner', o.owner, 'owner_id', o.owner_id,
  'version', o.version, 'metadata', o.metadata, 'user_metadata', o.user_metadata,
  'created_at', o.created_at, 'updated_at', o.updated_at, 'last_accessed_at', o.last_accessed_at)::text`;

function parseRows(rows: { row: string }[]): ObjectRow[] {
  return rows.map((r) => JSON.parse(r.row) as ObjectRow);
}

export async function findObject(
  db: SqlClient,
  bucketId: string,
  name: string,
): Promise<ObjectRow | undefined> {
  const result = await db.query<{ row: string }>(
    `select ${OBJECT_JSON} as row from storage.objects o where o.bucket_id = $1 and o.name = $2`,
    [bucketId, name],
  );
  return parseRows(result.rows)[0];
}

export async function findObjectNames(
  db: SqlClient,
  bucketId: string,
  names: readonly string[],
): Promise<Set<string>> {
  const result = await db.query<{ name: string }>(
    'select o.name from storage.objects o where o.bucket_id = $1 and o.name = any($2::text[])',
    [bucketId, names],
  );
  return new Set(result.rows.map((r) => r.name));
}

/** A plain insert: needs only an INSERT policy, exactly as storage-api's createObject (no RETURNING). */
export async function insertObject(db: SqlClient, row: NewObjectRow): Promise<void> {
  await db.query(
    `insert into storage.objects (id, bucket_id, name, owner, owner_id, version, metadata, user_metadata)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
    [
      row.id,
      row.bucketId,
      row.name,
      row.owner,
      row.ownerId,
      row.version,
      JSON.stringify(row.metadata),
      row.userMetadata && JSON.stringify(row.userMetadata),
    ],
  );
}

/** Insert or replace: INSERT, UPDATE and SELECT policies apply, as for storage-api's upsert. Returns the row id. */
export async function upsertObject(db: SqlClient, row: NewObjectRow): Promise<string> {
  const result = await db.query<{ id: string }>(
    `insert into storage.objects (id, bucket_id, name, owner, owner_id, version, metadata, user_metadata)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)
     on conflict (bucket_id, name) do update
       set owner = excluded.owner, owner_id = excluded.owner_id, version = excluded.version,
           metadata = excluded.metadata, user_metadata = excluded.user_metadata, updated_at = now()
     returning id::text as id`,
    [
      row.id,
      row.bucketId,
      row.name,
      row.owner,
      row.ownerId,
      row.version,
      JSON.stringify(row.metadata),
      row.userMetadata && JSON.stringify(row.userMetadata),
    ],
  );
  return result.rows[0]?.id ?? row.id;
}

export async function moveObjectRow(
  db: SqlClient,
  from: { bucketId: string; name: string },
  to: {
    bucketId: string;
    name: string;
    version: string;
    owner: string | null;
    ownerId: string | null;
  },
): Promise<boolean> {
  const result = await db.query(
    `update storage.objects
        set bucket_id = $3, name = $4, version = $5, owner = $6, owner_id = $7, updated_at = now()
      where bucket_id = $1 and name = $2`,
    [from.bucketId, from.name, to.bucketId, to.name, to.version, to.owner, to.ownerId],
  );
  return result.rowCount > 0;
}

/** Deletes the named rows the caller may delete; RETURNING makes SELECT policies apply, as in storage-api. */
export async function deleteObjects(
  db: SqlClient,
  bucketId: string,
  names: readonly string[],
): Promise<ObjectRow[]> {
  const result = await db.query<{ row: string }>(
    `delete from storage.objects o where o.bucket_id = $1 and o.name = any($2::text[]) returning ${OBJECT_JSON} as row`,
    [bucketId, names],
  );
  return parseRows(result.rows);
}

/** Every row of a bucket, for emptying it; run with service rights after the caller's access is checked. */
export async function deleteAllObjects(db: SqlClient, bucketId: string): Promise<ObjectRow[]> {
  const result = await db.query<{ row: string }>(
    `delete from storage.objects o where o.bucket_id = $1 returning ${OBJECT_JSON} as row`,
    [bucketId],
  );
  return parseRows(result.rows);
}

export async function countObjects(db: SqlClient, bucketId: string): Promise<number> {
  const result = await db.query<{ n: string }>(
    'select count(*)::text as n from storage.objects where bucket_id = $1',
    [bucketId],
  );
  return Number(result.rows[0]?.n ?? 0);
}
