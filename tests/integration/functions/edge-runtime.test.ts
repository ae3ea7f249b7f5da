import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt } from '../../../src/local-supabase/jwt.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';

let stack: RunningStack;
let stackClosed = false;
let projectDir: string;

// Functions written for these tests into a throwaway Supabase project; none uses a remote import.
const FUNCTIONS: Record<string, string> = {
  counter: `
    let calls = 0;
    Deno.serve(async (req) => {
      calls += 1;
      const url = new URL(req.url);
      return Response.json(
        {
          calls,
          pid: Deno.pid,
          method: req.method,
          path: url.pathname + url.search,
          body: await req.text(),
          probe: req.headers.get('x-probe'),
          env: {
            url: Deno.env.get('SUPABASE_URL'),
            anon: Deno.env.get('SUPABASE_ANON_KEY'),
            service: Deno.env.get('SUPABASE_SERVICE_ROLE_KEY'),
            hostOnly: Deno.env.get('TALENTG_HOST_ONLY') ?? null,
            home: Deno.env.get('HOME') ?? null,
          },
        },
        { status: req.method === 'PUT' ? 201 : 200, headers: { 'x-served-by': 'counter' } },
      );
    });
  `,
  open: `export default { fetch: () => new Response('no token needed', { headers: { 'content-type': 'text/plain' } }) };`,
  broken: `import './does-not-exist.ts';\nDeno.serve(() => new Response('never'));`,
  throws: `Deno.serve(() => { throw new Error('handler failed on purpose'); });`,
  stream: `
    Deno.serve(() => new Response(
      new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode('data: first\\n\\n')); } }),
      { headers: { 'content-type': 'text/event-stream' } },
    ));
  `,
  reader: `
    Deno.serve(async () => {
      const own = await Deno.readTextFile(new URL('./index.ts', import.meta.url));
      const shared = await Deno.readTextFile(new URL('../_shared/index.ts', import.meta.url));
      let outside = 'readable';
      try { await Deno.readTextFile('/etc/hostname'); } catch (error) { outside = error.name; }
      return Response.json({ ownBytes: own.length, shared, outside });
    });
  `,
};

// What every function may import from ../_shared (and the router must never serve as a function).
const SHARED_SOURCE = 'export const x = 1;';

const CONFIG_TOML = `
# Written by the test; parsed tolerantly like the CLI's.
[api]
schemas = [
  "public",
]

[functions.open]
verify_jwt = false

[functions."counter"]
verify_jwt = true
`;

