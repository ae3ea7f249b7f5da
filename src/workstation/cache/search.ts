// Lead search over FTS5: the person's text becomes quoted prefix terms, so no input is FTS syntax.
import type { CacheCore } from './cache-core.js';
import { leadFromTuple, type CachedLead, type LeadTuple } from './rows.js';

const MAX_TERMS = 8;
const MAX_TERM_CHARS = 64;

/**
 * The FTS5 query for `text`, or null when it has nothing to search for. Terms are runs of letters,
 * digits and marks (Devanagari vowel signs are marks), each quoted and matched as a prefix; all must match.
 * A number typed with a trunk 0 also matches without it ('098765' finds +91 98765...).
 */
export function searchQuery(text: string): string | null {
  const terms = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((term) => term.length > 0)
    .slice(0, MAX_TERMS)
    .map((term) => term.slice(0, MAX_TERM_CHARS));
  if (terms.length === 0) return null;
  return (
    terms
      .map((term) => {
        const phrase = `"${term}"*`;
        const withoutTrunk = /^0+[0-9]+$/.test(term) ? term.replace(/^0+/, '') : null;
        return withoutTrunk === null || withoutTrunk.length === 0
          ? phrase
          : `(${phrase} OR "${withoutTrunk}"*)`;
      })
      // Explicit AND: FTS5 accepts no implicit AND after a parenthesised group.
      .join(' AND ')
  );
}

/** Best matches first (bm25); name, phone (any run of its digits), email and company are searched. */
export function searchLeads(core: CacheCore, text: string, limit: number): CachedLead[] {
  const query = searchQuery(text);
  if (query === null || limit <= 0) return [];
  return (core.sql.searchLeads.all(query, limit) as LeadTuple[]).map(leadFromTuple);
}

/** The meta key whose presence makes the search triggers stand aside (migrations.ts, step 4). */
export const SEARCH_DEFERRED_KEY = 'search_deferred';

/**
 * Called as a download starts: on an empty cache the search triggers stand aside until
 * indexDeferredSearch, which indexes every lead in one statement (half the cost of 50k leads row by row).
 * A cache that has leads keeps its triggers: a resync changes few names, and rebuilding would cost more.
 */
export function deferSearchIfEmpty(core: CacheCore): void {
  if (core.db.prepare('SELECT 1 FROM leads LIMIT 1').get() === undefined) {
    core.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, 1)').run(SEARCH_DEFERRED_KEY);
  }
}

/**
 * Builds the index the triggers left out, if they were deferred: at the end of the download, or on
 * opening a file whose download was cut short (the partly filled cache is searchable again at once).
 * Only a deferred index takes the write lock; inside the caller's transaction it is a savepoint.
 */
export function indexDeferredSearch(core: CacheCore): boolean {
  const deferred = core.db.prepare('SELECT 1 FROM meta WHERE key = ?').get(SEARCH_DEFERRED_KEY);
  if (deferred === undefined) return false;
  core.db
    .transaction(() => {
      core.db.exec(`
        INSERT INTO leads_search (leads_search) VALUES ('delete-all');
        INSERT INTO leads_search (rowid, name, phone, phone_e164, email, company)
          SELECT rid, name, phone, phone_e164, email, company FROM leads_search_source;
      `);
      core.db.prepare('DELETE FROM meta WHERE key = ?').run(SEARCH_DEFERRED_KEY);
    })
    .immediate();
  return true;
}
