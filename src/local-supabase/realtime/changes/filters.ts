/**
 * The postgres_changes `filter` grammar Supabase Realtime accepts: `column=op.value`, conditions
 * joined by top-level commas (AND), an optional `not.` prefix, PostgREST-style double quotes for
 * values holding `,()"\`, and `in.(a,b)` lists.
 */
export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'like',
  'ilike',
  'is',
  'match',
  'imatch',
  'isdistinct',
] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface ChangeFilter {
  column: string;
  op: FilterOperator;
  /** As PostgreSQL will cast it: `in` lists become an array literal `{a,b}`. */
  value: string;
  negate: boolean;
}

export type FilterParse = { ok: true; filters: ChangeFilter[] } | { ok: false; message: string };

function isOperator(value: string): value is FilterOperator {
  return (FILTER_OPERATORS as readonly string[]).includes(value);
}

/** Splits on commas that are outside parentheses and double quotes. */
function splitTopLevel(filter: string): string[] {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  let previous = '';
  for (let i = 0; i < filter.length; i++) {
    const char = filter[i] ?? '';
    if (quoted) {
      if (char === '\\' && i + 1 < filter.length) {
        current += char + (filter[i + 1] ?? '');
        previous = filter[i + 1] ?? '';
        i++;
        continue;
      }
      if (char === '"') quoted = false;
      current += char;
    } else if (char === '"' && (previous === '.' || previous === '(' || previous === ',')) {
      quoted = true;
      current += char;
    } else if (char === '(') {
      depth++;
      current += char;
    } else if (char === ')') {
      depth = Math.max(0, depth - 1);
      current += char;
    } else if (char === ',' && depth === 0) {
      segments.push(current);
      current = '';
      previous = '';
      continue;
    } else {
      current += char;
    }
    previous = char;
  }
  segments.push(current);
  return segments;
}

/** `"a,b"` → `a,b`; a value that is not one well-formed quoted string stays as written. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  let result = '';
  for (let i = 1; i < value.length; i++) {
    const char = value[i] ?? '';
    if (char === '\\') {
      if (i + 1 >= value.length) return value;
      result += value[i + 1] ?? '';
      i++;
    } else if (char === '"') {
      return i === value.length - 1 ? result : value;
    } else {
      result += char;
    }
  }
  return value;
}

function parseSegment(segment: string): ChangeFilter | string {
  const trimmed = segment.trim();
  if (trimmed === '') return 'filter must not contain empty segments (check for extra commas)';
  const equals = trimmed.indexOf('=');
  if (equals < 0) return JSON.stringify([trimmed]);
  const column = trimmed.slice(0, equals);
  let rest = trimmed.slice(equals + 1);
  const negate = rest.startsWith('not.');
  if (negate) rest = rest.slice(4);
  const dot = rest.indexOf('.');
  if (dot < 0) return JSON.stringify([column, rest]);
  const op = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  if (!isOperator(op)) return JSON.stringify([op, value]);
  if (op === 'in') {
    if (value.length < 2 || !value.startsWith('(') || !value.endsWith(')')) {
      return '`in` filter value must be wrapped by parentheses';
    }
    return { column, op, value: `{${value.slice(1, -1)}}`, negate };
  }
  return { column, op, value: unquote(value), negate };
}

export function parseFilter(filter: string | undefined): FilterParse {
  if (filter === undefined || filter.trim() === '') return { ok: true, filters: [] };
  const filters: ChangeFilter[] = [];
  for (const segment of splitTopLevel(filter.trim())) {
    const parsed = parseSegment(segment);
    if (typeof parsed === 'string')
      return { ok: false, message: `Error parsing \`filter\` params: ${parsed}` };
    filters.push(parsed);
  }
  return { ok: true, filters };
}
