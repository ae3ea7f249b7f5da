import { storageErrors } from './errors.js';

// storage-api's accepted characters (S3-safe); '#', '%', '\', NUL and control characters never pass.
const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]+$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]+$/;

/**
 * An object key as storage-api accepts it, and additionally one that stays inside its bucket directory:
 * no empty, '.' or '..' segments and no leading slash.
 */
export function mustBeValidKey(key: string): string {
  const segments = key.split('/');
  const safe =
    VALID_OBJECT_KEY.test(key) &&
    segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..');
  if (!safe) throw storageErrors.invalidKey(key);
  return key;
}

export function mustBeValidBucketName(name: string): string {
  const valid =
    name.length < 101 &&
    VALID_BUCKET_NAME.test(name) &&
    name.trim() === name &&
    name !== '.' &&
    name !== '..';
  if (!valid) throw storageErrors.invalidBucketName();
  return name;
}

/** Percent-decodes URL path segments one by one; a malformed escape is a bad key, not a crash. */
export function decodeSegments(segments: readonly string[]): string {
  try {
    return segments.map((segment) => decodeURIComponent(segment)).join('/');
  } catch (_error) {
    throw storageErrors.invalidKey(segments.join('/'));
  }
}
