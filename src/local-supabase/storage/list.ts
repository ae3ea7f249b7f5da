import { z } from 'zod';
import type { SqlClient } from '../db/index.js';
import { sendJson } from '../http.js';
import { callerOf } from './caller.js';
import { mustBeValidBucketName } from './names.js';
import { asCaller, param, readJson, type StorageCall } from './storage-call.js';

const SORT_COLUMNS = ['name', 'updated_at', 'created_at', 'last_accessed_at'] as const;

const listBody = z.object({
  prefix: z.string(),
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  sortBy: z
    .object({ column: z.enum(SORT_COLUMNS), order: z.enum(['asc', 'desc']).optional() })
    .optional(),
  search: z.string().optional(),
});

export interface ListedEntry {
  name: string;
  id: string | null;
  updated_at: string | null;
  created_at: string | null;
  last_accessed_at: string | null;
  metadata: Record<string, unknown> | null;
}

// Fixed ORDER BY clauses per (column, direction): folders and files by name, or folders first then files by column.
function orderClause(column: (typeof SORT_COLUMNS)[number], order: 'asc' | 'desc'): string {
  const direction = order === 'desc' ? 'desc' : 'asc';
  if (column === 'name')
    return `lower(name) collate "C" ${direction}, name collate "C" ${direction}`;
  const byColumn = {
    updated_at: 'updated_at',
    created_at: 'created_at',
    last_accessed_at: 'last_accessed_at',
  }[column];
  return `folder desc, case when folder then lower(name) end ${direction}, ${byColumn} ${direction}, lower(name) collate "C"`;
}

/**
 * One directory level under `prefix`, as storage-api's storage.search answers: sub-folders as entries with
 * a null id, files with their row; the prefix (and search) match ignores case. Runs as the caller, so only
 * rows RLS lets them select are listed.
 */
export async function listLevel(
  db: SqlClient,
  bucketId: string,
  options: {
    prefix: string;
    search: string;
    limit: number;
    offset: number;
    column: (typeof SORT_COLUMNS)[number];
    order: 'asc' | 'desc';
  },
): Promise<ListedEntry[]> {
  const result = await db.query<{ row: string }>(
    `with matched as (
       select o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
              substr(o.name, length($3::text) + 1) as rest
         from storage.objects o
        where o.bucket_id = $1 and left(lower(o.name), length($2::text)) = lower($2::text)
     ), entries as (
       select split_part(rest, '/', 1) as name, true as folder, null::uuid as id, null::timestamptz as updated_at,
              null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata
         from matched where strpos(rest, '/') > 0 group by split_part(rest, '/', 1)
       union all
       select rest, false, id, updated_at, created_at, last_accessed_at, metadata
         from matched where strpos(rest, '/') = 0 and rest <> ''
     )
     select json_build_object('name', name, 'id', id, 'updated_at', updated_at, 'created_at', created_at,
                              'last_accessed_at', last_accessed_at, 'metadata', metadata)::text as row
       from entries
      order by ${orderClause(options.column, options.order)}
      limit $4 offset $5`,
    [bucketId, options.prefix + options.search, options.prefix, options.limit, options.offset],
  );
  return result.rows.map((r) => JSON.parse(r.row) as ListedEntry);
}

/** POST /object/list/:bucket with storage-js's body {prefix, limit, offset, sortBy, search}. */
export async function handleList(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const bucketId = mustBeValidBucketName(param(call, 0));
  const body = await readJson(call, listBody);
  // storage-api treats the prefix as a folder.
  const prefix =
    body.prefix.length > 0 && !body.prefix.endsWith('/') ? `${body.prefix}/` : body.prefix;
  const entries = await asCaller(call, caller.claims, (tx) =>
    listLevel(tx, bucketId, {
      prefix,
      search: body.search ?? '',
      limit: Math.min(body.limit ?? 100, 1500),
      offset: body.offset ?? 0,
      column: body.sortBy?.column ?? 'name',
      order: body.sortBy?.order ?? 'asc',
    }),
  );
  sendJson(call.res, 200, entries);
}
