import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientLeft } from '../abandon.js';
import type { ServiceFactory } from '../context.js';
import { BodyTooLargeError, readBody } from '../http.js';
import { bodyTooLarge, openApiDisabled, unsupportedMethod, type Result } from './errors.js';
import { handleMutation } from './handlers/mutate.js';
import type { HandlerContext } from './handlers/context.js';
import { handleRead } from './handlers/read.js';
import { handleRpc } from './handlers/rpc.js';
import { errorAnswer, writeAnswer, type RestAnswer } from './http/answer.js';
import { authenticate } from './http/authenticate.js';
import { parsePreferences } from './http/preferences.js';
import { canonicalQuery, negotiateProfile, parseTarget, type RestRequest } from './http/request.js';
import { parseQueryString } from './grammar/query-string.js';
import { SchemaCacheHolder } from './schema/holder.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE']);

async function answer(
  ctx: HandlerContext,
  secret: string,
  req: IncomingMessage,
  subpath: string,
  signal: AbortSignal,
): Promise<Result<RestAnswer>> {
  const method = req.method ?? 'GET';
  // As in PostgREST, the token is checked before anything else about the request.
  const claims = await authenticate(req, secret);
  if (!claims.ok) return claims;
  if (!METHODS.has(method)) return { ok: false, error: unsupportedMethod(method) };
  const target = parseTarget(subpath);
  if (!target.ok) return target;
  const profile = negotiateProfile(method, req.headers, ctx.settings.schemas);
  if (!profile.ok) return profile;
  const search = new URL(req.url ?? '/', 'http://local').search;
  const rawQuery = parseQueryString(search);
  let body: Buffer = Buffer.alloc(0);
  if (method === 'POST' || method === 'PATCH') {
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return { ok: false, error: bodyTooLarge(error.limit) };
      throw error;
    }
  }
  const request: RestRequest = {
    method,
    target: target.value,
    rawQuery,
    canonicalQuery: canonicalQuery(rawQuery),
    headers: req.headers,
    preferences: parsePreferences(req.headers),
    claims: claims.value,
    body,
    schema: profile.value.schema,
    profileNegotiated: profile.value.negotiated,
    signal,
  };
  switch (target.value.kind) {
    case 'root':
      return { ok: false, error: openApiDisabled() };
    case 'rpc':
      return handleRpc(ctx, request, target.value.name);
    case 'table':
      return method === 'GET' || method === 'HEAD'
        ? handleRead(ctx, request, target.value.name)
        : handleMutation(ctx, request, target.value.name);
  }
}

/** The PostgREST-compatible REST service mounted at /rest/v1, over config.toml's [api] schemas. */
export const createRestService: ServiceFactory = async ({ db, config, project }) => {
  const settings = project.api;
  const schemas = new Map(settings.schemas.map((name) => [name, new SchemaCacheHolder(db, name)]));
  // Only the default schema is loaded up front; one chosen by a profile header loads at its first request.
  await Promise.all([...schemas.values()].map((holder, index) => holder.start(index === 0)));
  const ctx: HandlerContext = { db, schemas, settings };
  return {
    async handle(req: IncomingMessage, res: ServerResponse, subpath: string) {
      const result = await answer(ctx, config.jwtSecret, req, subpath, clientLeft(res));
      writeAnswer(res, result.ok ? result.value : errorAnswer(result.error), req.method === 'HEAD');
    },
    close: async () => {
      await Promise.all([...schemas.values()].map((holder) => holder.stop()));
    },
  };
};
