import {
  fail,
  invalidPreferences,
  invalidRange,
  ok,
  RestFailure,
  singularityError,
  type Result,
} from '../errors.js';
import { parseQueryParams } from '../grammar/query-params.js';
import type { RestAnswer } from '../http/answer.js';
import { applyResponseSettings } from '../http/answer.js';
import { negotiateMedia } from '../http/media.js';
import { appliedPreferences } from '../http/preferences.js';
import { rangeAnswer, topLevelRange } from '../http/range.js';
import { requestHeader, type RestRequest } from '../http/request.js';
import {
  inRequestTransaction,
  requestStatement,
  type TransactionOptions,
} from '../http/transaction.js';
import { buildReadPlan } from '../plan/read-plan.js';
import { lookupTable } from '../schema/lookup.js';
import { readableColumns } from '../schema/types.js';
import { SqlParams } from '../sql/params.js';
import { countSql, readSql } from '../sql/read-sql.js';
import { responseSql, type ResponseRow } from '../sql/response-sql.js';
import { schemaFor, transactionFor, type HandlerContext } from './context.js';
import { plannedCount, runResponse, toCount } from './statements.js';

/** The read as one batch; a singular read that did not find exactly one row rolls back, as PostgREST does. */
async function readInOneBatch(
  transaction: TransactionOptions,
  sql: string,
  params: SqlParams,
  notSingular: (row: ResponseRow) => boolean,
): Promise<Result<{ row: ResponseRow; planned: undefined }>> {
  const result = await requestStatement<ResponseRow>(
    transaction,
    { text: sql, values: params.values, prepare: true },
    (rows) => !rows[0] || notSingular(rows[0]),
  );
  if (!result.ok) return result;
  const row = result.value[0];
  if (!row) throw new Error('the response statement returned no row');
  if (notSingular(row)) return fail(singularityError(Number(row.page_total)));
  return ok({ row, planned: undefined });
}

/** GET/HEAD on a table or view: rows as JSON built by PostgreSQL, with counts and ranges per PostgREST. */
export async function handleRead(
  ctx: HandlerContext,
  request: RestRequest,
  tableName: string,
): Promise<Result<RestAnswer>> {
  const params = parseQueryParams(request.rawQuery, false);
  if (!params.ok) return params;
  const found = await lookupTable(schemaFor(ctx, request), tableName);
  if (!found.ok) return found;
  const { cache, table } = found.value;
  const range = topLevelRange(
    params.value.ranges.get(''),
    request.method === 'GET' ? requestHeader(request, 'range') : undefined,
  );
  if (!range.ok) return range;
  const ranges = new Map(params.value.ranges).set('', range.value);
  const plan = buildReadPlan({
    cache,
    relation: table.name,
    columns: readableColumns(table),
    source: 'table',
    params: { ...params.value, ranges },
    action: 'read',
    maxRows: ctx.settings.maxRows,
  });
  if (!plan.ok) return plan;
  const media = negotiateMedia(requestHeader(request, 'accept'));
  if (!media.ok) return media;
  const { preferences } = request;
  if (preferences.handling === 'strict' && preferences.invalid.length > 0)
    return fail(invalidPreferences(preferences.invalid));

  const root = plan.value;
  const sqlParams = new SqlParams();
  const source = readSql(root, sqlParams);
  const counting = preferences.count === 'exact' || preferences.count === 'estimated';
  const { maxRows } = ctx.settings;
  // The page is every matching row only when nothing limits it; otherwise count separately.
  const wholeTable =
    range.value.offset === 0 && range.value.limit === undefined && maxRows === undefined;
  // An estimated count counts exactly up to max-rows, then takes the planner's estimate (PostgREST).
  const countLimit =
    preferences.count === 'estimated' && maxRows !== undefined ? maxRows + 1 : undefined;
  const isHead = request.method === 'HEAD';
  const sql = responseSql({
    source,
    shape: `SELECT * FROM pgrst_source`,
    body: isHead ? 'none' : media.value.shape,
    stripNulls: media.value.stripNulls,
    scalar: false,
    ...(counting ? { count: wholeTable ? 'page' : countSql(root, sqlParams, countLimit) } : {}),
  });

  const singular = media.value.shape === 'object';
  const notSingular = (row: ResponseRow) => singular && Number(row.page_total) !== 1;
  const transaction = transactionFor(ctx, request, true);
  // Planned and estimated counts need more statements in the transaction; every other read is one batch.
  const result =
    preferences.count === 'planned' || countLimit !== undefined
      ? await inRequestTransaction(transaction, async (tx) => {
          let planned = preferences.count === 'planned' ? await plannedCount(tx, root) : undefined;
          const row = await runResponse(tx, sql, sqlParams);
          if (notSingular(row)) throw new RestFailure(singularityError(Number(row.page_total)));
          if (countLimit !== undefined && Number(row.total) >= countLimit)
            planned = await plannedCount(tx, root);
          return { row, planned };
        })
      : await readInOneBatch(transaction, sql, sqlParams, notSingular);
  if (!result.ok) return result;
  const { row, planned } = result.value;
  const total = planned ?? toCount(row.total);
  const { status, contentRange } = rangeAnswer(range.value, Number(row.page_total), total);
  if (status === 416) {
    return fail(
      invalidRange(
        `An offset of ${range.value.offset} was requested, but there are only ${total ?? 0} rows.`,
      ),
    );
  }
  const headers: Record<string, string> = {
    'content-type': media.value.contentType,
    'content-range': contentRange,
    'content-location': `/${table.name}${request.canonicalQuery ? `?${request.canonicalQuery}` : ''}`,
  };
  const applied = appliedPreferences(preferences, ['count', 'tx']);
  if (applied) headers['preference-applied'] = applied;
  if (request.profileNegotiated) headers['content-profile'] = request.schema;
  return ok(
    applyResponseSettings(
      { status, headers, body: row.body },
      row.response_headers,
      row.response_status,
    ),
  );
}
