import type { Database } from '../../db/index.js';
import type { ApiSettings } from '../api-settings.js';
import { EXPOSED_SCHEMAS, requestInfo, type RestRequest } from '../http/request.js';
import type { TransactionOptions } from '../http/transaction.js';
import type { SchemaCacheHolder } from '../schema/holder.js';

/** What every handler works with: the database, the schema cache and the project's API settings. */
export interface HandlerContext {
  db: Database;
  schema: SchemaCacheHolder;
  settings: ApiSettings;
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
    searchPath: [...EXPOSED_SCHEMAS, ...ctx.settings.extraSearchPath],
    rollback: request.preferences.tx === 'rollback',
    signal: request.signal,
  };
}
