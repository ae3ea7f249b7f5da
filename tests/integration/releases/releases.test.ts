// releases:* through the core's contract against the embedded stack: an admin lists every release, newest
// version first; changes need an admin at aal2 (enrolled through mfa:*), and the database refuses the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  MANAGER,
  signedInRig,
  serviceClient,
  startSeededStack,
  type ServicesRig,
} from '../../support/services-rig.js';
import { totpCode } from '../people/people-fixtures.js';

const ADMIN = 'admin@talentg.test';
const SHA = 'c'.repeat(128);

function release(version: string, platform: string, extra: Record<string, unknown> = {}) {
  return {
    version,
    platform,
    channel: 'stable',
    file_name: `TalentG-${version}-${platform}.bin`,
    url: `https://downloads.talentg.test/TalentG-${version}-${platform}.bin`,
    sha512: SHA,
    size_bytes: 80_000_000,
    published_at: '2026-12-01T10:00:00.000Z',
    ...extra,
  };
}

let stack: RunningStack;
let admin: ServicesRig;
let manager: ServicesRig;
let ids: Map<string, string>;

beforeAll(async () => {
  stack = await startSeededStack();
  // Published by the release pipeline (the service role), as issue 13's CLI will.
  const inserted = await serviceClient(stack)
    .from('releases')
    .insert([
      release('1.9.0', 'win32'),
      release('1.10.0', 'win32'),
      release('1.10.0', 'linux'),
      release('1.10.0-beta.2', 'linux', { channel: 'beta' }),
      release('1.11.0', 'darwin', { channel: 'alpha', published_at: null }),
    ])
    .select('id, version, platform');
  if (inserted.error) throw inserted.error;
  ids = new Map(inserted.data.map((row) => [`${row.version}/${row.platform}`, row.id]));
  admin = await signedInRig(stack, ADMIN);
  manager = await signedInRig(stack, MANAGER);
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await manager?.close();
  await stack?.close();
});

async function rowOf(id: string) {
  const { data, error } = await serviceClient(stack)
    .from('releases')
    .select('channel, staged_percentage, pulled_at, pulled_reason')
    .eq('id', id)
    .single();
  if (error) throw error;
  return data;
}

describe('releases:list', () => {
  it('gives an admin every release, drafts too, newest version first (1.10.0 after 1.11.0, before 1.9.0)', async () => {
    const { releases } = await admin.caller.ok('releases:list');
    expect(releases.map((r) => `${r.version}/${r.platform}`)).toEqual([
      '1.11.0/darwin',
      '1.10.0/linux',
      '1.10.0/win32',
      '1.10.0-beta.2/linux',
      '1.9.0/win32',
      // The demo data's.
      '0.2.0-beta.1/win32',
      '0.1.0/win32',
    ]);
    expect(releases[0]).toMatchObject({
      published_at: null,
      pulled_at: null,
      staged_percentage: 100,
    });
  });

  it('gives a manager only the published releases, as the update feed does', async () => {
    const { releases } = await manager.caller.ok('releases:list');
    expect(releases.map((r) => `${r.version}/${r.platform}`)).toEqual([
      '1.10.0/linux',
      '1.10.0/win32',
      '1.10.0-beta.2/linux',
      '1.9.0/win32',
      '0.2.0-beta.1/win32',
      '0.1.0/win32',
    ]);
  });
});

describe('releases:update', () => {
  it('refuses an admin at aal1 with FORBIDDEN and changes nothing', async () => {
    const id = ids.get('1.10.0/win32') ?? '';
    expect(await admin.caller.ok('mfa:status')).toMatchObject({ level: 'aal1' });
    const refused = await admin.caller.refused('releases:update', { id, staged_percentage: 20 });
    expect(refused.code).toBe('FORBIDDEN');
    expect(await rowOf(id)).toMatchObject({ staged_percentage: 100 });
  });

  it('refuses a manager with FORBIDDEN', async () => {
    const id = ids.get('1.10.0/win32') ?? '';
    const refused = await manager.caller.refused('releases:update', {
      id,
      pulled: true,
      reason: 'Not mine to pull',
    });
    expect(refused.code).toBe('FORBIDDEN');
    expect(await rowOf(id)).toMatchObject({ pulled_at: null });
  });

  it('refuses a pull without a reason before it reaches the server', async () => {
    const id = ids.get('1.10.0/win32') ?? '';
    const refused = await admin.caller.refused('releases:update', { id, pulled: true });
    expect(refused.code).toBe('INVALID_REQUEST');
  });

  it('lets an admin at aal2 stage, move to another channel, pull with a reason and put back', async () => {
    const enrolment = await admin.caller.ok('mfa:enroll');
    await admin.caller.ok('mfa:verify', {
      factor_id: enrolment.factor_id,
      code: totpCode(enrolment.secret),
    });
    const id = ids.get('1.10.0/win32') ?? '';

    const staged = await admin.caller.ok('releases:update', { id, staged_percentage: 20 });
    expect(staged).toMatchObject({ id, staged_percentage: 20, channel: 'stable' });
    expect(await rowOf(id)).toMatchObject({ staged_percentage: 20 });

    expect(await admin.caller.ok('releases:update', { id, channel: 'beta' })).toMatchObject({
      channel: 'beta',
    });

    const pulled = await admin.caller.ok('releases:update', {
      id,
      pulled: true,
      reason: 'Crashes on start on Windows 10',
    });
    expect(pulled.pulled_reason).toBe('Crashes on start on Windows 10');
    expect(pulled.pulled_at).not.toBeNull();
    expect(await rowOf(id)).toMatchObject({ pulled_reason: 'Crashes on start on Windows 10' });

    const back = await admin.caller.ok('releases:update', { id, pulled: false });
    expect(back).toMatchObject({ pulled_at: null, pulled_reason: null, channel: 'beta' });
  });

  it('refuses, even at aal2, a channel that already has the version for the platform', async () => {
    const beta = await serviceClient(stack)
      .from('releases')
      .insert(release('1.10.0', 'linux', { channel: 'beta' }));
    expect(beta.error).toBeNull();
    const id = ids.get('1.10.0/linux') ?? '';
    const refused = await admin.caller.refused('releases:update', { id, channel: 'beta' });
    expect(refused.code).toBe('INVALID_REQUEST');
    expect(await rowOf(id)).toMatchObject({ channel: 'stable' });
  });
});
