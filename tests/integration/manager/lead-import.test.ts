// `talentg workstation ... import-leads` against the embedded stack: exact counts and line-numbered
// refusals for a file with duplicates, bad phones and do-not-call numbers; a re-run changes nothing; a
// dry run writes nothing; malformed files get their code. CLI processes are slow to start here, so the
// malformed files beyond one go through the same command function in-process (same contract, same core).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importLeads } from '../../../src/cli/workstation-lead-commands.js';
import { Output, type Values } from '../../../src/cli/workstation-command.js';
import { createCoreClient, type CoreClient } from '../../../src/contract/core-client.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { hostCore, type HostedCore } from '../../../src/workstation/host-core.js';
import { Workstation } from '../../../src/workstation/workstation.js';
import { DEMO_PASSWORD, MANAGER, startSeededStack } from '../../support/services-rig.js';
import { spawnTalentg } from '../talentg-process.js';

const MANAGER_ID = '00000000-0000-4000-8000-000000000002';

let stack: RunningStack;
const dir = mkdtempSync(path.join(os.tmpdir(), 'talentg-import-'));
const cliDataDir = path.join(dir, 'cli');
let inProcess: { workstation: Workstation; core: HostedCore; client: CoreClient };

beforeAll(async () => {
  stack = await startSeededStack();
  const workstation = await Workstation.open({
    dataDir: path.join(dir, 'core'),
    url: stack.url,
    anonKey: stack.anonKey,
  });
  const signedIn = await workstation.signIn(MANAGER, DEMO_PASSWORD);
  if (!signedIn.ok) throw new Error(signedIn.message);
  const core = hostCore(workstation, { autoSync: false });
  inProcess = {
    workstation,
    core,
    client: createCoreClient({ invoke: core.invoke, onEvent: core.subscribe }),
  };
  const login = await cli('login', '--email', MANAGER, '--password', DEMO_PASSWORD, '--json');
  if (login.code !== 0) throw new Error(login.stderr);
}, 120_000);

afterAll(async () => {
  await inProcess?.core.close();
  await inProcess?.workstation.close();
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const proc = spawnTalentg([
    'workstation',
    '--data-dir',
    cliDataDir,
    '--url',
    stack.url,
    '--anon-key',
    stack.anonKey,
    ...args,
  ]);
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

function file(name: string, content: string | Uint8Array): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

/** The leads table as a fingerprint: how many, and every version summed (any update bumps one). */
async function leadsFingerprint(): Promise<string> {
  const { rows } = await stack.db.query<{ n: string; versions: string }>(
    'select count(*)::text as n, sum(version)::text as versions from public.leads',
  );
  return `${rows[0]!.n}/${rows[0]!.versions}`;
}

/** Runs import-leads in this process through the core's contract; answers the exit code and the JSON printed. */
async function importInProcess(at: string): Promise<{ code: number; printed: unknown }> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    const values = { country: 'IN' } as Values;
    const code = await importLeads(inProcess.client, [at], values, new Output(true));
    return { code, printed: JSON.parse(writes.join('')) };
  } finally {
    spy.mockRestore();
  }
}

