import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sendJson } from '../http.js';
import { callerOf, ownerOf } from './caller.js';
import { fromDatabaseError, storageErrors } from './errors.js';
import { mustBeValidBucketName, mustBeValidKey } from './names.js';
import {
  findObject,
  insertObject,
  moveObjectRow,
  upsertObject,
  type ObjectRow,
} from './object-rows.js';
import { asCaller, readJson, type StorageCall } from './storage-call.js';

const transferBody = z.object({
  bucketId: z.string(),
  sourceKey: z.string(),
  destinationKey: z.string(),
  destinationBucket: z.string().nullish(),
  metadata: z
    .object({ cacheControl: z.string().optional(), mimetype: z.string().optional() })
    .optional(),
  copyMetadata: z.boolean().optional(),
});

async function readTransfer(call: StorageCall) {
  const body = await readJson(call, transferBody);
  const from = {
    bucketId: mustBeValidBucketName(body.bucketId),
    name: mustBeValidKey(body.sourceKey),
  };
  const to = {
    bucketId: mustBeValidBucketName(body.destinationBucket || body.bucketId),
    name: mustBeValidKey(body.destinationKey),
  };
  return { body, from, to };
}

function sourceOrMissing(row: ObjectRow | undefined): ObjectRow & { version: string } {
  if (!row?.version) throw storageErrors.noSuchKey();
  return row as ObjectRow & { version: string };
}

/**
 * POST /object/move: the caller must see the source and be allowed the UPDATE that renames it (RLS).
 * The bytes get a second name inside the transaction; the old name goes only after the commit.
 */
export async function handleMove(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const { from, to } = await readTransfer(call);
  const version = randomUUID();
  const { owner, ownerId } = ownerOf(caller);
  let source: ObjectRow & { version: string };
  try {
    source = await asCaller(call, caller.claims, async (tx) => {
      const found = sourceOrMissing(await findObject(tx, from.bucketId, from.name));
      if (!(await moveObjectRow(tx, from, { ...to, version, owner, ownerId })))
        throw storageErrors.accessDenied();
      await call.files.duplicate(
        call.files.pathOf(from.bucketId, from.name, found.version),
        to.bucketId,
        to.name,
        version,
      );
      return found;
    });
  } catch (error) {
    await call.files.remove(to.bucketId, to.name, version);
    throw fromDatabaseError(error);
  }
  await call.files.remove(from.bucketId, from.name, source.version);
  sendJson(call.res, 200, { message: 'Successfully moved', Id: source.id, Key: to.name });
}

/** POST /object/copy: the caller must see the source and may insert (or, with x-upsert, replace) the destination. */
export async function handleCopy(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const { body, from, to } = await readTransfer(call);
  const upsert = call.req.headers['x-upsert'] === 'true';
  const version = randomUUID();
  const { owner, ownerId } = ownerOf(caller);
  const replaced = upsert
    ? (await findObject(call.stack.db, to.bucketId, to.name))?.version
    : undefined;
  let created: {
    id: string;
    metadata: Record<string, unknown>;
    userMetadata: Record<string, unknown> | null;
  };
  try {
    created = await asCaller(call, caller.claims, async (tx) => {
      const source = sourceOrMissing(await findObject(tx, from.bucketId, from.name));
      const metadata = {
        ...source.metadata,
        ...(body.copyMetadata === false && body.metadata),
        lastModified: new Date().toISOString(),
      };
      const row = {
        id: randomUUID(),
        bucketId: to.bucketId,
        name: to.name,
        owner,
        ownerId,
        version,
        metadata,
        userMetadata: source.user_metadata,
      };
      const id = upsert ? await upsertObject(tx, row) : (await insertObject(tx, row), row.id);
      await call.files.duplicate(
        call.files.pathOf(from.bucketId, from.name, source.version),
        to.bucketId,
        to.name,
        version,
      );
      return { id, metadata, userMetadata: source.user_metadata };
    });
  } catch (error) {
    await call.files.remove(to.bucketId, to.name, version);
    throw fromDatabaseError(error, storageErrors.keyAlreadyExists);
  }
  if (replaced) await call.files.remove(to.bucketId, to.name, replaced);
  sendJson(call.res, 200, {
    Id: created.id,
    Key: `${to.bucketId}/${to.name}`,
    id: created.id,
    name: to.name,
    bucket_id: to.bucketId,
    owner,
    owner_id: ownerId,
    version,
    metadata: created.metadata,
    user_metadata: created.userMetadata,
  });
}
