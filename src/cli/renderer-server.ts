import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentSecurityPolicy } from '../security/content-security-policy.js';
import { contentTypeFor, resolveStaticAsset } from '../security/static-assets.js';

export interface RendererServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the built renderer (out/renderer) read-only over http on a loopback address, for browser mode. */
export async function serveRendererOverHttp(
  rootDir: string,
  host: string,
  port: number,
): Promise<RendererServer> {
  const csp = contentSecurityPolicy();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveStaticAsset(rootDir, `http://${host}${req.url ?? '/'}`);
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
          'cache-control': 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: NodeJS.ErrnoException) => {
        const missing = error.code === 'ENOENT' || error.code === 'EISDIR';
        if (!missing) process.stderr.write(`renderer server: reading ${file}: ${error.message}\n`);
        res.writeHead(missing ? 404 : 500, { 'content-type': 'text/plain' });
        res.end(missing ? 'not found' : 'could not read the file');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actualPort}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
