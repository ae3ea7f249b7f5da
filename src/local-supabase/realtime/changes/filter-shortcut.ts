/**
 * Decides the common postgres_changes filters (eq, neq, in, is and integer comparisons on integer,
 * text, uuid and boolean columns) in process, exactly as PostgreSQL would, so a change fans out to
 * many filtered subscribers without a database round trip. Anything else is left to PostgreSQL.
 */
import type { ChangeFilter } from './filters.js';

/** Integer types by oid, with the largest value each holds (int8's is capped to stay exact in JS numbers). */
const INTEGER_LIMITS = new Map<number, bigint>([
  [21, 32767n], // int2
  [23, 2147483647n], // int4
  [20, 999999999999999999n], // int8
]);
const TEXT_TYPES = new Set([25, 1043, 19]); // text, varchar, name
const UUID_TYPE = 2950;
const BOOL_TYPE = 16;

/** What boolin accepts: unique prefixes of true/false/yes/no, on/off, 1/0. */
const BOOLEAN_WORDS = new Map<string, boolean>([
  ...['t', 'tr', 'tru', 'true', 'y', 'ye', 'yes', 'on', '1'].map((w): [string, boolean] => [
    w,
    true,
  ]),
  ...['f', 'fa', 'fal', 'fals', 'false', 'n', 'no', 'of', 'off', '0'].map(
    (w): [string, boolean] => [w, false],
  ),
]);

type Scalar = bigint | string | boolean;

/** isdistinct, like, ilike, match and imatch always go to PostgreSQL. */
const SHORTCUT_OPERATORS = new Set<ChangeFilter['op']>([
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
]);

/** A filter's literal as PostgreSQL would read it for this column type; undefined when unsure. */
function literal(typeOid: number, text: string): Scalar | undefined {
  const limit = INTEGER_LIMITS.get(typeOid);
  if (limit !== undefined) {
    if (!/^[+-]?\d{1,18}$/.test(text)) return undefined;
    const value = BigInt(text);
    return value <= limit && value >= -limit ? value : undefined;
  }
  if (TEXT_TYPES.has(typeOid)) return text;
  if (typeOid === UUID_TYPE) {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
      ? text.toLowerCase()
      : undefined;
  }
  if (typeOid === BOOL_TYPE) return BOOLEAN_WORDS.get(text.trim().toLowerCase());
  return undefined;
}

/** A row value (from to_jsonb) in the same form as literal(); undefined when unsure. */
function rowScalar(typeOid: number, value: unknown): Scalar | undefined {
  if (INTEGER_LIMITS.has(typeOid))
    return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (TEXT_TYPES.has(typeOid)) return typeof value === 'string' ? value : undefined;
  if (typeOid === UUID_TYPE) return typeof value === 'string' ? value.toLowerCase() : undefined;
  if (typeOid === BOOL_TYPE) return typeof value === 'boolean' ? value : undefined;
  return undefined;
}

/** `{a,b}` with no quoting, escaping, nesting or NULL elements; undefined otherwise. */
function simpleList(text: string): string[] | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const inner = text.slice(1, -1);
  if (/["\\{}]/.test(inner)) return undefined;
  const items = inner === '' ? [] : inner.split(',').map((item) => item.trim());
  return items.some((item) => item === '' || item.toLowerCase() === 'null') ? undefined : items;
}

function compare(op: ChangeFilter['op'], row: Scalar, value: Scalar): boolean | undefined {
  switch (op) {
    case 'eq':
      return row === value;
    case 'neq':
      return row !== value;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      // Only integers: text order depends on the collation.
      if (typeof row !== 'bigint' || typeof value !== 'bigint') return undefined;
      return op === 'lt'
        ? row < value
        : op === 'lte'
          ? row <= value
          : op === 'gt'
            ? row > value
            : row >= value;
    default:
      return undefined;
  }
}

function supported(typeOid: number): boolean {
  return (
    INTEGER_LIMITS.has(typeOid) ||
    TEXT_TYPES.has(typeOid) ||
    typeOid === UUID_TYPE ||
    typeOid === BOOL_TYPE
  );
}

/** true or false as PostgreSQL would decide (a NULL comparison is false, negated or not); undefined to ask it. */
export function decideFilter(
  filter: ChangeFilter,
  typeOid: number,
  value: unknown,
): boolean | undefined {
  const negate = (result: boolean | undefined) =>
    result === undefined ? undefined : filter.negate ? !result : result;
  if (filter.op === 'is') return filter.value === 'null' ? negate(value === null) : undefined;
  if (!supported(typeOid) || !SHORTCUT_OPERATORS.has(filter.op)) return undefined;
  // `= any` over an empty list is false even for NULL; any other comparison with NULL is NULL,
  // which no filter passes, negated or not.
  if (filter.op === 'in' && simpleList(filter.value)?.length === 0) return negate(false);
  if (value === null) return false;
  const row = rowScalar(typeOid, value);
  if (row === undefined) return undefined;
  if (filter.op === 'in') {
    const items = simpleList(filter.value)?.map((item) => literal(typeOid, item));
    if (!items || items.some((item) => item === undefined)) return undefined;
    return negate(items.includes(row));
  }
  const expected = literal(typeOid, filter.value);
  if (expected === undefined) return undefined;
  return negate(compare(filter.op, row, expected));
}
