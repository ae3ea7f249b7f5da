import { z } from 'zod';
import { sendJson } from '../http.js';
import { parseByteSize } from '../project-config.js';
import { callerOf, ownerOf } from './caller.js';
import { countObjects, deleteAllObjects } from './object-rows.js';
import {
  deleteBucket,
  findBucket,
  insertBucket,
  listBuckets,
  updateBucket,
  type BucketChanges,
} from './bucket-rows.js';
import { fromDatabaseError, storageErrors } from './errors.js';
import { mustBeValidBucketName } from './names.js';
import { removeFiles } from './remove.js';
import { asCaller, param, readJson, type StorageCall } from './storage-call.js';

const sizeLimit = z.union([z.number(), z.string()]).nullish();
const mimeTypes = z.array(z.string()).nullish();

const createBody = z.object({
  id: z.string().optional(),
  name: z.string(),
  public: z.boolean().nullish(),
  file_size_limit: sizeLimit,
  allowed_mime_types: mimeTypes,
  type: z.string().nullish(),
});

const updateBody = z.object({
  public: z.boolean().nullish(),
  file_size_limit: sizeLimit,
  allowed_mime_types: mimeTypes,
});

// storage-api's shape check for allowed_mime_types entries.
const MIME_TYPE = /^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/;

function fileSizeLimitOf(
  call: StorageCall,
  value: number | string | null | undefined,
): number | null | undefined {
  if (value === undefined || value === null) return value;
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    throw storageErrors.invalidRequest(
      'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B',
    );
  }
  if (bytes > call.maxUploadBytes) throw storageErrors.entityTooLarge();
  return bytes;
}

function mimeTypesOf(value: string[] | null | undefined): string[] | null | undefined {
  if (!value) return value;
  const types = value.filter((type) => type);
  const bad = types.find((type) => type.length > 1000 || !MIME_TYPE.test(type));
  if (bad !== undefined) throw storageErrors.invalidMimeType(bad);
  return types;
}

export async function handleListBuckets(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const number = (name: string) => {
    const value = call.query.get(name);
    return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const buckets = await asCaller(call, caller.claims, (tx) =>
    listBuckets(tx, {
      limit: number('limit'),
      offset: number('offset'),
      search: call.query.get('search') ?? undefined,
      sortColumn: call.query.get('sortColumn') ?? undefined,
      sortOrder: call.query.get('sortOrder') ?? undefined,
    }),
  );
  sendJson(call.res, 200, buckets);
}

export async function handleGetBucket(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const bucket = await asCaller(call, caller.claims, (tx) => findBucket(tx, param(call, 0)));
  if (!bucket) throw storageErrors.noSuchBucket();
  sendJson(call.res, 200, bucket);
}

export async function handleCreateBucket(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const body = await readJson(call, createBody);
  const name = mustBeValidBucketName(body.name);
  const id = mustBeValidBucketName(body.id || name);
  if (body.type && body.type !== 'STANDARD') {
    throw storageErrors.invalidRequest(
      `Bucket type ${body.type} is not supported by the embedded stack`,
    );
  }
  const { owner, ownerId } = ownerOf(caller);
  try {
    await asCaller(call, caller.claims, (tx) =>
      insertBucket(tx, {
        id,
        name,
        owner,
        ownerId,
        public: body.public ?? false,
        fileSizeLimit: fileSizeLimitOf(call, body.file_size_limit) ?? null,
        allowedMimeTypes: mimeTypesOf(body.allowed_mime_types) ?? null,
      }),
    );
  } catch (error) {
    throw fromDatabaseError(error, storageErrors.bucketAlreadyExists);
  }
  sendJson(call.res, 200, { name });
}

export async function handleUpdateBucket(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const id = mustBeValidBucketName(param(call, 0));
  const body = await readJson(call, updateBody);
  const changes: BucketChanges = {
    ...(body.public !== undefined && body.public !== null && { public: body.public }),
    ...(body.file_size_limit !== undefined && {
      fileSizeLimit: fileSizeLimitOf(call, body.file_size_limit),
    }),
    ...(body.allowed_mime_types !== undefined && {
      allowedMimeTypes: mimeTypesOf(body.allowed_mime_types),
    }),
  };
  if (Object.keys(changes).length === 0) throw storageErrors.noContent();
  let updated: boolean;
  try {
    updated = await asCaller(call, caller.claims, (tx) => updateBucket(tx, id, changes));
  } catch (error) {
    throw fromDatabaseError(error);
  }
  if (!updated) throw storageErrors.noSuchBucket();
  sendJson(call.res, 200, { message: 'Successfully updated' });
}

/** The caller must see the bucket (RLS on storage.buckets); the objects then go with service rights, as storage-api's admin queue does. */
export async function handleEmptyBucket(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const id = param(call, 0);
  const visible = await asCaller(call, caller.claims, (tx) => findBucket(tx, id));
  if (!visible) throw storageErrors.noSuchBucket();
  const removed = await call.stack.db.transaction((tx) => deleteAllObjects(tx, id));
  await removeFiles(call, removed);
  sendJson(call.res, 200, { message: 'Successfully emptied' });
}

export async function handleDeleteBucket(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const id = mustBeValidBucketName(param(call, 0));
  // Whether a bucket exists or holds objects is told only to a caller who may see it (RLS on storage.buckets).
  const visible = await asCaller(call, caller.claims, (tx) => findBucket(tx, id));
  if (!visible) throw storageErrors.noSuchBucket();
  if ((await countObjects(call.stack.db, id)) > 0) throw storageErrors.bucketNotEmpty();
  let deleted: boolean;
  try {
    deleted = await asCaller(call, caller.claims, (tx) => deleteBucket(tx, id));
  } catch (error) {
    throw fromDatabaseError(error);
  }
  if (!deleted) throw storageErrors.noSuchBucket();
  await call.files.removeBucket(id);
  sendJson(call.res, 200, { message: 'Successfully deleted' });
}
