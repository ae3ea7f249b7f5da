import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ServiceFactory } from '../context.js';
import { checkChannelToken } from './channel-auth.js';
import type { ChannelDeps } from './channel.js';
import { ChangeFeed } from './changes/feed.js';
import { FrameError, parseVsn, type Vsn } from './frames.js';
import { handleHttpBroadcast } from './http-broadcast.js';
import { DEFAULT_REALTIME_LIMITS, RealtimeLimits } from './limits.js';
import { RoleGate } from './role-gate.js';
import { Rooms } from './rooms.js';
import { SocketSession } from './socket-session.js';

/** Refuses a WebSocket handshake the way Supabase Realtime does: an HTTP status and `{error}`. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** The apikey a socket connects with: the x-api-key header, else the `apikey` query parameter. */
function socketApiKey(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  return url.searchParams.get('apikey') ?? undefined;
}

/**
 * Supabase Realtime on `/realtime/v1`: the Phoenix channel protocol over `/websocket` (broadcast,
 * presence, postgres_changes with RLS) and the REST broadcast endpoints.
 */
export const createRealtimeService: ServiceFactory = async (ctx) => {
  const limits = new RealtimeLimits({ ...DEFAULT_REALTIME_LIMITS, ...ctx.project.realtime });
  const changes = await ChangeFeed.start(ctx.db);
  const sessions = new Set<SocketSession>();
  const deps: ChannelDeps = {
    db: ctx.db,
    jwtSecret: ctx.config.jwtSecret,
    rooms: new Rooms(),
    changes,
    roles: new RoleGate(ctx.db),
    limits,
    connectedSockets: () => sessions.size,
  };
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const overlong = limits.overlongHeader(req.headers);
    if (overlong !== undefined) {
      refuseUpgrade(
        socket,
        431,
        'Request Header Fields Too Large',
        `header ${overlong} is longer than max_header_length (${limits.settings.maxHeaderLength} bytes)`,
      );
      return;
    }
    let vsn: Vsn;
    try {
      vsn = parseVsn(url.searchParams.get('vsn'));
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      refuseUpgrade(socket, 400, 'Bad Request', error.message);
      return;
    }
    const apiKey = socketApiKey(req, url);
    if (!apiKey) {
      refuseUpgrade(socket, 401, 'Unauthorized', 'API key is missing');
      return;
    }
    const checked = await checkChannelToken(apiKey, deps.jwtSecret);
    if (!checked.ok) {
      refuseUpgrade(socket, 401, 'Unauthorized', checked.refusal.message);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new SocketSession(ws, vsn, apiKey, deps);
      sessions.add(session);
      ws.on('close', () => sessions.delete(session));
    });
  }

  return {
    async handle(req, res, subpath) {
      await handleHttpBroadcast(req, res, subpath, deps);
    },
    upgrade(req, socket, head, subpath) {
      if (!/(^|\/)websocket\/?$/.test(subpath)) {
        refuseUpgrade(socket, 404, 'Not Found', 'no Realtime endpoint at this path');
        return;
      }
      accept(req, socket, head).catch((error: unknown) => {
        process.stderr.write(
          `realtime: upgrade failed: ${(error as Error)?.stack ?? String(error)}\n`,
        );
        refuseUpgrade(socket, 500, 'Internal Server Error', 'Error connecting to Realtime');
      });
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const session of sessions) session.closeChannels();
      sessions.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await changes.close();
    },
  };
};
