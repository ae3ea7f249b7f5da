import { SOURCE_CTE } from './read-sql.js';

export type BodyShape = 'array' | 'object' | 'csv' | 'none';

export interface ResponseSqlOptions {
  /** The statement that produces the rows: a read, a mutation with RETURNING, or a function call. */
  source: string;
  /** The SELECT over `pgrst_source` that shapes the answer (embeds, columns). */
  shape: string;
  body: BodyShape;
  stripNulls: boolean;
  /** The values are the `pgrst_scalar` column of a function returning a scalar or a set of them. */
  scalar: boolean;
  /** A statement counting the matching rows, for `Prefer: count=exact`; 'page' when the page is all of them. */
  count?: string | 'page';
  /** Report the upsert counter set by the INSERT. */
  inserted?: string;
}

function bodySql(options: ResponseSqlOptions): string {
  const value = options.scalar ? '_postgrest_t.pgrst_scalar' : '_postgrest_t';
  const strip = (sql: string) => (options.stripNulls ? `json_strip_nulls(${sql})` : sql);
  switch (options.body) {
    case 'none':
      return `''`;
    case 'object':
      return `coalesce(${strip(`json_agg(${value})->0`)}, 'null')::text`;
    case 'array':
      return `coalesce(${strip(`json_agg(${value})`)}, '[]')::text`;
    case 'csv': {
      const header =
        `(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k ` +
        `FROM (SELECT row_to_json(hh) AS r FROM ${SOURCE_CTE} AS hh LIMIT 1) s) a)`;
      const rows = `coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), E'\\n'), '')`;
      return `${header} || E'\\n' || ${rows}`;
    }
  }
}

/**
 * The statement a request runs: its rows in a CTE, the answer's JSON (or CSV) built by PostgreSQL, the
 * counts, and the response.headers / response.status settings a function may have set. Every column is text.
 */
export function responseSql(options: ResponseSqlOptions): string {
  const countCte =
    options.count && options.count !== 'page' ? `, pgrst_source_count AS (${options.count})` : '';
  const total =
    options.count === undefined
      ? 'NULL'
      : options.count === 'page'
        ? 'pg_catalog.count(_postgrest_t)::text'
        : '(SELECT pg_catalog.count(*) FROM pgrst_source_count)::text';
  return (
    `WITH ${SOURCE_CTE} AS (${options.source})${countCte} ` +
    `SELECT ${total} AS total, pg_catalog.count(_postgrest_t)::text AS page_total, ${bodySql(options)} AS body, ` +
    `nullif(current_setting('response.headers', true), '') AS response_headers, ` +
    `nullif(current_setting('response.status', true), '') AS response_status, ` +
    `${options.inserted ?? 'NULL'}::text AS inserted ` +
    `FROM (${options.shape}) _postgrest_t`
  );
}

export interface ResponseRow {
  total: string | null;
  page_total: string;
  body: string;
  response_headers: string | null;
  response_status: string | null;
  inserted: string | null;
}
