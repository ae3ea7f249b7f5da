import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.js';
import { RoleNotAllowedError } from '../request-role.js';

/**
 * An error as storage-api renders it: `{ statusCode, code, error, message }` where statusCode is the
 * semantic status as a string; the HTTP status is 400 for every client error and 500 for server errors,
 * unless `httpStatus` says otherwise (storage-api's `userStatusCode`).
 */
export class StorageApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly error: string = code,
    readonly httpStatus: number = statusCode >= 500 ? 500 : 400,
  ) {
    super(message);
    this.name = 'StorageApiError';
  }

  render(): { statusCode: string; code: string; error: string; message: string } {
    return {
      statusCode: String(this.statusCode),
      code: this.code,
      error: this.error,
      message: this.message,
    };
  }
}

export const storageErrors = {
  noSuchBucket: () =>
    new StorageApiError(404, 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
  noSuchKey: () => new StorageApiError(404, 'NoSuchKey', 'Object not found', 'not_found'),
  invalidKey: (key: string) => new StorageApiError(400, 'InvalidKey', `Invalid key: ${key}`),
  invalidBucketName: () =>
    new StorageApiError(400, 'InvalidBucketName', 'Bucket name invalid', 'Invalid Input'),
  invalidRequest: (message: string) => new StorageApiError(400, 'InvalidRequest', message),
  invalidJwt: (message: string) => new StorageApiError(400, 'InvalidJWT', message || 'Invalid JWT'),
  invalidSignature: (message = 'Invalid signature') =>
    new StorageApiError(400, 'InvalidSignature', message),
  accessDenied: (message = 'Access denied') =>
    new StorageApiError(403, 'AccessDenied', message, 'Unauthorized'),
  keyAlreadyExists: () =>
    new StorageApiError(409, 'KeyAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketAlreadyExists: () =>
    new StorageApiError(409, 'BucketAlreadyExists', 'The resource already exists', 'Duplicate'),
  resourceAlreadyExists: () =>
    new StorageApiError(409, 'ResourceAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketNotEmpty: () =>
    new StorageApiError(409, 'ResourceNotEmpty', 'The bucket you tried to delete is not empty'),
  entityTooLarge: () =>
    new StorageApiError(
      413,
      'EntityTooLarge',
      'The object exceeded the maximum allowed size',
      'Payload too large',
    ),
  invalidMimeType: (mimeType: string) =>
    new StorageApiError(
      415,
      'InvalidMimeType',
      `mime type ${mimeType} is not supported`,
      'invalid_mime_type',
    ),
  invalidRange: () =>
    new StorageApiError(400, 'InvalidRange', 'invalid range provided', 'invalid_range'),
  noContent: () => new StorageApiError(400, 'InvalidRequest', 'No content provided'),
  routeNotFound: (method: string, url: string) =>
    new StorageApiError(
      404,
      'InvalidRequest',
      `Route ${method}:${url} not found`,
      'Not Found',
      404,
    ),
  internal: () => new StorageApiError(500, 'InternalError', 'Internal server error'),
};

/** storage-api's mapping of PostgreSQL errors (its DBError.fromDBError) for the codes a request can cause. */
export function fromDatabaseError(
  error: unknown,
  duplicate = storageErrors.resourceAlreadyExists,
): StorageApiError {
  if (error instanceof StorageApiError) return error;
  if (error instanceof RoleNotAllowedError) return storageErrors.accessDenied(error.message);
  const pg = error as { code?: unknown; message?: unknown };
  const message = typeof pg.message === 'string' ? pg.message : '';
  switch (pg.code) {
    case '42501':
      return storageErrors.accessDenied(
        message.includes('row-level security')
          ? 'new row violates row-level security policy'
          : message,
      );
    case '23505':
      return duplicate();
    case '23503':
      return new StorageApiError(404, 'InvalidRequest', 'The related resource does not exist');
    case '22P02':
      return new StorageApiError(400, 'InvalidParameter', message || 'Invalid value');
    default:
      throw error;
  }
}

export function sendStorageError(res: ServerResponse, error: StorageApiError, head = false): void {
  if (head) {
    res.writeHead(error.httpStatus).end();
    return;
  }
  sendJson(res, error.httpStatus, error.render());
}
