import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { parseBoundedJson } from '../bounded-json.js';
import { BodyTooLargeError, readBody } from '../http.js';
import { AuthError } from './errors.js';

/** GoTrue refuses request bodies over 1 MiB (limitRequestBody in its api.go). */
export const AUTH_BODY_LIMIT = 1 << 20;

/** Reads the raw body, mapping an oversized one to GoTrue's 413. */
export async function readAuthBody(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readBody(req, AUTH_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new AuthError(
        413,
        'request_entity_too_large',
        `Request body too large (max ${AUTH_BODY_LIMIT} bytes)`,
      );
    }
    throw error;
  }
}

function badJson(detail: string): AuthError {
  return new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${detail}`);
}

/**
 * Parses a JSON request body against `schema`, answering GoTrue's 400 bad_json for text that is not
 * JSON or fields of the wrong type. An empty body is an error, as Go's json.Unmarshal makes it;
 * pass `allowEmpty` where GoTrue skips parsing an empty body.
 */
export async function readJsonBody<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  options: { allowEmpty?: boolean } = {},
): Promise<z.infer<S>> {
  const raw = (await readAuthBody(req)).toString('utf8');
  let value: unknown;
  if (raw.trim() === '' && options.allowEmpty) {
    value = {};
  } else {
    const json = parseBoundedJson(raw);
    if (!json.ok) throw badJson(json.message);
    value = json.value;
  }
  // Go decodes a JSON null into an empty struct.
  if (value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badJson(
      `json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into an object`,
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw badJson(`json: cannot unmarshal field "${field}": ${issue?.message ?? 'invalid value'}`);
  }
  return parsed.data;
}
