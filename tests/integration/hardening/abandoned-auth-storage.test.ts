// Auth and Storage drop the work of a client that disconnected before its answer, as REST does
// (tests/integration/rest/abandoned-request.test.ts): on PGlite's one connection a request still queued
// when its client left never runs, so a burst of killed clients cannot starve the database.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { startTestStack } from '../../support/stack.js';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({ db: 'memory', migrations: false });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

/** Sends a JSON request and drops the connection after `afterMs`, as a killed process does. */
function abandon(path: string, key: string, body: unknown, afterMs: number): Promise<void> {
  const text = JSON.stringify(body);
  const sent = httpRequest(`${stack.url}${path}`, {
    method: 'POST',
    headers: {
      apikey: key,
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    },
  });
  sent.on('error', () => {});
  sent.end(text);
  return new Promise((resolve) =>
    setTimeout(() => {
      sent.destroy();
      resolve();
    }, afterMs),
  );
}

/** Holds PGlite's one connection until released, without blocking the thread, so requests queue. */
function holdConnection(): { release: () => Promise<void> } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const holding = stack.db.transaction(async (tx) => {
    await tx.query('select 1');
    await released;
  });
  return {
    release: async () => {
      release();
      await holding;
    },
  };
}

async function count(sql: string, value: string): Promise<number> {
  const { rows } = await stack.db.query<{ n: string | number }>(sql, [value]);
  return Number(rows[0]?.n);
}

describe('a request whose client disconnected while it waited for the database', () => {
  it('never signs anyone up (Auth)', async () => {
    const held = holdConnection();
    await abandon(
      '/auth/v1/signup',
      stack.anonKey,
      { email: 'gone@talentg.test', password: 'left-before-the-answer' },
      300,
    );
    await held.release();
    // The same request from a client that stays is served: the service itself works.
    const kept = await fetch(`${stack.url}/auth/v1/signup`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'stayed@talentg.test', password: 'waited-for-the-answer' }),
    });
    expect(kept.status).toBe(200);
    const users = 'select count(*) as n from auth.users where email = $1';
    expect(await count(users, 'stayed@talentg.test')).toBe(1);
    expect(await count(users, 'gone@talentg.test')).toBe(0);
  });

  it('never creates the bucket (Storage)', async () => {
    const held = holdConnection();
    await abandon('/storage/v1/bucket', stack.serviceRoleKey, { name: 'gone' }, 300);
    await held.release();
    const kept = await fetch(`${stack.url}/storage/v1/bucket`, {
      method: 'POST',
      headers: {
        apikey: stack.serviceRoleKey,
        authorization: `Bearer ${stack.serviceRoleKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'stayed' }),
    });
    expect(kept.status).toBe(200);
    const buckets = 'select count(*) as n from storage.buckets where id = $1';
    expect(await count(buckets, 'stayed')).toBe(1);
    expect(await count(buckets, 'gone')).toBe(0);
  });
});
