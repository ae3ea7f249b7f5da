// supabase/migrations must build exactly the schema recorded in supabase/tests/catalog/schema.txt: every
// function's definition, owner, ACL and comment, every table, column, constraint, index, trigger,
// policy, view, grant and publication, and the rows a migration inserts. Moving SQL between migration
// files (folding a function's redefinitions into one definition, say) must leave it unchanged.
//
// When a migration changes the schema on purpose, regenerate the snapshot and review its diff:
//   npx tsx scripts/catalog-snapshot.ts
// (`--rev <git revision>` records the migrations as committed there; `--check` only compares.)
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedClusterUrl } from '../support/pg-cluster.js';
import { SNAPSHOT_FILE, committedSnapshot, migrationsSnapshot } from './catalog-snapshot.js';
import { REPO_ROOT } from './run-tool.js';

const REGENERATE = 'npx tsx scripts/catalog-snapshot.ts';

describe('the catalog supabase/migrations build on PostgreSQL 15', () => {
  it('is the one recorded in supabase/tests/catalog/schema.txt', async () => {
    const expected = await committedSnapshot();
    expect(expected, `${SNAPSHOT_FILE} is missing: create it with \`${REGENERATE}\``).toBeDefined();
    const actual = await migrationsSnapshot(
      sharedClusterUrl(),
      path.join(REPO_ROOT, 'supabase', 'migrations'),
    );
    expect(
      actual,
      `the migrations build another schema than the snapshot; if that is intended, run \`${REGENERATE}\` and review the diff`,
    ).toBe(expected);
  }, 180_000);
});
