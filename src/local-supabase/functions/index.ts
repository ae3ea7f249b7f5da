import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { parseEnv } from 'node:util';
import type { ServiceFactory, StackConfig } from '../context.js';
import { nestedDeeperThan, tooDeepMessage } from '../bounded-json.js';
import { BodyTooLargeError, DEFAULT_BODY_LIMIT, readBody, sendJson } from '../http.js';
import { verifyJwt } from '../jwt.js';
import type { ProjectConfig } from '../project-config.js';
import { DenoWorkers, FunctionBootError } from './deno-workers.js';
import { findFunction } from './function-source.js';
import { proxyToWorker, WorkerConnectionError } from './proxy.js';

// The Supabase edge platform's own answers, which clients (and functions-js) see instead of the function's.
const EDGE_ERRORS = {
  notFound: [404, { code: 'NOT_FOUND', message: 'Requested function was not found' }],
  methodNotAllowed: [405, { code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed' }],
  missingAuthorization: [401, { code: 401, message: 'Missing authorization header' }],
  invalidJwt: [401, { code: 401, message: 'Invalid JWT' }],
  bootError: [503, { code: 'BOOT_ERROR', message: 'Worker failed to boot (please check logs)' }],
  // Ours (the platform has no nesting rule): a JSON body a function could pass on to the database unbounded.
  jsonTooDeep: [400, { code: 'BAD_REQUEST', message: tooDeepMessage() }],
  bodyTooLarge: [
    413,
    { code: 'PAYLOAD_TOO_LARGE', message: `Request body exceeds ${DEFAULT_BODY_LIMIT} bytes` },
  ],
  workerError: [
    500,
    { code: 'WORKER_ERROR', message: 'Function exited due to an error (please check logs)' },
  ],
} as const;

// Edge Functions accept these methods only (Supabase's documented 405 rule).
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function sendEdgeError(res: ServerResponse, which: keyof typeof EDGE_ERRORS): void {
  const [status, body] = EDGE_ERRORS[which];
  sendJson(res, status, body);
}

/** The edge runtime's check: a `Bearer` token in Authorization signed with the project's JWT secret. */
async function authorizationProblem(
  req: IncomingMessage,
  secret: string,
): Promise<keyof typeof EDGE_ERRORS | undefined> {
  const header = req.headers.authorization;
  if (!header) return 'missingAuthorization';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return 'invalidJwt';
  try {
    await verifyJwt(match[1], secret);
    return undefined;
  } catch (_error) {
    return 'invalidJwt';
  }
}

/** A JSON body, read whole to bound its nesting before a function sees it; other bodies stream through. */
async function boundedJsonBody(
  req: IncomingMessage,
): Promise<Buffer | undefined | 'jsonTooDeep' | 'bodyTooLarge'> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!(type === 'application/json' || type.endsWith('+json'))) return undefined;
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    req.resume();
    return 'bodyTooLarge';
  }
  return nestedDeeperThan(body.toString('utf8')) ? 'jsonTooDeep' : body;
}

/** supabase/functions/.env, the secrets `supabase functions serve` loads; absent is empty. */
function envFile(projectDir: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path.join(projectDir, 'supabase', 'functions', '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return Object.fromEntries(
    Object.entries(parseEnv(text)).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

/** What a function sees as its environment, as `supabase functions serve` provides it (the platform's SUPABASE_* win). */
function functionEnv(config: StackConfig): Record<string, string> {
  return {
    ...envFile(config.projectDir),
    ...config.functionsEnv,
    SUPABASE_URL: config.url,
    SUPABASE_ANON_KEY: config.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: config.serviceRoleKey,
    ...(process.env.SUPABASE_DB_URL && { SUPABASE_DB_URL: process.env.SUPABASE_DB_URL }),
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  subpath: string,
  config: StackConfig,
  project: ProjectConfig,
  workers: DenoWorkers,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const name = subpath.split('/')[1] ?? '';
  const fn = findFunction(config.projectDir, project, name);
  if (!fn) return sendEdgeError(res, 'notFound');
  const method = req.method ?? 'GET';
  if (!METHODS.has(method)) return sendEdgeError(res, 'methodNotAllowed');
  if (fn.verifyJwt && method !== 'OPTIONS') {
    const problem = await authorizationProblem(req, config.jwtSecret);
    if (problem) return sendEdgeError(res, problem);
  }
  const body = await boundedJsonBody(req);
  if (typeof body === 'string') return sendEdgeError(res, body);
  let port: number;
  try {
    port = (await workers.get(fn)).port;
  } catch (error) {
    if (!(error instanceof FunctionBootError)) throw error;
    process.stderr.write(`functions: ${error.message}\n`);
    return sendEdgeError(res, 'bootError');
  }
  // The edge sets the caller's address, as Supabase's does, so a function can rate-limit by it; a client's own value is not kept.
  req.headers['x-forwarded-for'] = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  try {
    // The function sees its own path, /<name>/..., as on the Supabase platform.
    await proxyToWorker(req, res, port, `${subpath}${url.search}`, body);
  } catch (error) {
    if (!(error instanceof WorkerConnectionError)) throw error;
    process.stderr.write(`functions: ${fn.name}: ${error.message}\n`);
    sendEdgeError(res, 'workerError');
  }
}

/** Edge Functions: /functions/v1/<name> runs supabase/functions/<name>/index.ts in its own Deno process. */
export const createFunctionsService: ServiceFactory = ({ config, project }) => {
  const workers = new DenoWorkers({
    env: () => functionEnv(config),
    allowNet: () => {
      const host = config.url ? new URL(config.url).hostname : '';
      return host && host !== '127.0.0.1' ? [host] : [];
    },
  });
  return {
    handle: (req, res, subpath) => answer(req, res, subpath, config, project, workers),
    close: () => workers.stopAll(),
  };
};
