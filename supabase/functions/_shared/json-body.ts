// A request's JSON body, read no further than a bound, then checked with a zod schema: every mistake is
// VALIDATION_ERROR naming the first field at fault, as the original backend's validation answered.
import type { z } from 'zod';
import { ApiFailure } from './api-response.ts';

/** The body as text, or PAYLOAD_TOO_LARGE as soon as it passes `maxBytes` (a lying Content-Length too). */
export async function boundedText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new ApiFailure('PAYLOAD_TOO_LARGE', `The body must be at most ${maxBytes} bytes.`);
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** `value` as `schema` has it, or VALIDATION_ERROR with the first issue's field and message. */
export function validated<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // A strict object's unknown key is reported on the object; the key itself is the field at fault.
  const path =
    issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = path.length > 0 ? path.map(String).join('.') : undefined;
  throw new ApiFailure(
    'VALIDATION_ERROR',
    field ? `${field}: ${issue.message}` : issue.message,
    field,
  );
}

/** The body parsed as JSON and checked with `schema`. */
export async function readJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxBytes: number,
): Promise<z.output<T>> {
  const text = await boundedText(request, maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (_error) {
    throw new ApiFailure('VALIDATION_ERROR', 'The body must be JSON.');
  }
  return validated(schema, body);
}
