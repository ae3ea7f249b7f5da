import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/local-supabase/db/index.js';
import { createDatabaseAt, sharedClusterUrl, uniqueDatabaseName } from '../support/pg-cluster.js';

const engines: [string, () => Promise<Database>][] = [
  ['PGlite', () => openDatabase('memory')],
  [
    'PostgreSQL',
    async () =>
      openDatabase(await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('rowcount'))),
  ],
];

describe.each(engines)('rowCount on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await db.exec(
      'create table t (id int primary key); insert into t select generate_series(1, 5);',
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it('counts the rows a select returns', async () => {
    expect((await db.query('select id from t where id <= 3')).rowCount).toBe(3);
  });

  it('counts the rows an update changes, with and without returning', async () => {
    expect((await db.query('update t set id = id + 10 where id <= 2')).rowCount).toBe(2);
    expect((await db.query('update t set id = id + 10 where id > 10 returning id')).rowCount).toBe(
      2,
    );
    expect((await db.query('delete from t where id = 999')).rowCount).toBe(0);
  });
});
