import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, StatementError, type Database } from '../../src/local-supabase/db/index.js';
import { createDatabaseAt, sharedClusterUrl, uniqueDatabaseName } from '../support/pg-cluster.js';

const engines: [string, () => Promise<Database>][] = [
  ['PGlite', () => openDatabase('memory')],
  [
    'PostgreSQL',
    async () =>
      openDatabase(await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('batch'))),
  ],
];

describe.each(engines)('a statement batch on %s', (_name, open) => {
  let db: Database;
  const ids = async () =>
    (await db.query<{ id: number | string }>('select id from b order by id')).rows.map((row) =>
      Number(row.id),
    );
  beforeAll(async () => {
    db = await open();
    // A deferred unique constraint is checked at COMMIT, so a COMMIT can be made to fail.
    await db.exec(
      'create table b (id int, constraint b_id_unique unique (id) deferrable initially deferred)',
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it('with its COMMIT sent along keeps the writes and answers only the statements', async () => {
    const results = await db.batch(
      [
        { text: 'insert into b values ($1)', values: [1] },
        { text: 'select count(*)::int as n from b', prepare: true },
      ],
      'commit',
    );
    expect(results).toHaveLength(2);
    expect(Number((results[1]!.rows[0] as { n: number | string }).n)).toBe(1);
    expect(await ids()).toEqual([1]);
  });

  it('rolls back when the end decided from the results says so', async () => {
    const results = await db.batch([{ text: 'insert into b values (2) returning id' }], (r) => ({
      rollback: r[0]!.rowCount === 1,
    }));
    expect(results[0]!.rowCount).toBe(1);
    expect(await ids()).toEqual([1]);
  });

  it('names the failing statement, keeps nothing before it, and the next batch works', async () => {
    const failed = await db
      .batch(
        [{ text: 'insert into b values (3)' }, { text: 'select 1 / 0' }, { text: 'select 1' }],
        'commit',
      )
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StatementError);
    expect((failed as StatementError).index).toBe(1);
    expect((failed as StatementError).cause).toMatchObject({ code: '22012' });
    expect(await ids()).toEqual([1]);
    await db.batch([{ text: 'insert into b values (4)' }], 'commit');
    expect(await ids()).toEqual([1, 4]);
  });

  it('reports a COMMIT that fails as the statement after the last', async () => {
    const failed = await db
      .batch([{ text: 'insert into b values (5)' }, { text: 'insert into b values (5)' }], 'commit')
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StatementError);
    expect((failed as StatementError).index).toBe(2);
    expect((failed as StatementError).cause).toMatchObject({ code: '23505' });
    expect(await ids()).toEqual([1, 4]);
    await db.batch([{ text: 'insert into b values (6)' }], 'commit');
    expect(await ids()).toEqual([1, 4, 6]);
  });
});
