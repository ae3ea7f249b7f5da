import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthService } from './auth/index.js';
import type { StackContext, StackService } from './context.js';
import { createFunctionsService } from './functions/index.js';
import { sendJson } from './http.js';
import { Mailbox, createMailboxService } from './mail/index.js';
import { createRealtimeService } from './realtime/index.js';
import { createRestService } from './rest/index.js';
import { createStorageService } from './storage/index.js';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD',
  'access-control-allow-headers':
    'authorization, x-client-info, apikey, content-type, prefer, accept, accept-profile, content-profile, range, range-unit, x-upsert, cache-control, x-supabase-api-version',
  'access-control-expose-headers': 'content-range, content-location, x-supabase-api-version',
  'access-control-max-age': '86400',
};

export interface RunningGateway {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** The API gateway: routes /auth/v1, /rest/v1, /realtime/v1, /storage/v1 and /functions/v1 to their services. */
export async function startGateway(ctx: StackContext, host: string, port: number): Promise<RunningGateway> {
  const mailbox = new Mailbox();
  const services: [string, StackService][] = [
    ['/auth/v1', await createAuthService(ctx, mailbox)],
    ['/rest/v1', await createRestService(ctx)],
    ['/realtime/v1', await createRealtimeService(ctx)],
    ['/storage/v1', await createStorageService(ctx)],
    ['/functions/v1', await createFunctionsService(ctx)],
    // The local inbox (Inbucket's place in `supabase start`): GET /mailbox/ and /mailbox/api/messages.
    ['/mailbox', createMailboxService(mailbox)],
  ];
  const route = (url: string | undefined): [StackService, string] | undefined => {
    const pathname = new URL(url ?? '/', 'http://local').pathname;
    for (const [prefix, service] of services) {
      if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
        return [service, pathname.slice(prefix.length) || '/'];
      }
    }
    return undefined;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const match = route(req.url);
    if (!match) {
      sendJson(res, 404, { message: 'no Supabase service at this path' });
      return;
    }
    const [service, subpath] = match;
    service.handle(req, res, subpath).catch((error: unknown) => {
      // A service bug must still answer like Supabase's gateway, never with a stack trace.
      process.stderr.write(`gateway: ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!res.headersSent) sendJson(res, 500, { message: 'internal error' });
      else res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const match = route(req.url);
    if (!match || !match[0].upgrade) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    match[0].upgrade(req, socket, head, match[1]);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    port: actualPort,
    async close() {
      await Promise.all(services.map(([, service]) => service.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
