// A request's lone statement on the abandonable database (abandon.ts) answers as a plain statement does,
// on PGlite and on PostgreSQL: its rows, or the database's own error with its SQLSTATE (Auth and Storage
// map 23505 and 42501 by code); and once the request's client has left, it never runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abandonable } from '../../../src/local-supabase/abandon.js';
import {
  AbandonedError,
  openDatabase,
  type Database,
} from '../../../src/local-supabase/db/index.js';
import {
  createDatabaseAt,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';

const databases: Record<string, Database> = {};

beforeAll(async () => {
  const clusterDb = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('abandonable'));
  [databases.pglite, databases.postgres] = await Promise.all([
    openDatabase('memory'),
    openDatabase(clusterDb),
  ]);
  for (const db of Object.values(databases))
    await db.exec('create table notes (id int primary key)');
}, 60_000);
afterAll(async () => {
  await Promise.all(Object.values(databases).map((db) => db.close()));
});

describe.each(['pglite', 'postgres'])('a lone statement of a request on %s', (kind) => {
  it('returns its rows and fails with the database error itself, not a batch wrapper', async () => {
    const stays = abandonable(databases[kind]!, new AbortController().signal);
    const inserted = await stays.query<{ id: string }>(
      // As text: PGlite parses values and the PostgreSQL adapter passes them through raw.
      'insert into notes values ($1) returning id::text as id',
      [1],
    );
    expect(inserted.rows).toEqual([{ id: '1' }]);
    expect(inserted.rowCount).toBe(1);
    await expect(stays.query('insert into notes values ($1)', [1])).rejects.toMatchObject({
      code: '23505',
    });
  });

  it('never runs once its client has left', async () => {
    const left = new AbortController();
    left.abort();
    await expect(
      abandonable(databases[kind]!, left.signal).query('insert into notes values ($1)', [2]),
    ).rejects.toBeInstanceOf(AbandonedError);
    const { rows } = await databases[kind]!.query('select id from notes where id = 2');
    expect(rows).toEqual([]);
  });
});
