import type { SqlClient } from '../../db/index.js';
import { countSql } from '../sql/read-sql.js';
import { SqlParams } from '../sql/params.js';
import type { ResponseRow } from '../sql/response-sql.js';
import type { ReadNode } from '../plan/types.js';

export async function runResponse(
  tx: SqlClient,
  sql: string,
  params: SqlParams,
): Promise<ResponseRow> {
  const result = await tx.query<ResponseRow>(sql, params.values);
  const row = result.rows[0];
  if (!row) throw new Error('the response statement returned no row');
  return row;
}

/** `Prefer: count=planned`: the planner's row estimate for the count query, as PostgREST reads it from EXPLAIN. */
export async function plannedCount(tx: SqlClient, node: ReadNode): Promise<number> {
  const params = new SqlParams();
  const sql = `EXPLAIN (FORMAT JSON) ${countSql(node, params)}`;
  const result = await tx.query<Record<string, unknown>>(sql, params.values);
  const raw = Object.values(result.rows[0] ?? {})[0];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    Plan?: { 'Plan Rows'?: number };
  }[];
  return Math.round(plan[0]?.Plan?.['Plan Rows'] ?? 0);
}

export function toCount(text: string | null): number | undefined {
  return text === null ? undefined : Number(text);
}
