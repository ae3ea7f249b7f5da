import type { Database } from '../../db/index.js';
import type { ApiSettings } from '../../project-config.js';
import { requestInfo, type RestRequest } from '../http/request.js';
import type { TransactionOptions } from '../http/transaction.js';
import type { SchemaCacheHolder } from '../schema/holder.js';

/** What every handler works with: the database, a schema cache per exposed schema and the project's API settings. */
export interface HandlerContext {
  db: Database;
  schemas: Map<string, SchemaCacheHolder>;
  settings: ApiSettings;
}

/** The schema cache of the schema the request chose; negotiateProfile only lets exposed ones through. */
export function schemaFor(ctx: HandlerContext, request: RestRequest): SchemaCacheHolder {
  const holder = ctx.schemas.get(request.schema);
  if (!holder) throw new Error(`rest: schema ${request.schema} is not exposed`);
  return holder;
}

/** The transaction a request runs in: its role and claims, search_path, read-only-ness and preferences. */
export function transactionFor(
  ctx: HandlerContext,
  request: RestRequest,
  readOnly: boolean,
): TransactionOptions {
  return {
    db: ctx.db,
    claims: request.claims,
    request: requestInfo(request),
    readOnly,
    timezone: request.preferences.timezone,
    searchPath: [request.schema, ...ctx.settings.extraSearchPath],
    rollback: request.preferences.tx === 'rollback',
    signal: request.signal,
  };
}
