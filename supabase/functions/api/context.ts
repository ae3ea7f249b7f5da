// What every route handler gets, and the one way lists are paged (the original's page, limit and
// meta.total), so each list answers the same shape.
import { success } from '../_shared/api-response.ts';
import type { CallerRest } from './caller-rest.ts';
import { rowsOf } from './caller-rest.ts';

export interface ApiContext {
  rest: CallerRest;
  params: Record<string, string>;
  query: URLSearchParams;
  request: Request;
}

export type ApiHandler = (context: ApiContext) => Promise<Response>;

/** Bodies are leads, notes and assessments: far below this; anything larger is refused unread. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface Page {
  page: number;
  limit: number;
}

function totalOf(contentRange: string | null): number | null {
  const total = Number(contentRange?.split('/')[1]);
  return Number.isInteger(total) ? total : null;
}

/**
 * One page of `table` (filtered by PostgREST `filter`, e.g. `status=eq.new`), newest first by `order`,
 * with meta { total, page, limit }. A page past the end is empty, with the total.
 */
export async function pageOf(
  context: ApiContext,
  table: string,
  filter: string,
  order: string,
  page: Page,
  what: string,
): Promise<Response> {
  const where = filter ? `&${filter}` : '';
  const offset = (page.page - 1) * page.limit;
  const answer = await context.rest(
    'GET',
    `/${table}?select=*${where}&order=${order}&limit=${page.limit}&offset=${offset}`,
    what,
    { prefer: 'count=exact', accept: [416] },
  );
  let total = totalOf(answer.headers.get('content-range'));
  if (answer.status === 416) {
    // PostgREST refuses an offset past the rows; count them alone for the meta.
    const counted = await context.rest('GET', `/${table}?select=*${where}&limit=0`, what, {
      prefer: 'count=exact',
    });
    total = totalOf(counted.headers.get('content-range'));
  }
  const rows = answer.status === 416 ? [] : rowsOf(answer);
  return success(rows, 200, { total, page: page.page, limit: page.limit });
}