describe('import-leads', () => {
  let csv: string;

  it('imports a file with exact counts and every refused line by number', async () => {
    const dnc = await stack.db.query<{ phone_e164: string }>(
      'select phone_e164 from public.dnc_list order by phone_e164 limit 2',
    );
    const mergeable = await stack.db.query<{ phone_e164: string; id: string }>(
      `select id, phone_e164 from public.leads
        where email is null and not do_not_call order by id limit 1`,
    );
    const lines = ['Name,Mobile,E-mail,Source'];
    for (let i = 1; i <= 40; i += 1) {
      lines.push(`Lead ${i},98100 ${String(10000 + i).slice(-5)},lead${i}@example.com,expo-2026`);
    }
    lines.push('Lead 1 again,+91 9810010001,,expo-2026'); // line 42: the phone of line 2
    lines.push('Short,12345,,expo-2026'); // 43
    lines.push('Words,call me,,expo-2026'); // 44
    lines.push(`Listed one,${dnc.rows[0]!.phone_e164},,expo-2026`); // 45
    lines.push(`Listed two,${dnc.rows[1]!.phone_e164},,expo-2026`); // 46
    lines.push(',9810099999,,expo-2026'); // 47
    lines.push(`Known,${mergeable.rows[0]!.phone_e164},known@example.com,expo-2026`); // 48
    csv = `${lines.join('\n')}\n`;

    const run = await cli('import-leads', file('leads.csv', csv), '--country', 'IN', '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      refused: { line: number; kind: string; reason: string }[];
    };
    expect(report).toMatchObject({
      rows: 47,
      inserted: 40,
      merged: 1,
      unchanged: 0,
      duplicate_in_file: 1,
      dnc: 2,
      invalid: 3,
      dry_run: false,
    });
    expect(report.refused.map((r) => [r.line, r.kind])).toEqual([
      [42, 'duplicate_in_file'],
      [43, 'invalid'],
      [44, 'invalid'],
      [45, 'dnc'],
      [46, 'dnc'],
      [47, 'invalid'],
    ]);
    expect(report.refused[0]!.reason).toBe('the same phone as line 2');
    expect(report.refused[1]!.reason).toMatch(/^PHONE_/);

    const imported = await stack.db.query<{ n: string; by: string }>(
      `select count(*)::text as n, min(created_by::text) as by from public.leads where source = 'expo-2026'`,
    );
    expect(imported.rows[0]).toEqual({ n: '40', by: MANAGER_ID });
    const merged = await stack.db.query<{ email: string }>(
      'select email from public.leads where id = $1',
      [mergeable.rows[0]!.id],
    );
    expect(merged.rows[0]!.email).toBe('known@example.com');
  }, 60_000);

  it('changes nothing when the same file is imported again', async () => {
    const before = await leadsFingerprint();
    const run = await cli('import-leads', path.join(dir, 'leads.csv'), '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      inserted: 0,
      merged: 0,
      unchanged: 41,
      duplicate_in_file: 1,
      dnc: 2,
      invalid: 3,
    });
    expect(await leadsFingerprint()).toBe(before);
  }, 60_000);

  it('writes nothing on a dry run and says so', async () => {
    const before = await leadsFingerprint();
    const at = file('dry.csv', 'name,phone\nNew one,9810077001\nNew two,9810077002\nBad,1\n');
    const run = await cli('import-leads', at, '--dry-run');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Dry run (nothing written): inserted 2, merged 0, unchanged 0, duplicate_in_file 0, dnc 0, invalid 1 (3 rows)',
    );
    expect(run.stdout).toMatch(/^line 4: invalid: PHONE_/m);
    expect(await leadsFingerprint()).toBe(before);
  }, 60_000);

  it('refuses a UTF-16 file with IMPORT_ENCODING and exit 1', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('name,phone\nA,9810077003\n', 'utf16le'),
    ]);
    const run = await cli('import-leads', file('utf16.csv', utf16));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('IMPORT_ENCODING');
  }, 60_000);

  it('refuses a missing column, an empty file, invalid UTF-8 and a 1 GB file with their codes', async () => {
    const before = await leadsFingerprint();
    const cases: [string, string | Uint8Array, string][] = [
      ['nophone.csv', 'name,email\nA,a@example.com\n', 'IMPORT_MISSING_COLUMN'],
      ['empty.csv', '', 'IMPORT_EMPTY_FILE'],
      ['header-only.csv', 'name,phone\n', 'IMPORT_EMPTY_FILE'],
      [
        'latin1.csv',
        Buffer.concat([
          Buffer.from('name,phone\nJos'),
          Buffer.from([0xe9]),
          Buffer.from(',9810077004\n'),
        ]),
        'IMPORT_ENCODING',
      ],
    ];
    for (const [name, content, code] of cases) {
      const answer = await importInProcess(file(name, content));
      expect(answer, name).toEqual({
        code: 1,
        printed: expect.objectContaining({ ok: false, code }),
      });
    }
    const huge = path.join(dir, 'huge.csv');
    writeFileSync(huge, 'name,phone\n');
    await truncate(huge, 1024 ** 3); // sparse: a 1 GB file that takes no disk
    expect(await importInProcess(huge)).toEqual({
      code: 1,
      printed: expect.objectContaining({ ok: false, code: 'IMPORT_TOO_LARGE' }),
    });
    expect(await leadsFingerprint()).toBe(before);
  }, 60_000);
});
