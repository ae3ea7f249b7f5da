// Browser mode (DESIGN.md sections 4 and 7): serves the built renderer and the contract over a
// WebSocket on 127.0.0.1, hosting one core that every tab on the URL shares.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { fail } from '../contract/api-response.js';
import { WEB_SOCKET_MAX_FRAME_BYTES, WEB_SOCKET_PATH } from '../contract/web-socket-frames.js';
import { contentSecurityPolicy } from '../security/content-security-policy.js';
import { contentTypeFor, resolveStaticAsset } from '../security/static-assets.js';
import type { HostedCore } from '../workstation/host-core.js';
import {
  accessPolicy,
  judgeRequest,
  newRunToken,
  tokenCookie,
  type AccessPolicy,
} from './access.js';
import { serveSocket } from './socket-session.js';

export interface WebHostOptions {
  readonly core: HostedCore;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to a fresh random token per run. */
  readonly token?: string;
  /** Refusals and socket trouble; defaults to stderr. */
  readonly log?: (message: string) => void;
}

export interface WebHost {
  /** The URL to open, carrying the run token. */
  readonly url: string;
  readonly origin: string;
  /** Closes every socket and the server; the core is the caller's to close. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function refuse(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify(fail('UNTRUSTED_SENDER', message));
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(body);
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify(fail('UNTRUSTED_SENDER', message));
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\n` +
      'Content-Type: application/json\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function requestUrl(req: IncomingMessage, policy: AccessPolicy): URL {
  return new URL(req.url ?? '/', policy.origin);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? ((message: string) => process.stderr.write(`web host: ${message}\n`));
  const token = options.token ?? newRunToken();
  let policy: AccessPolicy | null = null;
  let csp = '';

  const sockets = new WebSocketServer({ noServer: true, maxPayload: WEB_SOCKET_MAX_FRAME_BYTES });
  sockets.on('connection', (socket) => serveSocket(socket, { core: options.core, log }));

  const serveFile = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const file = resolveStaticAsset(options.rendererDir, url.href);
    if (file === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'content-type': contentTypeFor(file),
          'content-length': body.length,
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: NodeJS.ErrnoException) => {
        const missing = error.code === 'ENOENT' || error.code === 'EISDIR';
        if (!missing) log(`reading ${file}: ${error.message}`);
        res.writeHead(missing ? 404 : 500, { 'content-type': 'text/plain' });
        res.end(missing ? 'not found' : 'could not read the file');
      },
    );
  };

  const server = createServer((req, res) => {
    if (policy === null) return refuse(res, 503, 'The web host is starting.');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = requestUrl(req, policy);
    const verdict = judgeRequest(policy, req.headers, url, { requireOrigin: false });
    if (!verdict.ok) {
      log(`refused ${req.method} ${url.pathname}: ${verdict.reason}`);
      refuse(
        res,
        401,
        "Open the address that `talentg start` printed: it carries this run's token.",
      );
      return;
    }
    if (verdict.via === 'query') {
      // The token moves into a cookie and out of the address bar, history and any Referer.
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: `${url.pathname}${url.search}`,
        'set-cookie': tokenCookie(policy),
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    serveFile(req, res, url);
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (error) => log(`upgrade socket error: ${error.message}`));
    if (policy === null) return refuseUpgrade(socket, 403, 'The web host is starting.');
    const url = requestUrl(req, policy);
    if (url.pathname !== WEB_SOCKET_PATH) {
      log(`refused a socket on ${url.pathname}`);
      return refuseUpgrade(socket, 403, `The socket is at ${WEB_SOCKET_PATH}.`);
    }
    const verdict = judgeRequest(policy, req.headers, url, { requireOrigin: true });
    if (!verdict.ok) {
      log(`refused a socket: ${verdict.reason}`);
      return refuseUpgrade(socket, 401, 'This page may not call the workstation.');
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  server.on('clientError', (error, socket) => {
    log(`bad request: ${error.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  policy = accessPolicy(token, HOST, port);
  csp = contentSecurityPolicy({
    connectOrigins: [`ws://${HOST}:${port}`, `ws://localhost:${port}`],
  });
  return {
    url: `${policy.origin}/?token=${token}`,
    origin: policy.origin,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