function post(name: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${stack.url}/functions/v1/${name}`, { method: 'POST', ...init });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (_error) {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  projectDir = await mkdtemp(path.join(tmpdir(), 'talentg-functions-'));
  for (const [name, source] of Object.entries(FUNCTIONS)) {
    await mkdir(path.join(projectDir, 'supabase', 'functions', name), { recursive: true });
    await writeFile(path.join(projectDir, 'supabase', 'functions', name, 'index.ts'), source);
  }
  await mkdir(path.join(projectDir, 'supabase', 'functions', '_shared'), { recursive: true });
  await writeFile(
    path.join(projectDir, 'supabase', 'functions', '_shared', 'index.ts'),
    SHARED_SOURCE,
  );
  await writeFile(path.join(projectDir, 'supabase', 'config.toml'), CONFIG_TOML);
  // A variable of this process that functions must not see.
  process.env.TALENTG_HOST_ONLY = 'host secret';
  stack = await startTestStack({ migrations: false, projectDir });
}, 120_000);

afterAll(async () => {
  if (!stackClosed) await stack?.close();
  await rm(projectDir, { recursive: true, force: true });
});

describe('edge functions: routing and JWT verification', () => {
  it('refuses a request without Authorization with the platform’s 401 body', async () => {
    const response = await post('counter');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, message: 'Missing authorization header' });
  });

  it('refuses a token signed with another secret, and an expired one', async () => {
    const forged = await signJwt({ role: 'authenticated', sub: 'x' }, 'z'.repeat(40));
    const response = await post('counter', { headers: bearer(forged) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, message: 'Invalid JWT' });
    const expired = await signJwt(
      { role: 'anon', exp: Math.floor(Date.now() / 1000) - 10 },
      stack.jwtSecret,
    );
    expect((await post('counter', { headers: bearer(expired) })).status).toBe(401);
  });

  it('serves a function with verify_jwt = false without any token (export default { fetch } style)', async () => {
    const response = await post('open');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('no token needed');
  });

  it('answers an unknown function, a folder that is not a function and a bad name with 404 NOT_FOUND', async () => {
    for (const name of ['nope', '_shared', '..%2Fcounter']) {
      const response = await post(name, { headers: bearer(stack.anonKey) });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        code: 'NOT_FOUND',
        message: 'Requested function was not found',
      });
    }
  });

  it('refuses methods Edge Functions do not support with 405', async () => {
    const response = await fetch(`${stack.url}/functions/v1/counter`, {
      method: 'HEAD',
      headers: bearer(stack.anonKey),
    });
    expect(response.status).toBe(405);
  });
});

describe('edge functions: one Deno process per function', () => {
  let firstPid = 0;

  it('proxies method, path, query, headers and body, and the function’s status and headers', async () => {
    const response = await fetch(`${stack.url}/functions/v1/counter/sub/path?x=1&y=two`, {
      method: 'PUT',
      headers: { ...bearer(stack.anonKey), 'x-probe': 'hello', 'content-type': 'text/plain' },
      body: 'payload',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-served-by')).toBe('counter');
    const body = (await response.json()) as {
      pid: number;
      method: string;
      path: string;
      body: string;
      probe: string;
    };
    expect(body).toMatchObject({
      method: 'PUT',
      path: '/counter/sub/path?x=1&y=two',
      body: 'payload',
      probe: 'hello',
    });
    firstPid = body.pid;
  });

  it('gives functions the Supabase env and nothing of the host’s', async () => {
    const { data } = await clientFor(stack, stack.anonKey).functions.invoke('counter', {
      body: { hi: 1 },
    });
    expect(data.env).toEqual({
      url: stack.url,
      anon: stack.anonKey,
      service: stack.serviceRoleKey,
      hostOnly: null,
      home: null,
    });
    expect(data.body).toBe('{"hi":1}');
  });

  it('reuses the same process across calls, keeping its state', async () => {
    const client = clientFor(stack, stack.anonKey);
    const a = (await client.functions.invoke('counter')).data as { pid: number; calls: number };
    const b = (await client.functions.invoke('counter')).data as { pid: number; calls: number };
    expect(a.pid).toBe(firstPid);
    expect(b.pid).toBe(firstPid);
    expect(b.calls).toBe(a.calls + 1);
  });

  it('starts a fresh process after the old one is killed', async () => {
    process.kill(firstPid, 'SIGKILL');
    await until(() => !isAlive(firstPid));
    const { data, error } = await clientFor(stack, stack.anonKey).functions.invoke('counter');
    expect(error).toBeNull();
    expect(data.pid).not.toBe(firstPid);
    expect(data.calls).toBe(1);
  });

  it('answers a function that cannot boot with 503 BOOT_ERROR, and one that throws with 500 WORKER_ERROR', async () => {
    const boot = await post('broken', { headers: bearer(stack.anonKey) });
    expect(boot.status).toBe(503);
    expect(await boot.json()).toEqual({
      code: 'BOOT_ERROR',
      message: 'Worker failed to boot (please check logs)',
    });
    const thrown = await post('throws', { headers: bearer(stack.anonKey) });
    expect(thrown.status).toBe(500);
    expect(await thrown.json()).toEqual({
      code: 'WORKER_ERROR',
      message: 'Function exited due to an error (please check logs)',
    });
  });

  it('streams a response as the function writes it (server-sent events are not buffered)', async () => {
    const response = await post('stream', { headers: bearer(stack.anonKey) });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    // The function never closes its stream: only an unbuffered proxy delivers this chunk.
    const first = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('first chunk was buffered')), 10_000),
      ),
    ]);
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    await reader.cancel();
  });

  it('lets a function read the functions folder (its own code, _shared) and nothing outside it', async () => {
    const response = await post('reader', { headers: bearer(stack.anonKey) });
    expect(await response.json()).toEqual({
      ownBytes: FUNCTIONS.reader!.length,
      shared: SHARED_SOURCE,
      outside: 'NotCapable',
    });
  });

  it('stops every Deno process when the stack closes', async () => {
    const { data } = await clientFor(stack, stack.anonKey).functions.invoke('counter');
    const pid = (data as { pid: number }).pid;
    expect(isAlive(pid)).toBe(true);
    stackClosed = true;
    await stack.close();
    await until(() => !isAlive(pid));
  });
});
