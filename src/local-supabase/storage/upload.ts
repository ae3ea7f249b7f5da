import { randomUUID } from 'node:crypto';
import { sendJson } from '../http.js';
import { callerOf, ownerOf } from './caller.js';
import { findBucket } from './bucket-rows.js';
import { fromDatabaseError, storageErrors } from './errors.js';
import { mustBeValidBucketName, mustBeValidKey } from './names.js';
import { findObject, insertObject, upsertObject, type ObjectMetadata } from './object-rows.js';
import { asCaller, param, type StorageCall } from './storage-call.js';
import { receiveUpload } from './upload-body.js';

/**
 * POST /object/:bucket/*key (x-upsert: true replaces) and PUT (always replaces), as storage-api's
 * createObject and updateObject. The row is written as the caller so RLS decides; the bytes are renamed
 * into place inside that transaction and the replaced version's bytes are deleted only after it commits.
 */
export async function handleUpload(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const bucketId = mustBeValidBucketName(param(call, 0));
  const key = mustBeValidKey(param(call, 1));
  const upsert = call.req.method === 'PUT' || call.req.headers['x-upsert'] === 'true';

  const bucket = await findBucket(call.stack.db, bucketId);
  if (!bucket) throw storageErrors.noSuchBucket();
  const maxBytes = Math.min(bucket.file_size_limit ?? call.maxUploadBytes, call.maxUploadBytes);
  const file = await receiveUpload(call.req, call.files, {
    maxBytes,
    allowedMimeTypes: bucket.allowed_mime_types,
  });

  const version = randomUUID();
  const metadata: ObjectMetadata = {
    eTag: file.eTag,
    size: file.size,
    mimetype: file.mimeType,
    cacheControl: file.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: file.size,
    httpStatusCode: 200,
  };
  const { owner, ownerId } = ownerOf(caller);
  const row = {
    id: randomUUID(),
    bucketId,
    name: key,
    owner,
    ownerId,
    version,
    metadata,
    userMetadata: file.userMetadata,
  };
  // Read with service rights only to know which old bytes to clean up; the write below is what RLS judges.
  const replaced = upsert ? (await findObject(call.stack.db, bucketId, key))?.version : undefined;

  let id: string;
  try {
    id = await asCaller(call, caller.claims, async (tx) => {
      const written = upsert ? await upsertObject(tx, row) : (await insertObject(tx, row), row.id);
      await call.files.place(file.tempPath, bucketId, key, version);
      return written;
    });
  } catch (error) {
    await call.files.removeTemp(file.tempPath);
    await call.files.remove(bucketId, key, version);
    throw fromDatabaseError(error, storageErrors.keyAlreadyExists);
  }
  if (replaced && replaced !== version) await call.files.remove(bucketId, key, replaced);
  sendJson(call.res, 200, { Id: id, Key: `${bucketId}/${key}` });
}
