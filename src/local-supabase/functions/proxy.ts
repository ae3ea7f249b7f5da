import {
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';

// Hop-by-hop headers (RFC 9110 section 7.6.1) belong to one connection and are never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
]);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = (headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase());
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name, value]) => value !== undefined && !HOP_BY_HOP.has(name) && !named.includes(name),
    ),
  );
}

/** The worker answered nothing usable (it died or reset mid-request). */
export class WorkerConnectionError extends Error {}

/**
 * Forwards one request to a worker on 127.0.0.1:port and streams its answer back: method, path, headers
 * and body in both directions, with nothing buffered (server-sent events pass through as they are written)
 * unless the caller read the request body already and passes it as `body`.
 */
export function proxyToWorker(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  path: string,
  body?: Buffer,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path, headers: endToEnd(req.headers) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        answer.pipe(res);
        answer.on('end', () => resolve());
        answer.on('error', (error) => {
          res.destroy(error);
          resolve();
        });
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy(error);
        resolve();
      } else reject(new WorkerConnectionError(error.message));
    });
    // A caller who goes away takes the upstream request with them.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  });
}
