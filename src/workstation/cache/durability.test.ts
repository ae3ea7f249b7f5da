import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { serverTransaction } from './durability.js';
import { tempDataDir } from '../../../tests/support/cache-rows.js';
import { openDatabase } from './open-cache.js';

const FULL = 2;
const NORMAL = 1;

let data: ReturnType<typeof tempDataDir>;
let db: Database.Database;

beforeEach(() => {
  data = tempDataDir();
  db = openDatabase(path.join(data.dir, 'durability.sqlite'));
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, value TEXT)');
});
afterEach(() => {
  db.close();
  data.remove();
});

describe('serverTransaction', () => {
  it('commits server rows without a sync and puts FULL back for the local writes after it', () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    let during: unknown;
    serverTransaction(db, () => {
      during = db.pragma('synchronous', { simple: true });
      db.prepare('INSERT INTO rows (value) VALUES (?)').run('from the server');
    });
    expect(during).toBe(NORMAL);
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 1 });
  });

  it('answers what the write returns (an acknowledgment reports what it changed)', () => {
    expect(
      serverTransaction(
        db,
        () => db.prepare('INSERT INTO rows (value) VALUES (?)').run('x').changes,
      ),
    ).toBe(1);
  });

  it('rolls back a failing write whole and still puts FULL back', () => {
    expect(() =>
      serverTransaction(db, () => {
        db.prepare('INSERT INTO rows (value) VALUES (?)').run('half');
        throw new Error('a malformed page');
      }),
    ).toThrow('a malformed page');
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 0 });
  });
});
