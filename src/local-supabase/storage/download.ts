import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { sendJson } from '../http.js';
import { parseByteRange } from './byte-range.js';
import { callerOf } from './caller.js';
import { findBucket } from './bucket-rows.js';
import { storageErrors } from './errors.js';
import { mustBeValidBucketName, mustBeValidKey } from './names.js';
import { findObject, type ObjectRow } from './object-rows.js';
import { asCaller, param, type StorageCall } from './storage-call.js';

/** `/object/...` lets a missing or bad token through as anon; `/object/authenticated/...` does not; `/object/public/...` needs a public bucket. */
export type ReadRoute = 'default' | 'authenticated' | 'public';

/**
 * Finds the object a read route names, as storage-api does: an unauthenticated caller may only read
 * public buckets, public buckets are read without RLS, private ones as the caller.
 */
async function findReadable(call: StorageCall, route: ReadRoute): Promise<ObjectRow> {
  const bucketId = mustBeValidBucketName(param(call, 0));
  const key = mustBeValidKey(param(call, 1));
  const bucket = await findBucket(call.stack.db, bucketId);
  let row: ObjectRow | undefined;
  if (route === 'public') {
    if (!bucket?.public) throw storageErrors.noSuchBucket();
    row = await findObject(call.stack.db, bucketId, key);
  } else {
    const mode = route === 'default' ? 'optional' : 'required';
    const caller = await callerOf(call.req, call.stack.config.jwtSecret, mode);
    if (!bucket || (!caller.authenticated && !bucket.public)) throw storageErrors.noSuchBucket();
    row = bucket.public
      ? await findObject(call.stack.db, bucketId, key)
      : await asCaller(call, caller.claims, (tx) => findObject(tx, bucketId, key));
  }
  if (!row) throw storageErrors.noSuchKey();
  return row;
}

function contentDisposition(download: string | null): Record<string, string> {
  if (download === null) return {};
  if (download === '') return { 'content-disposition': 'attachment;' };
  const name = encodeURIComponent(download);
  return { 'content-disposition': `attachment; filename=${name}; filename*=UTF-8''${name}` };
}

/** Streams an object's bytes with the headers storage-api's asset renderer sets. */
export async function sendObject(
  call: StorageCall,
  row: ObjectRow,
  options: { expires?: Date } = {},
): Promise<void> {
  const found = row.version
    ? await call.files.find(row.bucket_id, row.name, row.version)
    : undefined;
  if (!found) throw storageErrors.noSuchKey();
  const meta = row.metadata;
  if (call.req.headers['if-none-match'] && call.req.headers['if-none-match'] === meta?.eTag) {
    call.res.writeHead(304, { etag: meta.eTag }).end();
    return;
  }
  const range = parseByteRange(call.req.headers.range, found.size);
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': meta?.mimetype ?? 'application/octet-stream',
    'content-length': String(range ? range.end - range.start + 1 : found.size),
    'last-modified': new Date(meta?.lastModified ?? found.mtime).toUTCString(),
    'x-robots-tag': 'none',
    ...(meta?.eTag && { etag: meta.eTag }),
    ...(range && { 'content-range': `bytes ${range.start}-${range.end}/${found.size}` }),
    // A signed URL's answer is cacheable only until the token expires.
    ...(options.expires
      ? { expires: options.expires.toUTCString() }
      : meta?.cacheControl && { 'cache-control': meta.cacheControl }),
    ...contentDisposition(call.query.get('download')),
  };
  call.res.writeHead(range ? 206 : 200, headers);
  if (call.req.method === 'HEAD') {
    call.res.end();
    return;
  }
  await pipeline(createReadStream(found.file, range), call.res);
}

export async function handleDownload(call: StorageCall, route: ReadRoute): Promise<void> {
  await sendObject(call, await findReadable(call, route));
}

/** GET /object/info/...: storage-api's info renderer body. */
export async function handleInfo(call: StorageCall, route: ReadRoute): Promise<void> {
  const row = await findReadable(call, route);
  const meta = row.metadata;
  sendJson(call.res, 200, {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: meta?.size ?? null,
    content_type: meta?.mimetype ?? null,
    cache_control: meta?.cacheControl ?? null,
    etag: meta?.eTag ?? null,
    metadata: row.user_metadata,
    last_modified: row.updated_at,
    created_at: row.created_at,
  });
}
