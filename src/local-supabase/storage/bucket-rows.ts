import type { SqlClient } from '../db/index.js';

export interface BucketRow {
  id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  public: boolean;
  type: 'STANDARD';
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  created_at: string;
  updated_at: string;
}

export interface BucketChanges {
  public?: boolean;
  fileSizeLimit?: number | null;
  allowedMimeTypes?: string[] | null;
}

const BUCKET_JSON = `json_build_object(
  'id', b.id, 'name', b.name, 'owner', b.owner, 'owner_id', b.owner_id, 'public', coalesce(b.public, false),
  'type', 'STANDARD', 'file_size_limit', b.file_size_limit, 'allowed_mime_types', b.allowed_mime_types,
  'created_at', b.created_at, 'updated_at', b.updated_at)::text`;

// The sort columns storage-api accepts; each maps to a fixed clause so no caller text reaches the SQL.
const BUCKET_ORDER: Record<string, string> = {
  'id:asc': 'b.id asc',
  'id:desc': 'b.id desc',
  'name:asc': 'b.name asc',
  'name:desc': 'b.name desc',
  'created_at:asc': 'b.created_at asc',
  'created_at:desc': 'b.created_at desc',
  'updated_at:asc': 'b.updated_at asc',
  'updated_at:desc': 'b.updated_at desc',
};

export async function findBucket(db: SqlClient, id: string): Promise<BucketRow | undefined> {
  const result = await db.query<{ row: string }>(
    `select ${BUCKET_JSON} as row from storage.buckets b where b.id = $1`,
    [id],
  );
  const row = result.rows[0];
  return row && (JSON.parse(row.row) as BucketRow);
}

export async function listBuckets(
  db: SqlClient,
  options: {
    limit?: number;
    offset?: number;
    search?: string;
    sortColumn?: string;
    sortOrder?: string;
  },
): Promise<BucketRow[]> {
  const order =
    BUCKET_ORDER[`${options.sortColumn ?? 'name'}:${options.sortOrder ?? 'asc'}`] ?? 'b.name asc';
  const result = await db.query<{ row: string }>(
    `select ${BUCKET_JSON} as row from storage.buckets b
      where $1::text is null or b.name ilike '%' || $1 || '%'
      order by ${order} limit $2 offset $3`,
    [options.search ?? null, options.limit ?? null, options.offset ?? 0],
  );
  return result.rows.map((r) => JSON.parse(r.row) as BucketRow);
}

export async function insertBucket(
  db: SqlClient,
  bucket: {
    id: string;
    name: string;
    owner: string | null;
    ownerId: string | null;
  } & Required<BucketChanges>,
): Promise<void> {
  await db.query(
    `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
     values ($1, $2, $3, $4, $5, $6, $7::text[])`,
    [
      bucket.id,
      bucket.name,
      bucket.owner,
      bucket.ownerId,
      bucket.public,
      bucket.fileSizeLimit,
      bucket.allowedMimeTypes,
    ],
  );
}

/** Changes only the given fields (undefined leaves a column alone; null clears it). */
export async function updateBucket(
  db: SqlClient,
  id: string,
  changes: BucketChanges,
): Promise<boolean> {
  const result = await db.query(
    `update storage.buckets set
        public = case when $2 then $3 else public end,
        file_size_limit = case when $4 then $5 else file_size_limit end,
        allowed_mime_types = case when $6 then $7::text[] else allowed_mime_types end,
        updated_at = now()
      where id = $1`,
    [
      id,
      changes.public !== undefined,
      changes.public ?? null,
      changes.fileSizeLimit !== undefined,
      changes.fileSizeLimit ?? null,
      changes.allowedMimeTypes !== undefined,
      changes.allowedMimeTypes ?? null,
    ],
  );
  return result.rowCount > 0;
}

export async function deleteBucket(db: SqlClient, id: string): Promise<boolean> {
  const result = await db.query('delete from storage.buckets where id = $1', [id]);
  return result.rowCount > 0;
}
