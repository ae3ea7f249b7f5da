/** A row of auth.users as the read statements return it: every value as PostgreSQL's text, so PGlite and pg agree. */
export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  encrypted_password: string | null;
  email_confirmed_at: string | null;
  invited_at: string | null;
  phone_confirmed_at: string | null;
  confirmation_sent_at: string | null;
  confirmed_at: string | null;
  recovery_sent_at: string | null;
  email_change: string | null;
  email_change_sent_at: string | null;
  phone_change: string | null;
  phone_change_sent_at: string | null;
  reauthentication_sent_at: string | null;
  last_sign_in_at: string | null;
  app_metadata: string | null;
  user_metadata: string | null;
  identities: string;
  /** JSON array of the user's MFA factors (GoTrue's Factor shape). */
  factors: string;
  created_at: string | null;
  updated_at: string | null;
  banned_until: string | null;
  deleted_at: string | null;
  is_anonymous: string;
  /** 'true' while banned_until lies in the future. */
  is_banned: string;
}

export type JsonObject = Record<string, unknown>;

/** Go's RFC3339Nano: fraction digits without trailing zeros, no fraction at all when it is zero. */
export function goTimestamp(text: string): string {
  return text.replace(/\.(\d*?)0*Z$/, (_match, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

function parseObject(text: string | null): JsonObject {
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

function identitiesJson(text: string): JsonObject[] {
  const identities = JSON.parse(text) as JsonObject[];
  return identities.map((identity) => {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(identity)) {
      if (value === null && (key === 'last_sign_in_at' || key === 'email')) continue;
      out[key] = typeof value === 'string' && key.endsWith('_at') ? goTimestamp(value) : value;
    }
    return out;
  });
}

/** The user's factors as GoTrue serialises models.Factor (the answer of GET /admin/users/:id/factors). */
export function factorListJson(text: string): JsonObject[] {
  const factors = JSON.parse(text) as JsonObject[];
  return factors.map((factor) =>
    Object.fromEntries(
      Object.entries(factor).map(([key, value]) => [
        key,
        typeof value === 'string' && key.endsWith('_at') ? goTimestamp(value) : value,
      ]),
    ),
  );
}

function factorsJson(text: string): JsonObject[] | undefined {
  const factors = factorListJson(text);
  return factors.length === 0 ? undefined : factors;
}

/** The user object exactly as GoTrue serialises models.User: same keys, same order, omitempty fields left out. */
export function userJson(row: UserRow): JsonObject {
  const optional = (value: string | null) => (value ? goTimestamp(value) : undefined);
  const json: JsonObject = {
    id: row.id,
    aud: row.aud ?? '',
    role: row.role ?? '',
    email: row.email ?? '',
    email_confirmed_at: optional(row.email_confirmed_at),
    invited_at: optional(row.invited_at),
    phone: row.phone ?? '',
    phone_confirmed_at: optional(row.phone_confirmed_at),
    confirmation_sent_at: optional(row.confirmation_sent_at),
    confirmed_at: optional(row.confirmed_at),
    recovery_sent_at: optional(row.recovery_sent_at),
    new_email: row.email_change || undefined,
    email_change_sent_at: optional(row.email_change_sent_at),
    new_phone: row.phone_change || undefined,
    phone_change_sent_at: optional(row.phone_change_sent_at),
    reauthentication_sent_at: optional(row.reauthentication_sent_at),
    last_sign_in_at: optional(row.last_sign_in_at),
    app_metadata: parseObject(row.app_metadata),
    user_metadata: parseObject(row.user_metadata),
    identities: identitiesJson(row.identities),
    factors: factorsJson(row.factors),
    created_at: optional(row.created_at) ?? '0001-01-01T00:00:00Z',
    updated_at: optional(row.updated_at) ?? '0001-01-01T00:00:00Z',
    banned_until: optional(row.banned_until),
    deleted_at: optional(row.deleted_at),
    is_anonymous: row.is_anonymous === 'true',
  };
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
  return json;
}
