// The body of a call, checked field by field: every mistake is a refusal that says what to fix.
import { ApiFailure } from '../_shared/api-response.ts';
import { ROLES, type Role } from './people.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The shape GoTrue itself accepts; Auth checks the rest.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type PeopleRequest =
  | { action: 'invite'; email: string; full_name: string; role: Role; redirect_to?: string }
  | { action: 'set-role'; user_id: string; role: Role }
  | { action: 'set-active'; user_id: string; active: boolean }
  | { action: 'reset-mfa'; user_id: string };

function invalid(message: string): ApiFailure {
  return new ApiFailure('INVALID_REQUEST', message);
}

function role(value: unknown): Role {
  if (typeof value === 'string' && (ROLES as readonly string[]).includes(value))
    return value as Role;
  throw new ApiFailure(
    'INVALID_ROLE',
    `role must be one of ${ROLES.join(', ')}; got ${JSON.stringify(value)}.`,
  );
}

function userId(value: unknown): string {
  if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
  throw invalid('user_id must be a person’s id (a UUID).');
}

export async function readPeopleRequest(request: Request): Promise<PeopleRequest> {
  let body: unknown;
  try {
    body = await request.json();
  } catch (_error) {
    throw invalid('The body must be JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The body must be a JSON object with an action.');
  }
  const fields = body as Record<string, unknown>;
  switch (fields.action) {
    case 'invite': {
      const email = typeof fields.email === 'string' ? fields.email.trim().toLowerCase() : '';
      if (!EMAIL.test(email) || email.length > 320)
        throw invalid('email must be an email address.');
      const fullName = typeof fields.full_name === 'string' ? fields.full_name.trim() : '';
      if (fullName.length === 0 || fullName.length > 200) {
        throw invalid('full_name must be 1 to 200 characters.');
      }
      const redirectTo = fields.redirect_to;
      if (redirectTo !== undefined && typeof redirectTo !== 'string') {
        throw invalid('redirect_to must be a URL.');
      }
      return {
        action: 'invite',
        email,
        full_name: fullName,
        role: role(fields.role),
        ...(redirectTo === undefined ? {} : { redirect_to: redirectTo }),
      };
    }
    case 'set-role':
      return { action: 'set-role', user_id: userId(fields.user_id), role: role(fields.role) };
    case 'set-active':
      if (typeof fields.active !== 'boolean') throw invalid('active must be true or false.');
      return { action: 'set-active', user_id: userId(fields.user_id), active: fields.active };
    case 'reset-mfa':
      return { action: 'reset-mfa', user_id: userId(fields.user_id) };
    default:
      throw invalid('action must be invite, set-role, set-active or reset-mfa.');
  }
}
