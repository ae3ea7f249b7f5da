import { readableColumns, type Column } from '../schema/types.js';
import {
  fail,
  invalidPreferences,
  invalidRange,
  invalidRpcMethod,
  maxAffectedRpcViolation,
  maxAffectedViolation,
  ok,
  singularityError,
  type RestError,
  type Result,
} from '../errors.js';
import { parseQueryParams } from '../grammar/query-params.js';
import { applyResponseSettings, type RestAnswer } from '../http/answer.js';
import { negotiateMedia } from '../http/media.js';
import { appliedPreferences } from '../http/preferences.js';
import { rangeAnswer, topLevelRange } from '../http/range.js';
import { parseJsonBody, requestHeader, type RestRequest } from '../http/request.js';
import { requestStatement } from '../http/transaction.js';
import { findRoutine } from '../plan/find-routine.js';
import { buildReadPlan } from '../plan/read-plan.js';
import { lookupRoutines } from '../schema/lookup.js';
import { callSql, type CallArguments } from '../sql/call-sql.js';
import { SqlParams } from '../sql/params.js';
import { countSql, readSql } from '../sql/read-sql.js';
import { responseSql, type ResponseRow } from '../sql/response-sql.js';
import { schemaFor, transactionFor, type HandlerContext } from './context.js';
import { toCount } from './statements.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The argument names a POST body gives: an object's keys, or those of an array's first object. */
function bodyKeys(value: unknown): string[] {
  const first = Array.isArray(value) ? value[0] : value;
  return isRecord(first) ? Object.keys(first) : [];
}

/**
 * POST /rpc/fn with named arguments in a JSON object, GET/HEAD /rpc/fn?arg=value. The result is read like
 * a table (select, filters, order, range); reads and stable functions run in a read-only transaction.
 */
export async function handleRpc(
  ctx: HandlerContext,
  request: RestRequest,
  name: string,
): Promise<Result<RestAnswer>> {
  const { method, preferences } = request;
  if (!['GET', 'HEAD', 'POST'].includes(method)) return fail(invalidRpcMethod(method));
  const isPost = method === 'POST';
  const params = parseQueryParams(request.rawQuery, !isPost);
  if (!params.ok) return params;
  let args: CallArguments;
  let keys: string[];
  if (isPost) {
    const json = parseJsonBody(request, {});
    if (!json.ok) return json;
    keys = params.value.columns ?? bodyKeys(json.value.value);
    args = {
      kind: 'json',
      body: { text: json.value.text, isObject: !Array.isArray(json.value.value) },
      names: keys,
    };
  } else {
    const values = new Map<string, string[]>();
    for (const [key, value] of params.value.rpcArgs)
      values.set(key, [...(values.get(key) ?? []), value]);
    keys = [...values.keys()];
    args = { kind: 'query', values };
  }
  const { cache } = await lookupRoutines(schemaFor(ctx, request), name);
  const routine = findRoutine(cache, name, new Set(keys), isPost);
  if (!routine.ok) return routine;
  const fn = routine.value;
  if (isPost && fn.params.length === 1 && fn.params[0]?.name === '' && args.kind === 'json') {
    args = { kind: 'whole', body: args.body.text };
  }
  const single = !fn.returnsSet;
  if (preferences.handling === 'strict' && preferences.maxAffected !== undefined && single)
    return fail(maxAffectedRpcViolation());

  const range = topLevelRange(
    params.value.ranges.get(''),
    method === 'GET' ? requestHeader(request, 'range') : undefined,
  );
  if (!range.ok) return range;
  const relation = fn.returnTable ?? fn.name;
  const columns =
    fn.returnKind === 'composite'
      ? ((cache.tables.has(relation) ? readableColumns(cache.tables.get(relation)) : undefined) ??
        new Map(fn.returnColumns.map((column): [string, Column] => [column.name, column])))
      : new Map<string, Column>();
  const plan = buildReadPlan({
    cache,
    relation,
    columns,
    source: 'cte',
    params: { ...params.value, ranges: new Map(params.value.ranges).set('', range.value) },
    action: 'call',
    maxRows: ctx.settings.maxRows,
  });
  if (!plan.ok) return plan;
  const media = negotiateMedia(requestHeader(request, 'accept'));
  if (!media.ok) return media;
  if (preferences.handling === 'strict' && preferences.invalid.length > 0)
    return fail(invalidPreferences(preferences.invalid));

  const sqlParams = new SqlParams();
  const isHead = method === 'HEAD';
  const voidResult = fn.returnKind === 'void';
  const scalar = fn.returnKind !== 'composite';
  const counting = preferences.count !== undefined;
  const sql = responseSql({
    source: callSql(cache.schema, fn, args, sqlParams),
    shape: readSql(plan.value, sqlParams),
    body:
      isHead || voidResult
        ? 'none'
        : single && media.value.shape !== 'csv'
          ? 'object'
          : media.value.shape,
    stripNulls: media.value.stripNulls,
    scalar,
    ...(counting ? { count: countSql(plan.value, sqlParams) } : {}),
  });
  const readOnly = !isPost || fn.volatility !== 'volatile';
  const refusal = (row: ResponseRow): RestError | undefined => {
    const rows = single ? 1 : Number(row.page_total);
    if (media.value.shape === 'object' && !voidResult && rows !== 1) return singularityError(rows);
    if (
      preferences.handling === 'strict' &&
      preferences.maxAffected !== undefined &&
      rows > preferences.maxAffected
    ) {
      return maxAffectedViolation(rows);
    }
    return undefined;
  };
  // One round trip with its COMMIT when the rows cannot refuse the call (a single result always has one row).
  const result = await requestStatement<ResponseRow>(
    transactionFor(ctx, request, readOnly),
    { text: sql, values: sqlParams.values, prepare: true },
    single ? undefined : (rows) => !rows[0] || refusal(rows[0]) !== undefined,
  );
  if (!result.ok) return result;
  const row = result.value[0];
  if (!row) throw new Error('the response statement returned no row');
  const refused = refusal(row);
  if (refused) return fail(refused);
  const pageTotal = single ? 1 : Number(row.page_total);
  const total = toCount(row.total);
  const answer = rangeAnswer(range.value, pageTotal, total);
  if (answer.status === 416) {
    return fail(
      invalidRange(
        `An offset of ${range.value.offset} was requested, but there are only ${total ?? 0} rows.`,
      ),
    );
  }
  const headers: Record<string, string> = { 'content-range': answer.contentRange };
  const applied = appliedPreferences(preferences, ['count', 'tx', 'max-affected']);
  if (applied) headers['preference-applied'] = applied;
  if (voidResult)
    return ok(
      applyResponseSettings(
        { status: 204, headers, body: '' },
        row.response_headers,
        row.response_status,
      ),
    );
  headers['content-type'] = media.value.contentType;
  if (request.profileNegotiated) headers['content-profile'] = request.schema;
  return ok(
    applyResponseSettings(
      { status: answer.status, headers, body: row.body },
      row.response_headers,
      row.response_status,
    ),
  );
}
