// Writes supabase/tests/catalog/schema.txt: the catalog supabase/migrations build on a throwaway
// PostgreSQL 15 (tests/db/catalog-snapshot.ts says what is in it). tests/db/catalog-snapshot.test.ts
// checks the migrations against it, so run this after a migration that changes the schema on purpose
// and review the diff; a refactor of the migrations (moving SQL between files) must leave it unchanged.
//
//   npx tsx scripts/catalog-snapshot.ts               the migrations in the working tree
//   npx tsx scripts/catalog-snapshot.ts --rev HEAD    the migrations as committed at a git revision
//   npx tsx scripts/catalog-snapshot.ts --check       compare only; exit 1 if the file differs
//
// Uses the cluster at TALENTG_TEST_PG_URL when set, else starts its own (PG_BIN, as the tests do).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  SNAPSHOT_FILE,
  committedSnapshot,
  migrationsSnapshot,
} from '../tests/db/catalog-snapshot.js';
import { PG_URL_ENV, startPgCluster } from '../tests/support/pg-cluster.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MIGRATIONS = 'supabase/migrations';

/** The migration files as committed at `rev`, copied into a temp dir (removed by the caller). */
function migrationsAt(rev: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'talentg-migrations-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const files = git('ls-tree', '--name-only', `${rev}:${MIGRATIONS}`).split('\n').filter(Boolean);
  for (const file of files.filter((name) => name.endsWith('.sql'))) {
    writeFileSync(path.join(dir, file), git('show', `${rev}:${MIGRATIONS}/${file}`));
  }
  return dir;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { rev: { type: 'string' }, check: { type: 'boolean', default: false } },
  });
  const migrationsDir = values.rev ? migrationsAt(values.rev) : path.join(REPO_ROOT, MIGRATIONS);
  const cluster = process.env[PG_URL_ENV] ? undefined : await startPgCluster();
  try {
    const adminUrl = cluster?.baseUrl ?? process.env[PG_URL_ENV] ?? '';
    const snapshot = await migrationsSnapshot(adminUrl, migrationsDir);
    const relative = path.relative(REPO_ROOT, SNAPSHOT_FILE);
    const source = values.rev ? `${MIGRATIONS} at ${values.rev}` : MIGRATIONS;
    if (snapshot === (await committedSnapshot())) {
      console.log(`${relative} already matches ${source}`);
      return 0;
    }
    if (values.check) {
      console.error(`${relative} differs from what ${source} build`);
      return 1;
    }
    await mkdir(path.dirname(SNAPSHOT_FILE), { recursive: true });
    await writeFile(SNAPSHOT_FILE, snapshot);
    console.log(`wrote ${relative} from ${source}; review it with git diff`);
    return 0;
  } finally {
    await cluster?.stop();
    if (values.rev) rmSync(migrationsDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
