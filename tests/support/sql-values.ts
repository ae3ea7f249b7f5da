// A test stack's `db` answers with PGlite's parsed values (numbers, objects) on PGlite and with
// PostgreSQL's text on a server (src/local-supabase/db/postgres.ts leaves values raw on purpose), so a
// test that reads it directly turns the values into the type it compares through these two.

/** A number column (count, int, numeric) as a number, whichever engine answered. */
export function sqlNumber(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new Error(`not a number from SQL: ${String(value)}`);
  return number;
}

/** A json or jsonb column as its value, whichever engine answered. */
export function sqlJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
