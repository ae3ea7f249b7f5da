// GoTrue's admin MFA API (internal/api/admin.go): a service-role caller lists a user's factors and deletes
// one, e.g. when the person lost their authenticator.
import { sendJson } from '../http.js';
import type { AuthCall } from './auth-call.js';
import { loadPathUser } from './admin-users.js';
import { requireAdmin } from './authenticate.js';
import { AuthError } from './errors.js';
import { removeFactor } from './mfa-factors.js';
import { factorListJson, type JsonObject } from './user-json.js';
import { isUuid } from './user-queries.js';

/** GoTrue's loadFactor under /admin/users/:id: a factor of that user, else 404. */
function pathFactor(call: AuthCall, factorsText: string): JsonObject {
  const id = call.params.factor_id ?? '';
  if (!isUuid(id)) throw new AuthError(404, 'validation_failed', 'factor_id must be an UUID');
  const factor = factorListJson(factorsText).find(
    (candidate) => String(candidate.id).toLowerCase() === id.toLowerCase(),
  );
  if (!factor) throw new AuthError(404, 'mfa_factor_not_found', 'Factor not found');
  return factor;
}

/** GET /admin/users/:id/factors: every factor of the user, verified or not (an empty array for none). */
export async function listUserFactorsEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  const user = await loadPathUser(call);
  sendJson(call.res, 200, factorListJson(user.factors));
}

/**
 * DELETE /admin/users/:id/factors/:factor_id: removes the factor and answers it as it was. As in GoTrue the
 * user's sessions are not ended: those the factor raised fall to aal1 (ending them is the caller's choice).
 */
export async function deleteUserFactorEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  const user = await loadPathUser(call);
  const factor = pathFactor(call, user.factors);
  await call.ctx.db.transaction((tx) => removeFactor(tx, String(factor.id)));
  sendJson(call.res, 200, factor);
}
