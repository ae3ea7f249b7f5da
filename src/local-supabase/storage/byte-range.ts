import { storageErrors } from './errors.js';

export interface ByteRange {
  start: number;
  /** Inclusive, as in Content-Range. */
  end: number;
}

/**
 * One `Range: bytes=...` request (first-last, first-, or -suffix) against an object of `size` bytes.
 * No header or a multi-range header gives undefined (the whole object); an unsatisfiable one is storage-api's InvalidRange.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    if (last === '') throw storageErrors.invalidRange();
    start = Math.max(size - Number(last), 0);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (size === 0 || start > end || start >= size) throw storageErrors.invalidRange();
  return { start, end };
}
