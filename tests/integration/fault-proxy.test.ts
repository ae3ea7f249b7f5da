import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../src/local-supabase/stack.js';
import { portOf, startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { clientFor, startTestStack } from '../support/stack.js';

const BIG_BODY_BYTES = 1024 * 1024;

interface TestServer {
  port: number;
  /** Request bodies that ended before their Content-Length arrived. */
  abortedUploads: number;
  close(): Promise<void>;
}

/** A plain HTTP server: /hello names the server, /big sends 1 MiB in pieces, POST /echo counts the body. */
async function startServer(name: string): Promise<TestServer> {
  const state = { abortedUploads: 0 };
  const server = http.createServer((req, res) => {
    if (req.url === '/big') {
      res.writeHead(200, { 'content-length': String(BIG_BODY_BYTES) });
      const piece = Buffer.alloc(64 * 1024, 'x');
      for (let sent = 0; sent < BIG_BODY_BYTES; sent += piece.length) res.write(piece);
      res.end();
      return;
    }
    if (req.method === 'POST' && req.url === '/echo') {
      let received = 0;
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('aborted', () => (state.abortedUploads += 1));
      req.on('end', () => res.end(String(received)));
      return;
    }
    res.end(`hello from ${name}`);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get abortedUploads() {
      return state.abortedUploads;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = await startServer('gone');
  await server.close();
  return server.port;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Settles a fetch into its body or its failure, so a test can assert on either. */
async function fetchText(
  url: string,
  init?: RequestInit,
): Promise<{ text?: string; error?: Error }> {
  try {
    const res = await fetch(url, init);
    return { text: await res.text() };
  } catch (error) {
    return { error: error as Error };
  }
}

describe('fault proxy in front of a plain HTTP server', () => {
  let a: TestServer;
  let b: TestServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    a = await startServer('a');
    b = await startServer('b');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  beforeEach(async () => {
    proxy = await startFaultProxy({ targetPort: a.port });
  });
  afterEach(async () => {
    await proxy.close();
  });

  it('passes requests and responses through and counts them', async () => {
    const got = await fetchText(`${proxy.url}/hello`);
    expect(got.text).toBe('hello from a');
    const counters = proxy.counters();
    expect(counters.connections).toBe(1);
    expect(counters.requestBytes).toBeGreaterThan(0);
    expect(counters.responseBytes).toBeGreaterThan('hello from a'.length);
  });

  it('drop: a request fails with a network error at once, also on a pooled keep-alive connection', async () => {
    expect((await fetchText(`${proxy.url}/hello`)).text).toBe('hello from a');
    proxy.mode('drop');
    const pooled = await timed(() => fetchText(`${proxy.url}/hello`));
    expect(pooled.value.error).toBeInstanceOf(TypeError);
    const fresh = await timed(() => fetchText(`${proxy.url}/hello`, { keepalive: false }));
    expect(fresh.value.error).toBeInstanceOf(TypeError);
    expect(pooled.ms + fresh.ms).toBeLessThan(2000);
    expect(proxy.counters().refused).toBeGreaterThanOrEqual(1);

    proxy.mode('pass');
    expect((await fetchText(`${proxy.url}/hello`)).text).toBe('hello from a');
  });

  it('blackhole: the connection is accepted and never answered, so only a timeout ends the request', async () => {
    proxy.mode('blackhole');
    const got = await timed(() =>
      fetchText(`${proxy.url}/hello`, { signal: AbortSignal.timeout(500) }),
    );
    expect(got.value.error?.name).toBe('TimeoutError');
    expect(got.ms).toBeGreaterThanOrEqual(450);
    expect(proxy.counters().responseBytes).toBe(0);
  });

  it('cutAfterBytes on the response: the body breaks off and reading it fails', async () => {
    proxy.cutAfterBytes(100_000, 'response');
    const got = await fetchText(`${proxy.url}/big`);
    expect(got.error).toBeInstanceOf(Error);
    expect(got.text).toBeUndefined();
    expect(proxy.counters().responseBytes).toBe(100_000);
    expect(proxy.counters().cut).toBe(1);

    proxy.cutAfterBytes(null);
    expect((await fetchText(`${proxy.url}/big`)).text).toHaveLength(BIG_BODY_BYTES);
  });

  it('cutAfterBytes on the request: the upload breaks off, the client fails and the server sees it aborted', async () => {
    proxy.cutAfterBytes(50_000, 'request');
    const before = a.abortedUploads;
    const got = await fetchText(`${proxy.url}/echo`, {
      method: 'POST',
      body: Buffer.alloc(500_000, 'y'),
    });
    expect(got.error).toBeInstanceOf(TypeError);
    await expect.poll(() => a.abortedUploads).toBe(before + 1);
  });

  it('delay: every chunk arrives later by the given time', async () => {
    proxy.delay(300);
    const slowed = await timed(() => fetchText(`${proxy.url}/hello`));
    expect(slowed.value.text).toBe('hello from a');
    // One chunk each way, each held back at least 300 ms; a lower bound on the
    // whole trip holds however slow the machine is, unlike a difference against
    // an undelayed trip (which a loaded machine can make slow too). 10 ms of
    // slack covers Date.now() against performance.now() rounding.
    expect(slowed.ms).toBeGreaterThanOrEqual(590);
  });

  it('setTarget: new connections reach the new server behind the same proxy port', async () => {
    expect((await fetchText(`${proxy.url}/hello`)).text).toBe('hello from a');
    proxy.setTarget(b.port);
    // A restarted server closes its old connections; cutAll does that to the pooled one.
    proxy.cutAll();
    expect((await fetchText(`${proxy.url}/hello`)).text).toBe('hello from b');
  });

  it('a target with nothing listening resets the client (a server down or restarting)', async () => {
    proxy.setTarget(await closedPort());
    proxy.cutAll();
    const got = await timed(() => fetchText(`${proxy.url}/hello`));
    expect(got.value.error).toBeInstanceOf(TypeError);
    expect(got.ms).toBeLessThan(2000);
  });
});

describe('fault proxy in front of the embedded stack, with supabase-js', () => {
  let stack: RunningStack;
  let proxy: FaultProxy;
  let supabase: SupabaseClient;

  beforeAll(async () => {
    stack = await startTestStack({ seed: true });
    proxy = await startFaultProxy({ targetPort: portOf(stack.url) });
    supabase = clientFor({ url: proxy.url }, stack.anonKey);
    const { error } = await supabase.auth.signInWithPassword({
      email: 'tc1@talentg.test',
      password: 'talentg-demo',
    });
    expect(error).toBeNull();
  }, 120_000);
  afterAll(async () => {
    await supabase?.removeAllChannels();
    await proxy?.close();
    await stack?.close();
  });
  afterEach(() => {
    proxy.mode('pass');
    proxy.cutAfterBytes(null);
    proxy.delay(0);
  });

  it('passes REST, RPC and a Realtime WebSocket through', async () => {
    const { data, error } = await supabase
      .from('profiles')
      .select('email')
      .eq('email', 'tc1@talentg.test');
    expect(error).toBeNull();
    expect(data).toEqual([{ email: 'tc1@talentg.test' }]);

    const status = await new Promise<string>((resolve) => {
      supabase.channel('through-proxy').subscribe((state) => {
        if (state !== 'CLOSED') resolve(state);
      });
    });
    expect(status).toBe('SUBSCRIBED');
  });

  it('drop: supabase-js answers a network error (status 0) at once, not a hang', async () => {
    proxy.mode('drop');
    const got = await timed(async () => supabase.from('profiles').select('email').retry(false));
    expect(got.value.error).not.toBeNull();
    expect(got.value.status).toBe(0);
    expect(got.ms).toBeLessThan(2000);

    proxy.mode('pass');
    const back = await supabase.from('profiles').select('email').retry(false);
    expect(back.error).toBeNull();
  });

  it('cut mid-response: a large select fails instead of answering part of the rows', async () => {
    proxy.cutAfterBytes(4_000, 'response');
    const got = await supabase.from('leads').select('*').retry(false);
    expect(got.data).toBeNull();
    expect(got.error).not.toBeNull();
    expect(got.status).toBe(0);
  });

  it('delay adds latency to supabase-js calls', async () => {
    proxy.delay(250);
    const slowed = await timed(async () => supabase.from('profiles').select('email').retry(false));
    expect(slowed.value.error).toBeNull();
    // At least 250 ms each way, on any machine (see the plain-HTTP delay test above).
    expect(slowed.ms).toBeGreaterThanOrEqual(490);
  });

  it('setTarget: the stack can go away and come back behind the same proxy URL', async () => {
    proxy.setTarget(await closedPort());
    proxy.cutAll();
    const down = await supabase.from('profiles').select('email').retry(false);
    expect(down.status).toBe(0);

    proxy.setTarget(portOf(stack.url));
    const up = await supabase.from('profiles').select('email').retry(false);
    expect(up.error).toBeNull();
  });
});
