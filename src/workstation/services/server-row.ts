// A row read through PostgREST in the contract's words: timestamps come with a +00:00 offset where the
// contract writes Z, and a bigint count comes as text. Releases and Integrations read rows this way.
import { z } from 'zod';
import { toWireInstant } from '../../contract/wire-types.js';

export interface ServerRowColumns {
  /** Timestamp columns, turned into wire instants (null stays null). */
  readonly instants: readonly string[];
  /** Columns PostgreSQL may send as text (count(*) is a bigint), turned into numbers. */
  readonly numbers?: readonly string[];
}

/** `schema`, after the row's instants and numbers are put in the contract's form. */
export function serverRowSchema<S extends z.ZodType>(schema: S, columns: ServerRowColumns) {
  return z.preprocess((row) => {
    if (typeof row !== 'object' || row === null) return row;
    const fields: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const key of columns.instants) {
      const value = fields[key];
      if (typeof value === 'string') fields[key] = toWireInstant(Date.parse(value));
    }
    for (const key of columns.numbers ?? []) {
      if (typeof fields[key] === 'string') fields[key] = Number(fields[key]);
    }
    return fields;
  }, schema);
}
