import { z } from 'zod';
import { sendJson } from '../http.js';
import { callerOf } from './caller.js';
import { storageErrors } from './errors.js';
import { mustBeValidBucketName, mustBeValidKey } from './names.js';
import { deleteObjects, findObject, type ObjectRow } from './object-rows.js';
import { asCaller, param, readJson, type StorageCall } from './storage-call.js';

// storage-api's MAX_OBJECTS_PER_REQUEST.
const removeBody = z.object({ prefixes: z.array(z.string()).min(1).max(1000) });

/** After the rows are gone the answer stands; bytes that cannot be removed are reported, not thrown. */
export async function removeFiles(call: StorageCall, rows: readonly ObjectRow[]): Promise<void> {
  const results = await Promise.allSettled(
    rows.map((row) => row.version && call.files.remove(row.bucket_id, row.name, row.version)),
  );
  for (const result of results) {
    if (result.status === 'rejected')
      process.stderr.write(`storage: could not remove object bytes: ${String(result.reason)}\n`);
  }
}

/** DELETE /object/:bucket {prefixes}: deletes the named objects the caller may delete and answers with their rows. */
export async function handleRemoveMany(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const bucketId = mustBeValidBucketName(param(call, 0));
  const { prefixes } = await readJson(call, removeBody);
  const deleted = await asCaller(call, caller.claims, (tx) =>
    deleteObjects(tx, bucketId, prefixes),
  );
  await removeFiles(call, deleted);
  sendJson(call.res, 200, deleted);
}

/** DELETE /object/:bucket/*key: a missing object is NoSuchKey; one RLS keeps the caller from deleting is AccessDenied. */
export async function handleRemoveOne(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const bucketId = mustBeValidBucketName(param(call, 0));
  const key = mustBeValidKey(param(call, 1));
  if (!(await findObject(call.stack.db, bucketId, key))) throw storageErrors.noSuchKey();
  const deleted = await asCaller(call, caller.claims, (tx) => deleteObjects(tx, bucketId, [key]));
  if (deleted.length === 0) throw storageErrors.accessDenied();
  await removeFiles(call, deleted);
  sendJson(call.res, 200, { message: 'Successfully deleted' });
}
