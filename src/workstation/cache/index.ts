// The local cache of the workstation core: open it per signed-in user; the sync engine uses its CachePort side.
export { openCache, cacheFilePath, type Cache, type OpenCacheOptions } from './open-cache.js';
export { CacheError } from './cache-error.js';
export type * from './cache-port.js';
export type { CachedCallback, CachedDisposition, CachedInteraction, CachedLead } from './rows.js';
export type { LeadWithHistory, SyncMark } from './history.js';
export type * from './local-writes.js';
export type { DeadLetterSettling } from './dead-letters.js';
export type { QueueQuery } from './queue-query.js';
export type { CallbackFilter, CallbackWithLeadRow, CrossLeadReads } from './cross-lead-reads.js';
export type { CacheChange, CacheChangeListener, CacheTable } from './cache-changes.js';
