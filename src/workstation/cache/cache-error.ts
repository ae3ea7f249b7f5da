// Failures of the cache itself (a file it must not open, a server row it cannot read): thrown, with a code from the one list.
import type { ErrorCode } from '../../contract/errors.js';

export class CacheError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CacheError';
  }
}
