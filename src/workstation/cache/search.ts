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
