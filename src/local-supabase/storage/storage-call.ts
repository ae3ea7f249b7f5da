import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodType } from 'zod';
import { parseBoundedJson } from '../bounded-json.js';
import type { StackContext } from '../context.js';
import { BodyTooLargeError, readBody } from '../http.js';
import type { JwtClaims } from '../jwt.js';
import { asRequestRole } from '../request-role.js';
import type { SqlClient } from '../db/index.js';
import type { ObjectFiles } from './disk.js';
import { storageErrors } from './errors.js';

/** What every storage handler works with: the stack, the object files, and the request being answered. */
export interface StorageCall {
  stack: StackContext;
  files: ObjectFiles;
  /** The largest upload the project allows (config.toml `[storage] file_size_limit`, else 50 MiB). */
  maxUploadBytes: number;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  /** Route parameters, already percent-decoded: e.g. [bucket, key]. */
  params: string[];
}

const JSON_BODY_LIMIT = 1024 * 1024;

/** A JSON request body checked against a schema; anything else is storage-api's InvalidRequest. */
export async function readJson<T>(call: StorageCall, schema: ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = (await readBody(call.req, JSON_BODY_LIMIT)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw storageErrors.entityTooLarge();
    throw error;
  }
  const json = text.trim() === '' ? { ok: true as const, value: {} } : parseBoundedJson(text);
  if (!json.ok)
    throw storageErrors.invalidRequest(
      json.problem === 'too_deep' ? json.message : 'Body is not valid JSON',
    );
  const value = json.value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw storageErrors.invalidRequest(
      `body${issue?.path.length ? `/${issue.path.join('/')}` : ''} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return parsed.data;
}

/** One transaction as the caller's role, so RLS on storage.objects and storage.buckets decides. */
export function asCaller<T>(
  call: StorageCall,
  claims: JwtClaims,
  fn: (tx: SqlClient) => Promise<T>,
): Promise<T> {
  return asRequestRole(call.stack.db, claims, fn, {
    method: call.req.method ?? '',
    path: call.req.url ?? '',
  });
}

export function param(call: StorageCall, index: number): string {
  return call.params[index] ?? '';
}
