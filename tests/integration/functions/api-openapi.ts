import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PROJECT_DIR } from '../../../src/local-supabase/stack.js';

// supabase/functions/api/openapi.json, read as a test reads a contract: its operations, and the
// documented schema of each answer, to hold what the function serves against.

type Json = Record<string, unknown>;

export const API_DOCUMENT = JSON.parse(
  readFileSync(
    path.join(DEFAULT_PROJECT_DIR, 'supabase', 'functions', 'api', 'openapi.json'),
    'utf8',
  ),
) as Json;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface DocumentedOperation {
  method: string;
  path: string;
  operationId: string;
  responses: Json;
}

/** Every operation of the document, as method, path template and operationId. */
export function documentedOperations(): DocumentedOperation[] {
  const paths = API_DOCUMENT.paths as Record<string, Json>;
  return Object.entries(paths).flatMap(([template, item]) =>
    HTTP_METHODS.filter((method) => item[method.toLowerCase()] !== undefined).map((method) => {
      const operation = item[method.toLowerCase()] as Json;
      return {
        method,
        path: template,
        operationId: operation.operationId as string,
        responses: operation.responses as Json,
      };
    }),
  );
}

/** `value` with every local `$ref` replaced by what it points at, so zod can read the schema whole. */
function dereferenced(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dereferenced);
  if (typeof value !== 'object' || value === null) return value;
  const ref = (value as Json).$ref;
  if (typeof ref === 'string') {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Json)[key], API_DOCUMENT);
    return dereferenced(target);
  }
  return Object.fromEntries(
    Object.entries(value as Json).map(([key, inner]) => [key, dereferenced(inner)]),
  );
}

/**
 * Why `body` is not what the document says `operationId` answers with `status`, or undefined when it
 * is: an undocumented status, or a body its schema refuses.
 */
export function undocumentedAnswer(
  operationId: string,
  status: number,
  body: unknown,
): string | undefined {
  const operation = documentedOperations().find((each) => each.operationId === operationId);
  if (!operation) return `${operationId} is not in openapi.json`;
  const response = operation.responses[String(status)];
  if (!response) return `${operationId} does not document status ${status}`;
  const content = (dereferenced(response) as Json).content as Json;
  const schema = (content['application/json'] as Json).schema as Json;
  const checked = z.fromJSONSchema(schema as never).safeParse(body);
  return checked.success
    ? undefined
    : `${operationId} ${status}: ${JSON.stringify(checked.error.issues.slice(0, 3))}`;
}
