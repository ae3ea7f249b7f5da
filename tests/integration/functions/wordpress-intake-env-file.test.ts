import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_DIR, type RunningStack } from '../../../src/local-supabase/stack.js';
import { startTestStack } from '../../support/stack.js';
import { postSignedWebhook } from './wordpress-intake-webhook.js';

// The function's secret from supabase/functions/.env, as `supabase functions serve` reads it: a copy of
// the project (the repository's own .env is never written by a test) whose .env holds the secret.

const SECRET = 'secret-from-the-env-file';
let stack: RunningStack;
let projectDir: string;

beforeAll(async () => {
  projectDir = await mkdtemp(path.join(tmpdir(), 'talentg-env-file-'));
  const from = path.join(DEFAULT_PROJECT_DIR, 'supabase');
  const to = path.join(projectDir, 'supabase');
  await mkdir(path.join(to, 'functions'), { recursive: true });
  for (const entry of ['migrations', 'seed.sql', 'config.toml']) {
    await symlink(path.join(from, entry), path.join(to, entry));
  }
  // Copied, not linked: Deno may read only under the served functions folder.
  for (const fn of ['_shared', 'wordpress-lead-intake']) {
    await cp(path.join(from, 'functions', fn), path.join(to, 'functions', fn), { recursive: true });
  }
  // npm: specifiers resolve from the node_modules above the function, as in the repository.
  await symlink(
    path.join(DEFAULT_PROJECT_DIR, 'node_modules'),
    path.join(projectDir, 'node_modules'),
  );
  await writeFile(
    path.join(to, 'functions', '.env'),
    `# as an operator writes it\nWORDPRESS_WEBHOOK_SECRET="${SECRET}"\nWORDPRESS_INTAKE_RATE_LIMIT=100/60\n`,
  );
  stack = await startTestStack({
    seed: true,
    projectDir,
    templateDir: path.join(DEFAULT_PROJECT_DIR, '.talentg', 'templates'),
  });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

function deliver(secret: string): Promise<Response> {
  const rawBody = JSON.stringify({
    submission_id: `env-file-${secret}`,
    name: 'Env File',
    email: 'env@example.com',
    phone: '98111 66666',
    company: '',
    source: 'env-file-test',
  });
  return postSignedWebhook(stack.url, rawBody, { secret });
}

describe('supabase/functions/.env on the embedded stack', () => {
  it('gives the function its secret: signed with it is taken in, signed with another is refused', async () => {
    expect((await deliver(SECRET)).status).toBe(201);
    const forged = await deliver('some-other-secret');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'INVALID_SIGNATURE' } });
  });
});
