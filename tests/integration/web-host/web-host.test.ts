// The web host (browser mode): who it refuses, how it answers bad frames, and that it keeps serving.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { coreEvent, type CoreEvent } from '../../../src/contract/events.js';
import {
  WEB_SOCKET_MAX_FRAME_BYTES,
  WEB_SOCKET_PATH,
} from '../../../src/contract/web-socket-frames.js';
import { startWebHost, type WebHost } from '../../../src/web-host/web-host.js';
import { hostCore, type HostedCore } from '../../../src/workstation/host-core.js';
import { Workstation } from '../../../src/workstation/workstation.js';

interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it once open, or with the HTTP status the upgrade was refused with. */
function openSocket(
  host: WebHost,
  headers: Record<string, string>,
  pathname = WEB_SOCKET_PATH,
): Promise<{ socket: WebSocket } | { refused: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${host.origin.replace('http', 'ws')}${pathname}`, { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

/** Frames the socket receives, for awaiting one that matches. */
function frames(socket: WebSocket) {
  const seen: unknown[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    seen.push(JSON.parse(data.toString()));
    for (const wake of [...waiters]) wake();
  });
  return {
    next(match: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching frame; saw ${JSON.stringify(seen)}`)),
          5_000,
        );
        const look = (): void => {
          const found = seen.find((f) => match(f as Record<string, unknown>));
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(look);
          resolve(found as Record<string, unknown>);
        };
        waiters.add(look);
        look();
      });
    },
  };
}

const TOKEN = 'test-run-token-0123456789abcdef';

