import { z } from 'zod';
import { sendJson } from '../http.js';
import type { AuthCall } from './auth-call.js';
import { requireAdmin } from './authenticate.js';
import { AuthError, badRequest } from './errors.js';
import { readJsonBody } from './request-body.js';
import { userJson, type UserRow } from './user-json.js';
import { AUTH_AUDIENCE, findUserById, isUuid, listUsers } from './user-queries.js';
import { deleteUser, softDeleteUser } from './user-writes.js';

const DEFAULT_PER_PAGE = 50;

/** GoTrue's loadUser: the :id path parameter names an existing user, else a 404. */
export async function loadPathUser(call: AuthCall): Promise<UserRow> {
  const id = call.params.id ?? '';
  if (!isUuid(id)) throw new AuthError(404, 'validation_failed', 'user_id must be an UUID');
  const user = await findUserById(call.ctx.db, id);
  if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
  return user;
}

function pageParameter(call: AuthCall, name: string, fallback: number): number {
  const text = call.query.get(name) ?? '';
  if (text === '') return fallback;
  if (!/^\d+$/.test(text)) {
    throw badRequest(
      'validation_failed',
      `Bad Pagination Parameters: strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`,
    );
  }
  return Number(text);
}

/** GoTrue's pagination headers; supabase-js reads the page numbers from the Link URLs, so `page` stays the first parameter. */
function paginationHeaders(
  call: AuthCall,
  page: number,
  perPage: number,
  total: number,
): Record<string, string> {
  const totalPages = Math.ceil(total / perPage);
  const link = (target: number) => {
    const query = new URLSearchParams(call.query);
    query.set('page', String(target));
    query.sort();
    return `</admin/users?${query.toString()}>`;
  };
  const next = totalPages > page ? `${link(page + 1)}; rel="next", ` : '';
  return { link: `${next}${link(totalPages)}; rel="last"`, 'x-total-count': String(total) };
}

/** GET /admin/users?page=&per_page=&filter=: the audience's users, newest first. */
export async function listUsersEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  // As pop's paginator: pages count from 1 and a per_page below 1 means 20.
  const page = Math.max(1, pageParameter(call, 'page', 1));
  const perPageAsked = pageParameter(call, 'per_page', DEFAULT_PER_PAGE);
  const perPage = perPageAsked < 1 ? 20 : perPageAsked;
  const { rows, total } = await listUsers(
    call.ctx.db,
    page,
    perPage,
    call.query.get('filter') ?? '',
  );
  sendJson(
    call.res,
    200,
    { users: rows.map(userJson), aud: AUTH_AUDIENCE },
    paginationHeaders(call, page, perPage, total),
  );
}

/** GET /admin/users/:id */
export async function getUserByIdEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  sendJson(call.res, 200, userJson(await loadPathUser(call)));
}

const DeleteBody = z.object({ should_soft_delete: z.boolean().nullish() });

/**
 * DELETE /admin/users/:id, hard by default (identities and sessions cascade), soft with should_soft_delete.
 * A foreign key that forbids the delete answers GoTrue's 500, without the database's detail.
 */
export async function deleteUserEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  const user = await loadPathUser(call);
  const body = await readJsonBody(call.req, DeleteBody, { allowEmpty: true });
  await call.ctx.db
    .transaction((tx) =>
      body.should_soft_delete ? softDeleteUser(tx, user.id) : deleteUser(tx, user.id),
    )
    .catch((error: unknown) => {
      process.stderr.write(
        `auth: deleting user ${user.id} failed: ${(error as Error)?.message ?? String(error)}\n`,
      );
      throw new AuthError(500, 'unexpected_failure', 'Database error deleting user');
    });
  sendJson(call.res, 200, {});
}
