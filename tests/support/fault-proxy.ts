// A TCP proxy a test puts between a client and a server to make the network fail on purpose.
// It works below HTTP, so plain requests, keep-alive pools and WebSocket upgrades all pass through it.
import net from 'node:net';

/**
 * pass: forward bytes. drop: reset connections (the client sees ECONNRESET at once). blackhole: accept
 * and never answer. The mode applies to new connections and to the next bytes of live ones, so a
 * client's pooled keep-alive sockets go offline too, as they do when a real network goes away.
 */
export type FaultMode = 'pass' | 'drop' | 'blackhole';

/** request: bytes from the client to the target; response: bytes from the target to the client. */
export type FaultDirection = 'request' | 'response';

export interface FaultProxyCounters {
  /** Connections accepted since the proxy started, whatever happened to them. */
  connections: number;
  /** Connections open now. */
  active: number;
  /** Connections reset by drop mode or because the target could not be reached. */
  refused: number;
  /** Connections ended by cutAfterBytes or cutAll. */
  cut: number;
  /** Bytes forwarded to the target / to the client. */
  requestBytes: number;
  responseBytes: number;
}

export interface FaultProxy {
  readonly port: number;
  /** http://127.0.0.1:<port>: hand this to clients instead of the target's URL. */
  readonly url: string;
  mode(mode: FaultMode): void;
  /** Holds every forwarded chunk back this long, in both directions, keeping the order (added latency). */
  delay(ms: number): void;
  /** Each connection is reset after `bytes` more bytes in `direction`; null lifts the rule. */
  cutAfterBytes(bytes: number | null, direction?: FaultDirection): void;
  /** Resets every live connection, as a dropped Wi-Fi or a killed server would. */
  cutAll(): void;
  counters(): FaultProxyCounters;
  /** New connections go to this port from now on (the server restarted elsewhere behind the same proxy). */
  setTarget(port: number, host?: string): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  targetPort: number;
  targetHost?: string;
  /** 0 picks a free port. */
  port?: number;
}

interface Link {
  client: net.Socket;
  target: net.Socket | null;
  /** Swallowing everything: a blackholed connection stays silent until it is closed. */
  silent: boolean;
  sent: Record<FaultDirection, number>;
  /** When the last delayed chunk in each direction is due, so later chunks never overtake it. */
  dueAt: Record<FaultDirection, number>;
  closed: boolean;
}

/** The port a URL such as a RunningStack's `url` listens on. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let targetPort = options.targetPort;
  let targetHost = options.targetHost ?? '127.0.0.1';
  let currentMode: FaultMode = 'pass';
  let delayMs = 0;
  let cutRule: { bytes: number; direction: FaultDirection } | null = null;
  const links = new Set<Link>();
  const counts: FaultProxyCounters = {
    connections: 0,
    active: 0,
    refused: 0,
    cut: 0,
    requestBytes: 0,
    responseBytes: 0,
  };

  function end(link: Link): void {
    if (link.closed) return;
    link.closed = true;
    links.delete(link);
    counts.active -= 1;
    // An RST, not a FIN: the peer must see a broken connection, not a clean end of the response.
    if (!link.client.destroyed) link.client.resetAndDestroy();
    if (link.target && !link.target.destroyed) link.target.resetAndDestroy();
  }

  function deliver(link: Link, direction: FaultDirection, chunk: Buffer): void {
    const to = direction === 'request' ? link.target : link.client;
    if (!to || link.closed) return;
    let data = chunk;
    let cutAfter = false;
    if (cutRule && cutRule.direction === direction) {
      const room = cutRule.bytes - link.sent[direction];
      if (room <= data.length) {
        data = data.subarray(0, Math.max(room, 0));
        cutAfter = true;
      }
    }
    link.sent[direction] += data.length;
    if (direction === 'request') counts.requestBytes += data.length;
    else counts.responseBytes += data.length;
    if (!cutAfter) {
      to.write(data);
      return;
    }
    counts.cut += 1;
    // Let the partial bytes leave before the reset, so the peer sees half a message, then the break.
    if (data.length > 0) to.write(data, () => end(link));
    else end(link);
  }

  function forward(link: Link, direction: FaultDirection, chunk: Buffer): void {
    if (link.closed) return;
    if (currentMode === 'drop') {
      counts.refused += 1;
      end(link);
      return;
    }
    if (currentMode === 'blackhole') link.silent = true;
    if (link.silent) return;
    if (delayMs <= 0 && link.dueAt[direction] <= Date.now()) {
      deliver(link, direction, chunk);
      return;
    }
    const due = Math.max(Date.now() + delayMs, link.dueAt[direction]);
    link.dueAt[direction] = due;
    setTimeout(() => deliver(link, direction, chunk), due - Date.now());
  }

  const server = net.createServer((client) => {
    counts.connections += 1;
    counts.active += 1;
    const link: Link = {
      client,
      target: null,
      silent: false,
      sent: { request: 0, response: 0 },
      dueAt: { request: 0, response: 0 },
      closed: false,
    };
    links.add(link);
    client.on('error', () => end(link));
    client.on('close', () => end(link));
    if (currentMode === 'drop') {
      counts.refused += 1;
      end(link);
      return;
    }
    if (currentMode === 'blackhole') {
      link.silent = true;
      client.on('data', () => undefined);
      return;
    }
    const target = net.connect({ port: targetPort, host: targetHost });
    link.target = target;
    target.on('error', () => {
      // Nothing listens at the target (a server down or restarting): the client sees a reset.
      if (link.sent.response === 0) counts.refused += 1;
      end(link);
    });
    target.on('close', () => end(link));
    client.on('data', (chunk: Buffer) => forward(link, 'request', chunk));
    target.on('data', (chunk: Buffer) => forward(link, 'response', chunk));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    mode(mode) {
      currentMode = mode;
    },
    delay(ms) {
      delayMs = Math.max(0, ms);
    },
    cutAfterBytes(bytes, direction = 'response') {
      cutRule = bytes === null ? null : { bytes, direction };
      // Counted from now on, so a live keep-alive connection is not cut for bytes it carried earlier.
      for (const link of links) link.sent = { request: 0, response: 0 };
    },
    cutAll() {
      for (const link of [...links]) {
        counts.cut += 1;
        end(link);
      }
    },
    counters: () => ({ ...counts }),
    setTarget(newPort, host) {
      targetPort = newPort;
      if (host) targetHost = host;
    },
    async close() {
      for (const link of [...links]) end(link);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
