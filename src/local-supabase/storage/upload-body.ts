import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { parseBoundedJson } from '../bounded-json.js';
import { BodyTooLargeError, readBody } from '../http.js';
import type { ObjectFiles, WrittenFile } from './disk.js';
import { storageErrors } from './errors.js';

export interface UploadedFile extends WrittenFile {
  mimeType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
}

export interface UploadLimits {
  maxBytes: number;
  /** Empty or null: any type. Entries like `image/*` allow a whole family. */
  allowedMimeTypes: readonly string[] | null;
}

// storage-api caps user metadata at 1 MiB; the multipart envelope gets that much room beyond the file.
const MULTIPART_OVERHEAD = 1024 * 1024;

/** storage-api's check: `type/subtype` must match an allowed entry exactly or by `type/*`. */
export function checkMimeType(mimeType: string, allowed: readonly string[] | null): void {
  if (!allowed || allowed.length === 0) return;
  const [type, subtype] = mimeType.split(';')[0]?.trim().split('/') ?? [];
  if (!type || !subtype) throw storageErrors.invalidMimeType(mimeType);
  const ok = allowed.some((entry) => {
    const [allowedType, allowedSubtype] = entry.split('/');
    return allowedType === type && (allowedSubtype === '*' || allowedSubtype === subtype);
  });
  if (!ok) throw storageErrors.invalidMimeType(mimeType);
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  const json = parseBoundedJson(text);
  // Metadata too deep for the database is refused; storage-api ignores merely unparsable metadata.
  if (!json.ok && json.problem === 'too_deep') throw storageErrors.invalidRequest(json.message);
  const value = json.ok ? json.value : null;
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

async function fromMultipart(
  req: IncomingMessage,
  files: ObjectFiles,
  limits: UploadLimits,
): Promise<UploadedFile> {
  let body: Buffer;
  try {
    body = await readBody(req, limits.maxBytes + MULTIPART_OVERHEAD);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw storageErrors.entityTooLarge();
    throw error;
  }
  let form: FormData;
  try {
    form = await new Response(body, {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
  } catch (_error) {
    throw storageErrors.noContent();
  }
  const file = [...form.values()].find((value) => typeof value !== 'string');
  if (!file || typeof file === 'string') throw storageErrors.noContent();
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const mimeType = field('contentType') || file.type || 'application/octet-stream';
  checkMimeType(mimeType, limits.allowedMimeTypes);
  if (file.size > limits.maxBytes) throw storageErrors.entityTooLarge();
  const userMetadata = parseJsonObject(field('metadata') ?? field('userMetadata'));
  const written = await files.writeTemp(
    Readable.from(Buffer.from(await file.arrayBuffer())),
    limits.maxBytes,
  );
  const cacheTime = field('cacheControl');
  return {
    ...written,
    mimeType,
    cacheControl: cacheTime ? `max-age=${cacheTime}` : 'no-cache',
    userMetadata,
  };
}

async function fromRawBody(
  req: IncomingMessage,
  files: ObjectFiles,
  limits: UploadLimits,
): Promise<UploadedFile> {
  const mimeType = req.headers['content-type'] || 'application/octet-stream';
  checkMimeType(mimeType, limits.allowedMimeTypes);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) throw storageErrors.entityTooLarge();
  const metadataHeader = req.headers['x-metadata'];
  const userMetadata =
    typeof metadataHeader === 'string'
      ? parseJsonObject(Buffer.from(metadataHeader, 'base64').toString('utf8'))
      : null;
  const written = await files.writeTemp(req, limits.maxBytes);
  return {
    ...written,
    mimeType,
    cacheControl: req.headers['cache-control'] ?? 'no-cache',
    userMetadata,
  };
}

/** The two bodies storage-js sends: multipart/form-data (Blob, File, FormData) or the raw bytes with headers. */
export function receiveUpload(
  req: IncomingMessage,
  files: ObjectFiles,
  limits: UploadLimits,
): Promise<UploadedFile> {
  return (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
    ? fromMultipart(req, files, limits)
    : fromRawBody(req, files, limits);
}
