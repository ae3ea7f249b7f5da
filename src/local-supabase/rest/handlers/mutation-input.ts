import { columnNotFound, fail, invalidBody, ok, restError, type Result } from '../errors.js';
import type { QueryParams } from '../grammar/types.js';
import type { JsonBody } from '../sql/mutate-sql.js';
import type { Column, Table } from '../schema/types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface MutationInput {
  body: JsonBody;
  columns: Column[];
}

/**
 * The body and the columns it writes, as PostgREST reads them: `columns=` names them (other keys are
 * ignored); otherwise the keys of the object, or of an array's objects, which must all have the same keys.
 * A body that is neither an object nor an array of objects writes no rows.
 */
export function mutationInput(
  table: Table,
  params: QueryParams,
  value: unknown,
  text: string,
): Result<MutationInput> {
  let names: string[];
  let body: JsonBody = { text, isObject: isRecord(value) };
  if (params.columns) {
    names = params.columns;
  } else if (isRecord(value)) {
    names = Object.keys(value);
  } else if (Array.isArray(value) && value.length > 0) {
    const [first] = value;
    if (!isRecord(first)) return fail(invalidBody('All object keys must match'));
    names = Object.keys(first);
    const canonical = [...names].sort().join('\u0000');
    const uniform = value.every(
      (item) => isRecord(item) && Object.keys(item).sort().join('\u0000') === canonical,
    );
    if (!uniform) return fail(invalidBody('All object keys must match'));
  } else {
    names = [];
    body = { text: '[]', isObject: false };
  }
  const columns: Column[] = [];
  for (const name of new Set(names)) {
    const column = table.columns.get(name);
    if (!column) return fail(columnNotFound(table.name, name));
    columns.push(column);
  }
  return ok({ body, columns });
}

/** `on_conflict=` columns, else the primary key; PostgreSQL's own message for a name it does not know. */
export function conflictColumns(table: Table, params: QueryParams): Result<string[]> {
  const names = params.onConflict ?? table.primaryKey;
  for (const name of names) {
    if (!table.columns.has(name))
      return fail(restError(400, '42703', `column "${name}" does not exist`));
  }
  return ok(names);
}
