import type { Condition } from '../plan/types.js';
import type { Column } from '../schema/types.js';
import { conditionSql } from './conditions.js';
import { ident, qualified, type SqlParams } from './params.js';

export type Returning = 'none' | 'all' | string[];

export interface JsonBody {
  /** The request body as JSON text, bound as one value. */
  text: string;
  isObject: boolean;
}

/** The counter PostgREST keeps to tell an upsert that inserted from one that only updated. */
const INSERTED = `nullif(current_setting('pgrst.inserted', true), '')`;
const COUNT_INSERT = `set_config('pgrst.inserted', (coalesce(${INSERTED}::int, 0) + 1)::text, true) <> '0'`;
const UNCOUNT_UPDATE = `set_config('pgrst.inserted', (coalesce(${INSERTED}::int, 0) - 1)::text, true) <> '-1'`;
export const INSERTED_COUNT = `${INSERTED}::int`;

function returningSql(alias: string, returning: Returning): string {
  if (returning === 'none') return ' RETURNING 1';
  if (returning === 'all') return ` RETURNING ${ident(alias)}.*`;
  return ` RETURNING ${returning.map((column) => `${ident(alias)}.${ident(column)}`).join(', ')}`;
}

/**
 * `FROM (SELECT $1 AS json_data) pgrst_payload, LATERAL (...) pgrst_body`: the body's rows typed as the
 * columns, with each missing key taking the column default when `missing=default` asks for it.
 */
function bodyRowsSql(
  body: JsonBody,
  columns: Column[],
  params: SqlParams,
  applyDefaults: boolean,
  limitOne: boolean,
): string {
  const payload = `(SELECT ${params.add(body.text)}::${applyDefaults ? 'jsonb' : 'json'} AS json_data) pgrst_payload`;
  let source = 'pgrst_payload.json_data';
  let defaults = '';
  const withDefault = columns.filter((column) => column.default !== null);
  if (applyDefaults && withDefault.length > 0) {
    const built = `jsonb_build_object(${withDefault.map((column) => `${params.add(column.name)}::text, ${column.default}`).join(', ')})`;
    defaults = body.isObject
      ? `LATERAL (SELECT ${built} || pgrst_payload.json_data AS val) pgrst_json_defs, `
      : `LATERAL (SELECT jsonb_agg(${built} || elem) AS val FROM jsonb_array_elements(pgrst_payload.json_data) elem) pgrst_json_defs, `;
    source = 'pgrst_json_defs.val';
  }
  const prefix = applyDefaults ? 'jsonb' : 'json';
  const limit = limitOne ? ' LIMIT 1' : '';
  let rows: string;
  if (columns.length === 0) {
    rows = body.isObject
      ? `(SELECT FROM (VALUES (1)) _)`
      : `(SELECT FROM ${prefix}_array_elements(${source}) _${limit})`;
  } else {
    const names = columns.map((column) => ident(column.name)).join(', ');
    const typed = columns.map((column) => `${ident(column.name)} ${column.type}`).join(', ');
    const reader = body.isObject ? `${prefix}_to_record` : `${prefix}_to_recordset`;
    rows = `(SELECT ${names} FROM ${reader}(${source}) AS _(${typed})${limit})`;
  }
  return `FROM ${payload}, ${defaults}LATERAL ${rows} pgrst_body`;
}

export interface InsertOptions {
  schema: string;
  table: string;
  columns: Column[];
  body: JsonBody;
  applyDefaults: boolean;
  onConflict?: { columns: string[]; resolution: 'merge' | 'ignore' };
  returning: Returning;
}

export function insertSql(options: InsertOptions, params: SqlParams): string {
  const { schema, table, columns, onConflict } = options;
  const names = columns.map((column) => ident(column.name));
  const target = names.length > 0 ? ` (${names.join(', ')})` : '';
  const selected = columns.map((column) => `pgrst_body.${ident(column.name)}`).join(', ');
  const merge = onConflict?.resolution === 'merge';
  let sql = `INSERT INTO ${qualified(schema, table)} AS ${ident(table)}${target} SELECT ${selected} `;
  sql += bodyRowsSql(options.body, columns, params, options.applyDefaults, false);
  if (merge) sql += ` WHERE ${COUNT_INSERT}`;
  if (onConflict && onConflict.columns.length > 0) {
    sql += ` ON CONFLICT (${onConflict.columns.map(ident).join(', ')}) `;
    if (!merge || names.length === 0) sql += 'DO NOTHING';
    else
      sql += `DO UPDATE SET ${names.map((name) => `${name} = EXCLUDED.${name}`).join(', ')} WHERE ${UNCOUNT_UPDATE}`;
  }
  return sql + returningSql(table, options.returning);
}

export interface UpdateOptions {
  schema: string;
  table: string;
  columns: Column[];
  body: JsonBody;
  applyDefaults: boolean;
  where: Condition[];
  returning: Returning;
}

export function updateSql(options: UpdateOptions, params: SqlParams): string {
  const { schema, table, columns } = options;
  const alias = ident(table);
  // No columns to set: select nothing from the table, so the answer is still shaped like the table.
  if (columns.length === 0)
    return `SELECT ${alias}.* FROM ${qualified(schema, table)} AS ${alias} WHERE false`;
  const sets = columns
    .map((column) => `${ident(column.name)} = pgrst_body.${ident(column.name)}`)
    .join(', ');
  let sql = `UPDATE ${qualified(schema, table)} AS ${alias} SET ${sets} `;
  sql += bodyRowsSql(options.body, columns, params, options.applyDefaults, true);
  const conditions = options.where.map((condition) => conditionSql(table, condition, params));
  if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
  return sql + returningSql(table, options.returning);
}

export function deleteSql(
  schema: string,
  table: string,
  where: Condition[],
  returning: Returning,
  params: SqlParams,
): string {
  let sql = `DELETE FROM ${qualified(schema, table)} AS ${ident(table)}`;
  const conditions = where.map((condition) => conditionSql(table, condition, params));
  if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
  return sql + returningSql(table, returning);
}
