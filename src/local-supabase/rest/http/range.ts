import { fail, invalidRange, ok, type Result } from '../errors.js';
import type { RowRange } from '../grammar/types.js';

/** The `Range: 0-9` header (GET only, per RFC 9110); anything it cannot read means all rows, as in PostgREST. */
function headerRange(header: string | undefined): { lower: number; upper?: number } | undefined {
  const match = header === undefined ? null : /^([0-9]+)-([0-9]*)$/.exec(header.trim());
  if (!match) return undefined;
  const lower = Number(match[1]);
  const upper = match[2] === '' ? undefined : Number(match[2]);
  return { lower, ...(upper !== undefined ? { upper } : {}) };
}

/**
 * The top-level rows to return: `limit`/`offset` intersected with the Range header. A negative limit or a
 * Range whose end is before its start is PGRST103; `limit=0` is allowed and returns no rows.
 */
export function topLevelRange(
  queryRange: RowRange | undefined,
  rangeHeader: string | undefined,
): Result<RowRange> {
  const query = queryRange ?? { offset: 0 };
  if (query.limit !== undefined && query.limit < 0) {
    return fail(invalidRange('Limit should be greater than or equal to zero.'));
  }
  const header = headerRange(rangeHeader);
  if (!header) return ok(query);
  if (header.upper !== undefined && header.upper < header.lower) {
    return fail(
      invalidRange(
        'The lower boundary must be lower than or equal to the upper boundary in the Range header.',
      ),
    );
  }
  if (query.limit === 0) return ok(query);
  const queryUpper = query.limit === undefined ? Infinity : query.offset + query.limit - 1;
  const lower = Math.max(header.lower, query.offset);
  const upper = Math.min(header.upper ?? Infinity, queryUpper);
  if (upper < lower)
    return fail(
      invalidRange(
        'The lower boundary must be lower than or equal to the upper boundary in the Range header.',
      ),
    );
  return ok(upper === Infinity ? { offset: lower } : { offset: lower, limit: upper - lower + 1 });
}

/** `Content-Range: 0-9/100` (or `*` parts) and the status PostgREST gives a read of that range. */
export function rangeAnswer(
  range: RowRange,
  pageTotal: number,
  total: number | undefined,
): { status: number; contentRange: string } {
  const lower = range.offset;
  const upper = lower + pageTotal - 1;
  const totalText = total === undefined ? '*' : String(total);
  const rangeText = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
  let status = 200;
  if (total !== undefined) {
    if (lower > total) status = 416;
    else if (1 + upper - lower < total) status = 206;
  }
  return { status, contentRange: `${rangeText}/${totalText}` };
}

/** Content-Range of a mutation: a star range over the count for inserts and deletes, `0-<n-1>/<count>` for updates. */
export function mutationContentRange(
  kind: 'insert' | 'update' | 'delete',
  affected: number,
  total: number | undefined,
): string {
  const totalText = total === undefined ? '*' : String(total);
  if (kind !== 'update' || affected === 0 || total === 0) return `*/${totalText}`;
  return `0-${affected - 1}/${totalText}`;
}