describe('web host', () => {
  let dataDir: string;
  let rendererDir: string;
  let workstation: Workstation;
  let core: HostedCore;
  let host: WebHost;
  let cookie: string;
  const logged: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-web-host-'));
    rendererDir = path.join(dataDir, 'renderer');
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
    // Nothing listens on port 9: the core works from its local state, as it does offline.
    workstation = await Workstation.open({
      dataDir,
      url: 'http://127.0.0.1:9',
      anonKey: 'anon',
      requestTimeoutMs: 500,
    });
    core = hostCore(workstation);
    host = await startWebHost({
      core,
      rendererDir,
      port: 0,
      token: TOKEN,
      log: (m) => logged.push(m),
    });
    const first = await get(host.url);
    cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
  });

  afterAll(async () => {
    await host.close();
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a URL that carries the run token and names 127.0.0.1', () => {
    expect(host.url).toBe(`${host.origin}/?token=${TOKEN}`);
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('moves the token from the URL into an HttpOnly, SameSite=Strict cookie', async () => {
    const answer = await get(host.url);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    expect(String(answer.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
    const page = await get(`${host.origin}/`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>t</title>');
    expect(String(page.headers['content-security-policy'])).toContain(`connect-src 'self'`);
    const asset = await get(`${host.origin}/assets/app.js`, { cookie });
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses a page or file without the token, or with a wrong one, with the error envelope', async () => {
    for (const answer of [
      await get(`${host.origin}/`),
      await get(`${host.origin}/assets/app.js`),
      await get(`${host.origin}/?token=wrong`),
      await get(`${host.origin}/`, { cookie: `${cookie.split('=')[0]}=wrong` }),
    ]) {
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({
        success: false,
        error: { code: 'UNTRUSTED_SENDER' },
      });
    }
    expect(logged.some((line) => line.includes('missing or wrong run token'))).toBe(true);
  });

  it('refuses a Host header that does not name this server (DNS rebinding)', async () => {
    const answer = await get(host.url, { host: 'attacker.example:80' });
    expect(answer.status).toBe(401);
  });

  it('refuses a socket without the token, from another origin, or on another path', async () => {
    const ours = { origin: host.origin };
    expect(await openSocket(host, ours)).toMatchObject({ refused: 401 });
    expect(
      await openSocket(host, { ...ours, cookie: `${cookie.split('=')[0]}=wrong` }),
    ).toMatchObject({
      refused: 401,
    });
    const foreign = await openSocket(host, { origin: 'http://evil.example', cookie });
    expect(foreign).toMatchObject({ refused: 401 });
    if ('body' in foreign) expect(JSON.parse(foreign.body).error.code).toBe('UNTRUSTED_SENDER');
    expect(await openSocket(host, { cookie })).toMatchObject({ refused: 401 });
    expect(await openSocket(host, { ...ours, cookie }, '/elsewhere')).toMatchObject({
      refused: 403,
    });
  });

  it('answers malformed frames and unknown operations with the envelope, and keeps serving', async () => {
    const opened = await openSocket(host, { origin: host.origin, cookie });
    if (!('socket' in opened)) throw new Error(`refused ${opened.refused}`);
    const { socket } = opened;
    const seen = frames(socket);
    socket.send('not json');
    expect(await seen.next((f) => f.id === null)).toMatchObject({
      response: { success: false, error: { code: 'INVALID_REQUEST' } },
    });
    socket.send(JSON.stringify({ id: 7, args: {} }));
    expect(await seen.next((f) => f.id === 7)).toMatchObject({
      response: { success: false, error: { code: 'INVALID_REQUEST' } },
    });
    socket.send(JSON.stringify({ id: 8, op: 'nope:op', args: {} }));
    expect(await seen.next((f) => f.id === 8)).toMatchObject({
      response: { success: false, error: { code: 'UNKNOWN_OPERATION' } },
    });
    socket.send(JSON.stringify({ id: 9, op: 'leads:get', args: { lead_id: 'not-a-uuid' } }));
    expect(await seen.next((f) => f.id === 9)).toMatchObject({
      response: { success: false, error: { code: 'INVALID_REQUEST' } },
    });
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    socket.send(JSON.stringify({ id: 10, op: 'session:state', args: {} }));
    expect(await seen.next((f) => f.id === 10)).toEqual({
      id: 10,
      response: { success: true, data: { status: 'signed_out' } },
    });
    socket.close();
  });

  it('closes a socket that sends an oversized frame, and serves the next one', async () => {
    const opened = await openSocket(host, { origin: host.origin, cookie });
    if (!('socket' in opened)) throw new Error(`refused ${opened.refused}`);
    const closed = new Promise<number>((resolve) =>
      opened.socket.once('close', (code) => resolve(code)),
    );
    opened.socket.send('x'.repeat(WEB_SOCKET_MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
    const again = await openSocket(host, { origin: host.origin, cookie });
    if (!('socket' in again)) throw new Error(`refused ${again.refused}`);
    const seen = frames(again.socket);
    again.socket.send(JSON.stringify({ id: 1, op: 'session:state', args: {} }));
    expect(await seen.next((f) => f.id === 1)).toMatchObject({ response: { success: true } });
    again.socket.close();
  });
});

describe('web host with several tabs', () => {
  it('gives every tab the one core and forwards each core event to each tab', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'talentg-web-tabs-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    const listeners = new Set<(event: CoreEvent) => void>();
    const calls: string[] = [];
    // A core whose events the test raises: what is under test is the host's fan-out, not the core.
    const core: HostedCore = {
      invoke: (op) => {
        calls.push(op);
        return Promise.resolve({ success: true, data: { status: 'signed_out' } });
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: () => Promise.resolve(),
    };
    const host = await startWebHost({
      core,
      rendererDir: dir,
      port: 0,
      token: TOKEN,
      log: () => {},
    });
    try {
      const cookie = String((await get(host.url)).headers['set-cookie']).split(';')[0] ?? '';
      const tabs = await Promise.all(
        [1, 2].map(async () => {
          const opened = await openSocket(host, { origin: host.origin, cookie });
          if (!('socket' in opened)) throw new Error(`refused ${opened.refused}`);
          return { socket: opened.socket, seen: frames(opened.socket) };
        }),
      );
      const event = coreEvent('session:changed', { status: 'signed_out' });
      for (const listener of listeners) listener(event);
      for (const tab of tabs) expect(await tab.seen.next((f) => 'event' in f)).toEqual({ event });
      tabs[0]?.socket.send(JSON.stringify({ id: 1, op: 'session:state', args: {} }));
      tabs[1]?.socket.send(JSON.stringify({ id: 1, op: 'sync:status', args: {} }));
      for (const tab of tabs) await tab.seen.next((f) => f.id === 1);
      expect(calls.sort()).toEqual(['session:state', 'sync:status']);
      for (const tab of tabs) tab.socket.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(listeners.size).toBe(0);
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
