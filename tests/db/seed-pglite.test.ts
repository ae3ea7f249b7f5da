import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/local-supabase/db/index.js';
import { listMigrations, prepareDatabase } from '../../src/local-supabase/migrate.js';
import { REPO_ROOT } from './run-tool.js';

// DESIGN.md section 7: the demo users and the role each one signs in with.
const DEMO_USERS = {
  'admin@talentg.test': 'admin',
  'manager@talentg.test': 'manager',
  'tc1@talentg.test': 'telecaller',
  'tc2@talentg.test': 'telecaller',
  'user@talentg.test': 'user',
} as const;
const DEMO_PASSWORD = 'talentg-demo';

describe('supabase/migrations and seed.sql on PGlite through prepareDatabase', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase('memory');
    await prepareDatabase(db, { projectDir: REPO_ROOT, seed: true });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it('records every migration file as applied', async () => {
    const files = await listMigrations(path.join(REPO_ROOT, 'supabase', 'migrations'));
    expect(files.length, 'supabase/migrations holds no migration files').toBeGreaterThan(0);
    const { rows } = await db.query<{ version: string }>(
      'select version from supabase_migrations.schema_migrations order by version',
    );
    expect(rows.map((row) => row.version)).toEqual(files.map((file) => file.version));
  });

  it.each(Object.entries(DEMO_USERS))(
    'seeds %s with the demo password and the %s role',
    async (email, role) => {
      const { rows } = await db.query<{ encrypted_password: string; role: string | null }>(
        `select u.encrypted_password, p.role::text as role
           from auth.users u left join public.profiles p on p.id = u.id
          where lower(u.email) = lower($1)`,
        [email],
      );
      expect(rows, `no auth.users row for ${email}`).toHaveLength(1);
      const [user] = rows;
      // GoTrue checks passwords with bcrypt; the auth service uses bcryptjs the same way.
      expect(bcrypt.compareSync(DEMO_PASSWORD, user?.encrypted_password ?? '')).toBe(true);
      expect(user?.role).toBe(role);
    },
  );
});
