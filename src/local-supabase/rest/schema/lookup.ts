import { fail, ok, tableNotFound, type Result } from '../errors.js';
import { closestMatch } from './fuzzy.js';
import type { SchemaCacheHolder } from './holder.js';
import type { Routine, SchemaCache, Table } from './types.js';

/** The table or view a request names; a miss first refreshes the cache (a migration may have just run). */
export async function lookupTable(
  holder: SchemaCacheHolder,
  name: string,
): Promise<Result<{ cache: SchemaCache; table: Table }>> {
  let cache = await holder.current();
  let table = cache.tables.get(name);
  if (!table) {
    cache = await holder.afterMiss();
    table = cache.tables.get(name);
  }
  if (!table) {
    const suggestion = closestMatch(name, cache.tables.keys());
    return fail(
      tableNotFound(
        cache.schema,
        name,
        suggestion ? `Perhaps you meant the table '${cache.schema}.${suggestion}'` : null,
      ),
    );
  }
  return ok({ cache, table });
}

/** The overloads of a function; an empty list after a refresh means there is none. */
export async function lookupRoutines(
  holder: SchemaCacheHolder,
  name: string,
): Promise<{ cache: SchemaCache; routines: Routine[] }> {
  let cache = await holder.current();
  if (!cache.routines.has(name)) cache = await holder.afterMiss();
  return { cache, routines: cache.routines.get(name) ?? [] };
}
