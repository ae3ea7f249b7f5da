import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetworkLink, type NetworkLink } from './network-link.js';

/** Resolves to the body, or to the failure's code when the request did not get an answer. */
async function get(url: string): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return await res.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return `failed: ${cause?.code ?? (error as Error).name}`;
  }
}

describe('the network link the e2e tests cut and restore', () => {
  let server: http.Server;
  let link: NetworkLink;

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('hello'));
    // A long-lived upgrade, as the Realtime WebSocket is: the socket stays open after the answer.
    server.on('upgrade', (_req, socket) => {
      socket.on('error', () => undefined);
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    link = await startNetworkLink(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await link.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('passes requests through until it is cut, refuses them while cut, and passes them again after restore', async () => {
    expect(await get(`${link.url}/`)).toBe('hello');
    link.cut();
    expect(link.isCut).toBe(true);
    expect(await get(`${link.url}/`)).toMatch(/^failed: /);
    link.restore();
    expect(link.isCut).toBe(false);
    expect(await get(`${link.url}/`)).toBe('hello');
  });

  it('breaks a connection that was open when it was cut', async () => {
    const socket = net.connect(Number(new URL(link.url).port), '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    const upgraded = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n');
    await upgraded;
    link.cut();
    await closed;
    expect(socket.destroyed).toBe(true);
    link.restore();
  });
});
