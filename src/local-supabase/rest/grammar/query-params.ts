import { nestedDeeperThan } from '../../bounded-json.js';
import { fail, filterTooDeep, ok, queryParamError, type Result } from '../errors.js';
import { Cursor, describeFailure, ParseFailure } from './cursor.js';
import { columnList, logicPath, logicTree, opExpression, orderTerms, treePath } from './filters.js';
import type { RawParam } from './query-string.js';
import { selectForest } from './select.js';
import type { QueryParams, RowRange } from './types.js';

const RESERVED = new Set(['select', 'columns', 'on_conflict']);
const RESERVED_EMBEDDABLE = new Set(['order', 'limit', 'offset', 'and', 'or']);

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}

function pathOf(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? '' : key.slice(0, dot);
}

/** Runs a whole-input parser; its failure becomes PostgREST's PGRST100 with the parameter named. */
function parseWhole<T>(what: string, input: string, parse: (cursor: Cursor) => T): Result<T> {
  const cursor = new Cursor(input);
  try {
    const value = parse(cursor);
    cursor.expectEnd();
    return ok(value);
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    const { message, details } = describeFailure(what, input, error);
    return fail(queryParamError(message, details));
  }
}

/** Haskell's `readMaybe` on an integer: anything else is ignored, as PostgREST ignores `limit=abc`. */
function readInteger(text: string): number | undefined {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : Math.sign(value) * Number.MAX_SAFE_INTEGER;
}

function rangesOf(params: [string, string][]): Map<string, RowRange> {
  const ranges = new Map<string, RowRange>();
  for (const [key, value] of params) {
    const segment = lastSegment(key);
    if (segment !== 'limit' && segment !== 'offset') continue;
    const number = readInteger(value);
    if (number === undefined) continue;
    const path = pathOf(key);
    const range = ranges.get(path) ?? { offset: 0 };
    if (segment === 'limit') range.limit = number;
    else range.offset = number;
    ranges.set(path, range);
  }
  return ranges;
}

/**
 * Splits a request's query string into PostgREST's parts: select, filters, logic trees, orders, ranges,
 * columns and on_conflict. For a GET/HEAD on a function, parameters that are not filters are its arguments.
 */
export function parseQueryParams(raw: RawParam[], isRpcRead: boolean): Result<QueryParams> {
  const first = (name: string) => raw.find((param) => param.key === name)?.value ?? undefined;
  const present = raw.filter(
    (param): param is { key: string; value: string } => param.value !== null,
  );
  const entries = present.map((param): [string, string] => [param.key, param.value]);
  // JSON and array literals in values (cs.[...], an RPC argument) go to SQL as they are: bound their depth first.
  const tooDeep = entries.find(([, value]) => nestedDeeperThan(value));
  if (tooDeep) return fail(filterTooDeep(tooDeep[0]));

  const select = parseWhole('select parameter', first('select') ?? '*', selectForest);
  if (!select.ok) return select;

  const columnsText = first('columns');
  const columns =
    columnsText === undefined
      ? undefined
      : parseWhole('columns parameter', columnsText, columnList);
  if (columns && !columns.ok) return columns;

  const onConflictText = first('on_conflict');
  const onConflict =
    onConflictText === undefined
      ? undefined
      : parseWhole('on_conflict parameter', onConflictText, columnList);
  if (onConflict && !onConflict.ok) return onConflict;

  const result: QueryParams = {
    select: select.value,
    filters: [],
    logic: [],
    order: [],
    ranges: rangesOf(entries),
    rpcArgs: [],
    ...(columns ? { columns: columns.value } : {}),
    ...(onConflict ? { onConflict: onConflict.value } : {}),
  };

  for (const [key, value] of entries) {
    const segment = lastSegment(key);
    if (segment === 'order') {
      const path = parseWhole(`tree path (${key})`, pathOf(key), (c) =>
        c.eof ? [] : treePathNames(c),
      );
      if (!path.ok) return path;
      const terms = parseWhole('order', value, orderTerms);
      if (!terms.ok) return terms;
      result.order.push({ path: path.value, terms: terms.value });
    } else if (segment === 'and' || segment === 'or') {
      const path = parseWhole('logic path', key, logicPath);
      if (!path.ok) return path;
      const { operator, negate } = path.value;
      const tree = parseWhole(
        'logic tree',
        `${negate ? 'not.' : ''}${operator}${value}`,
        logicTree,
      );
      if (!tree.ok) return tree;
      result.logic.push({ path: path.value.path, tree: tree.value });
    } else if (!RESERVED.has(key) && !RESERVED_EMBEDDABLE.has(segment)) {
      const target = parseWhole('tree path', key, treePath);
      if (!target.ok) return target;
      const expression = parseWhole('filter', value, (c) => opExpression(c));
      if (expression.ok) {
        result.filters.push({
          path: target.value.path,
          filter: { field: target.value.field, ...expression.value },
        });
      } else if (isRpcRead) {
        result.rpcArgs.push([key, value]);
      } else {
        return expression;
      }
    }
  }
  return ok(result);
}

function treePathNames(cursor: Cursor): string[] {
  const { path, field } = treePath(cursor);
  return [...path, field.name];
}
