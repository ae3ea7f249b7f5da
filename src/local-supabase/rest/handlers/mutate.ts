import {
  fail,
  invalidPreferences,
  maxAffectedViolation,
  ok,
  restError,
  RestFailure,
  singularityError,
  type Result,
} from '../errors.js';
import { parseQueryParams } from '../grammar/query-params.js';
import type { LogicTree, QueryParams } from '../grammar/types.js';
import { applyResponseSettings, type RestAnswer } from '../http/answer.js';
import { negotiateMedia } from '../http/media.js';
import { appliedPreferences } from '../http/preferences.js';
import { mutationContentRange } from '../http/range.js';
import { parseJsonBody, requestHeader, type RestRequest } from '../http/request.js';
import { inRequestTransaction } from '../http/transaction.js';
import { buildReadPlan } from '../plan/read-plan.js';
import { resolveCondition } from '../plan/resolve-fields.js';
import type { Condition } from '../plan/types.js';
import { lookupTable } from '../schema/lookup.js';
import { readableColumns, type Table } from '../schema/types.js';
import {
  deleteSql,
  insertSql,
  INSERTED_COUNT,
  type Returning,
  updateSql,
} from '../sql/mutate-sql.js';
import { SqlParams } from '../sql/params.js';
import { readSql } from '../sql/read-sql.js';
import { responseSql } from '../sql/response-sql.js';
import { conflictColumns, mutationInput, type MutationInput } from './mutation-input.js';
import { schemaFor, transactionFor, type HandlerContext } from './context.js';
import { runResponse, toCount } from './statements.js';

type MutationKind = 'insert' | 'update' | 'delete';

function rootConditions(table: Table, filters: LogicTree[]): Result<Condition[]> {
  const conditions: Condition[] = [];
  for (const tree of filters) {
    const resolved = resolveCondition(tree, readableColumns(table), table.name, () => undefined);
    if (!resolved.ok) return resolved;
    conditions.push(resolved.value);
  }
  return ok(conditions);
}

/** Location of a single inserted row, `/table?pk=eq.value`, from the returned primary key columns. */
function locationOf(table: Table, body: string): string | undefined {
  const rows = JSON.parse(body) as Record<string, unknown>[];
  const [row] = rows;
  if (rows.length !== 1 || !row || table.primaryKey.length === 0) return undefined;
  const query = table.primaryKey
    .map((column) => {
      const value = row[column];
      return `${encodeURIComponent(column)}=${value === null ? 'is.null' : `eq.${encodeURIComponent(String(value))}`}`;
    })
    .join('&');
  return `/${table.name}?${query}`;
}

function readInput(request: RestRequest, table: Table, params: QueryParams): Result<MutationInput> {
  const json = parseJsonBody(request);
  if (!json.ok) return json;
  return mutationInput(table, params, json.value.value, json.value.text);
}

