import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheError } from './cache-error.js';
import {
  nextPhone,
  NOW,
  seedCache,
  serverLead,
  snapshot,
  tempDataDir,
} from '../../../tests/support/cache-rows.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { cacheFilePath, openCache, openDatabase } from './open-cache.js';

const ALICE = 'a11ce000-0000-4000-8000-000000000001';
const BOB = 'b0b00000-0000-4000-8000-000000000002';

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  data = tempDataDir();
});
afterEach(() => data.remove());

function userVersion(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CacheError) return error.code;
    throw error;
  }
  throw new Error('expected a CacheError');
}

describe('openCache: one file per user', () => {
  it('opens <dataDir>/users/<userId>/cache.sqlite in WAL mode with the cache pragmas', () => {
    const cache = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    cache.close();
    expect(cache.path).toBe(path.join(data.dir, 'users', ALICE, 'cache.sqlite'));
    expect(cacheFilePath(data.dir, ALICE)).toBe(cache.path);
    const db = openDatabase(cache.path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL: a logged call survives a power cut
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });

  it("gives a second user their own file, which never holds the first user's rows", () => {
    const alice = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    const lead = serverLead(ALICE);
    seedCache(alice, [lead]);
    const done = alice.logCall({ leadId: lead.id, disposition: 'NA', now: NOW });
    expect(done.ok).toBe(true);
    const bob = openCache({ dataDir: data.dir, userId: BOB, checkpointIntervalMs: 0 });
    try {
      expect(bob.path).not.toBe(alice.path);
      expect(bob.clientId).not.toBe(alice.clientId);
      expect(bob.leadWithHistory(lead.id)).toBeNull();
      expect(bob.pendingBatch(100)).toEqual([]);
      expect(bob.searchLeads('Asha', 10)).toEqual([]);
      expect(alice.pendingBatch(100)).toHaveLength(1);
    } finally {
      alice.close();
      bob.close();
    }
  });

  it.each(['../escape', 'a/b', '', 'not-a-uuid', `${ALICE}/..`, '..'])(
    'refuses user id %j, so no path leaves the users directory',
    (userId) => {
      expect(errorCode(() => openCache({ dataDir: data.dir, userId }))).toBe('CACHE_USER_INVALID');
      expect(existsSync(path.join(data.dir, 'escape'))).toBe(false);
    },
  );

  it('treats an upper-case uuid as the same user (one file, not two)', () => {
    const lower = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    lower.close();
    const upper = openCache({
      dataDir: data.dir,
      userId: ALICE.toUpperCase(),
      checkpointIntervalMs: 0,
    });
    upper.close();
    expect(upper.path).toBe(lower.path);
    expect(upper.clientId).toBe(lower.clientId);
  });

  it('refuses a file that belongs to another user (a copied file is not adopted)', () => {
    const alice = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    alice.close();
    const bobFile = cacheFilePath(data.dir, BOB);
    mkdirSync(path.dirname(bobFile), { recursive: true });
    copyFileSync(alice.path, bobFile);
    expect(errorCode(() => openCache({ dataDir: data.dir, userId: BOB }))).toBe(
      'CACHE_USER_INVALID',
    );
  });

  it('keeps its client id across reopen', () => {
    const first = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    first.close();
    const again = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    again.close();
    expect(again.clientId).toBe(first.clientId);
    expect(first.clientId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('cache migrations', () => {
  it('brings a fresh file to the newest version in PRAGMA user_version', () => {
    const cache = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    cache.close();
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(userVersion(cache.path)).toBe(SCHEMA_VERSION);
  });

  it('upgrades a version-1 file: its leads become searchable and its outbox rows are untouched', () => {
    const file = cacheFilePath(data.dir, ALICE);
    mkdirSync(path.dirname(file), { recursive: true });
    const db = openDatabase(file);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO meta (key, value) VALUES ('user_id', ?)").run(ALICE);
    db.prepare(
      `INSERT INTO leads (id, name, phone_e164, status, priority, attempts, do_not_call, consent, created_at, updated_at, version)
       VALUES ('lead-1', 'Meera Iyer', ?, 'new', 0, 0, 0, 'unknown', 0, 0, 1)`,
    ).run(nextPhone());
    const insertOutbox = db.prepare(
      "INSERT INTO outbox (seq, id, op, args, user_id, lead_id, created_at) VALUES (?, ?, 'add_note', ?, ?, 'lead-1', ?)",
    );
    for (const seq of [3, 4, 9])
      insertOutbox.run(seq, `m-${seq}`, JSON.stringify({ content: `note ${seq}` }), ALICE, NOW);
    db.close();
    const before = snapshot(file, ['outbox']);
    expect(userVersion(file)).toBe(1);

    const cache = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    try {
      expect(userVersion(file)).toBe(SCHEMA_VERSION);
      expect(cache.searchLeads('meer', 5).map((lead) => lead.id)).toEqual(['lead-1']);
      expect(snapshot(file, ['outbox'])).toEqual(before);
      expect(cache.pendingBatch(10).map((entry) => entry.seq)).toEqual([3, 4, 9]);
    } finally {
      cache.close();
    }
  });

  it('refuses a file written by newer code with CACHE_TOO_NEW and leaves it as it was', () => {
    const cache = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    cache.close();
    const db = new Database(cache.path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = snapshot(cache.path);
    expect(errorCode(() => openCache({ dataDir: data.dir, userId: ALICE }))).toBe('CACHE_TOO_NEW');
    expect(userVersion(cache.path)).toBe(SCHEMA_VERSION + 1);
    expect(snapshot(cache.path)).toEqual(before);
  });

  it('runs all pending steps in one transaction: a failing step leaves the file at its old version', () => {
    const db = new Database(path.join(data.dir, 'half.sqlite'));
    try {
      const broken = [
        ...MIGRATIONS,
        { version: SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE x (;' },
      ];
      expect(() => migrate(db, broken)).toThrow();
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(
        db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'outbox'").get(),
      ).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('rolls back a step that would change outbox rows', () => {
    const cache = openCache({ dataDir: data.dir, userId: ALICE, checkpointIntervalMs: 0 });
    const lead = serverLead(ALICE);
    seedCache(cache, [lead]);
    expect(cache.addNote({ leadId: lead.id, content: 'keep me', now: NOW }).ok).toBe(true);
    cache.close();
    const db = openDatabase(cache.path);
    try {
      const careless = [
        ...MIGRATIONS,
        { version: SCHEMA_VERSION + 1, name: 'careless', sql: 'DELETE FROM outbox' },
      ];
      expect(() => migrate(db, careless)).toThrow(/changed the outbox/);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
