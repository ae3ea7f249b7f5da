import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { abandonable, clientLeft } from '../abandon.js';
import type { ServiceFactory, StackContext } from '../context.js';
import { AbandonedError } from '../db/index.js';
import { RoleNotAllowedError } from '../request-role.js';
import {
  handleCreateBucket,
  handleDeleteBucket,
  handleEmptyBucket,
  handleGetBucket,
  handleListBuckets,
  handleUpdateBucket,
} from './buckets.js';
import { ObjectFiles } from './disk.js';
import { handleDownload, handleInfo } from './download.js';
import { fromDatabaseError, StorageApiError, sendStorageError, storageErrors } from './errors.js';
import { handleList } from './list.js';
import { decodeSegments } from './names.js';
import { handleRemoveMany, handleRemoveOne } from './remove.js';
import { handleSign, handleSignMany, handleSignedDownload } from './signed-urls.js';
import type { StorageCall } from './storage-call.js';
import { handleCopy, handleMove } from './transfer.js';
import { handleUpload } from './upload.js';

// The Supabase CLI's default `[storage] file_size_limit`.
const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

type Handler = (call: StorageCall) => Promise<void>;

interface Route {
  methods: readonly string[];
  /** Matched against the raw (still percent-encoded) path; groups become the call's params. */
  pattern: RegExp;
  handler: Handler;
}

const B = '([^/]+)';
const KEY = '(.+)';
const route = (methods: string, path: string, handler: Handler): Route => ({
  methods: methods.split(','),
  pattern: new RegExp(`^${path}/?$`),
  handler,
});

// Same precedence as storage-api's routes: fixed words before a bucket name in the same position.
const ROUTES: readonly Route[] = [
  route('GET', '/bucket', handleListBuckets),
  route('POST', '/bucket', handleCreateBucket),
  route('POST', `/bucket/${B}/empty`, handleEmptyBucket),
  route('GET', `/bucket/${B}`, handleGetBucket),
  route('PUT', `/bucket/${B}`, handleUpdateBucket),
  route('DELETE', `/bucket/${B}`, handleDeleteBucket),
  route('POST', `/object/list/${B}`, handleList),
  route('POST', '/object/move', handleMove),
  route('POST', '/object/copy', handleCopy),
  route('POST', `/object/sign/${B}/${KEY}`, handleSign),
  route('POST', `/object/sign/${B}`, handleSignMany),
  route('GET', `/object/sign/${B}/${KEY}`, handleSignedDownload),
  route('GET,HEAD', `/object/public/${B}/${KEY}`, (call) => handleDownload(call, 'public')),
  route('GET,HEAD', `/object/authenticated/${B}/${KEY}`, (call) =>
    handleDownload(call, 'authenticated'),
  ),
  route('GET', `/object/info/public/${B}/${KEY}`, (call) => handleInfo(call, 'public')),
  route('GET', `/object/info/authenticated/${B}/${KEY}`, (call) =>
    handleInfo(call, 'authenticated'),
  ),
  route('GET', `/object/info/${B}/${KEY}`, (call) => handleInfo(call, 'default')),
  route('GET,HEAD', `/object/${B}/${KEY}`, (call) => handleDownload(call, 'default')),
  route('POST,PUT', `/object/${B}/${KEY}`, handleUpload),
  route('DELETE', `/object/${B}/${KEY}`, handleRemoveOne),
  route('DELETE', `/object/${B}`, handleRemoveMany),
];

function match(
  method: string,
  subpath: string,
): { handler: Handler; params: string[] } | undefined {
  for (const candidate of ROUTES) {
    if (!candidate.methods.includes(method)) continue;
    const found = candidate.pattern.exec(subpath);
    if (found)
      return {
        handler: candidate.handler,
        params: found.slice(1).map((raw) => decodeSegments(raw.split('/'))),
      };
  }
  return undefined;
}

async function answer(
  stack: StackContext,
  files: ObjectFiles,
  maxUploadBytes: number,
  req: IncomingMessage,
  res: ServerResponse,
  subpath: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  // A client gone before its answer leaves no queued work behind (abandon.ts).
  const db = abandonable(stack.db, clientLeft(res));
  try {
    const found = match(method, subpath);
    if (!found) throw storageErrors.routeNotFound(method, req.url ?? subpath);
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    await found.handler({
      stack: { ...stack, db },
      files,
      maxUploadBytes,
      req,
      res,
      query,
      params: found.params,
    });
  } catch (error) {
    if (error instanceof AbandonedError) {
      res.destroy();
      return;
    }
    let failure: StorageApiError;
    if (error instanceof StorageApiError) failure = error;
    // A token whose role the request may not take (postgres, an unknown role) is refused, not a fault.
    else if (error instanceof RoleNotAllowedError) failure = fromDatabaseError(error);
    else {
      process.stderr.write(
        `storage: ${method} ${req.url}: ${(error as Error)?.stack ?? String(error)}\n`,
      );
      failure = storageErrors.internal();
    }
    // A body the handler never read is drained so the client gets this answer, not a reset connection.
    if (!req.readableEnded) req.resume();
    if (res.headersSent) res.end();
    else sendStorageError(res, failure, method === 'HEAD');
  }
}

/** Supabase Storage (storage-api) on the local disk, with object metadata and RLS in storage.objects. */
export const createStorageService: ServiceFactory = async (stack) => {
  const files = new ObjectFiles(stack.config.storageDir);
  await mkdir(files.root, { recursive: true });
  await files.clearTemp();
  const maxUploadBytes = stack.project.storage.fileSizeLimit ?? DEFAULT_MAX_UPLOAD_BYTES;
  return {
    handle: (req, res, subpath) => answer(stack, files, maxUploadBytes, req, res, subpath),
    async close() {},
  };
};