/** POST (insert, upsert), PATCH (update) and DELETE on a table, each one statement in one transaction. */
export async function handleMutation(
  ctx: HandlerContext,
  request: RestRequest,
  tableName: string,
): Promise<Result<RestAnswer>> {
  const kind: MutationKind =
    request.method === 'POST' ? 'insert' : request.method === 'PATCH' ? 'update' : 'delete';
  const params = parseQueryParams(request.rawQuery, false);
  if (!params.ok) return params;
  const found = await lookupTable(schemaFor(ctx, request), tableName);
  if (!found.ok) return found;
  const { cache, table } = found.value;
  const { preferences } = request;
  const representation = preferences.return === 'representation';
  const headersOnly = preferences.return === 'headers-only' && kind === 'insert';

  const plan = buildReadPlan({
    cache,
    relation: table.name,
    columns: readableColumns(table),
    source: 'cte',
    params: params.value,
    action: 'mutate',
  });
  if (!plan.ok) return plan;
  const where = rootConditions(table, [
    ...params.value.filters
      .filter((entry) => entry.path.length === 0)
      .map((entry): LogicTree => ({ kind: 'filter', filter: entry.filter })),
    ...params.value.logic.filter((entry) => entry.path.length === 0).map((entry) => entry.tree),
  ]);
  if (!where.ok) return where;
  if (kind !== 'insert' && where.value.length === 0) {
    // Supabase runs PostgREST with pg-safeupdate: an update or delete must say which rows.
    return fail(restError(400, '21000', `${kind.toUpperCase()} requires a WHERE clause`));
  }
  const input = kind === 'delete' ? undefined : readInput(request, table, params.value);
  if (input && !input.ok) return input;
  const conflict =
    kind === 'insert' && preferences.resolution ? conflictColumns(table, params.value) : undefined;
  if (conflict && !conflict.ok) return conflict;
  if (preferences.handling === 'strict' && preferences.invalid.length > 0)
    return fail(invalidPreferences(preferences.invalid));
  const media = negotiateMedia(requestHeader(request, 'accept'));
  if (!media.ok) return media;

  const returning: Returning = representation
    ? 'all'
    : headersOnly && table.primaryKey.length > 0
      ? table.primaryKey
      : 'none';
  const sqlParams = new SqlParams();
  const applyDefaults = preferences.missing === 'default';
  const merge = preferences.resolution === 'merge-duplicates';
  let source: string;
  if (kind === 'insert' && input?.ok) {
    source = insertSql(
      {
        schema: cache.schema,
        table: table.name,
        columns: input.value.columns,
        body: input.value.body,
        applyDefaults,
        ...(conflict?.ok
          ? { onConflict: { columns: conflict.value, resolution: merge ? 'merge' : 'ignore' } }
          : {}),
        returning,
      },
      sqlParams,
    );
  } else if (kind === 'update' && input?.ok) {
    const { columns, body } = input.value;
    source = updateSql(
      {
        schema: cache.schema,
        table: table.name,
        columns,
        body,
        applyDefaults,
        where: where.value,
        returning,
      },
      sqlParams,
    );
  } else {
    source = deleteSql(cache.schema, table.name, where.value, returning, sqlParams);
  }
  const sql = responseSql({
    source,
    shape: representation ? readSql(plan.value, sqlParams) : 'SELECT * FROM pgrst_source',
    body: representation ? media.value.shape : headersOnly ? 'array' : 'none',
    stripNulls: media.value.stripNulls,
    scalar: false,
    count: 'page',
    ...(merge && kind === 'insert' ? { inserted: INSERTED_COUNT } : {}),
  });

  const result = await inRequestTransaction(transactionFor(ctx, request, false), async (tx) => {
    const row = await runResponse(tx, sql, sqlParams);
    const affected = Number(row.page_total);
    // A failed singular or max-affected check rolls the change back, as in PostgREST.
    if (media.value.shape === 'object' && affected !== 1)
      throw new RestFailure(singularityError(affected));
    if (
      preferences.handling === 'strict' &&
      preferences.maxAffected !== undefined &&
      kind !== 'insert' &&
      affected > preferences.maxAffected
    ) {
      throw new RestFailure(maxAffectedViolation(affected));
    }
    return row;
  });
  if (!result.ok) return result;
  const row = result.value;
  const affected = Number(row.page_total);
  const counted = preferences.count ? toCount(row.total) : undefined;
  const headers: Record<string, string> = {
    'content-range': mutationContentRange(kind, affected, counted),
  };
  const applied = appliedPreferences(
    preferences,
    kind === 'insert'
      ? ['resolution', 'return', 'count', 'tx', 'missing']
      : kind === 'update'
        ? ['return', 'count', 'tx', 'missing', 'max-affected']
        : ['return', 'count', 'tx', 'max-affected'],
  );
  if (applied) headers['preference-applied'] = applied;
  let status: number;
  if (kind === 'insert') {
    const inserted = row.inserted === null ? undefined : Number(row.inserted);
    status = merge && inserted !== undefined && inserted <= 0 ? 200 : 201;
    if (headersOnly) {
      const location = locationOf(table, row.body);
      if (location) headers.location = location;
    }
  } else {
    status = representation ? 200 : 204;
  }
  let body = '';
  if (representation) {
    body = row.body;
    headers['content-type'] = media.value.contentType;
    if (request.profileNegotiated) headers['content-profile'] = request.schema;
  }
  return ok(
    applyResponseSettings({ status, headers, body }, row.response_headers, row.response_status),
  );
}
