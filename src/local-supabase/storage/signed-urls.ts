import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { sendJson } from '../http.js';
import { secretKey } from '../jwt.js';
import { callerOf } from './caller.js';
import { sendObject } from './download.js';
import { storageErrors } from './errors.js';
import { mustBeValidBucketName, mustBeValidKey } from './names.js';
import { findObject, findObjectNames } from './object-rows.js';
import { asCaller, param, readJson, type StorageCall } from './storage-call.js';

// storage-api scopes signed-URL tokens so a download token can never be replayed as an upload one.
const DOWNLOAD_SCOPE = 'download';
// jose refuses expirations it cannot represent; storage-api bounds expiresIn the same way.
const MAX_EXPIRES_IN = Math.floor(Number.MAX_SAFE_INTEGER / 1000) - Math.floor(Date.now() / 1000);

const expiresIn = z.number().int().min(1).max(MAX_EXPIRES_IN);
const signBody = z.object({ expiresIn, transform: z.record(z.string(), z.unknown()).optional() });
const signManyBody = z.object({ expiresIn, paths: z.array(z.string()).min(1).max(1000) });

/** A token carrying `{url: "<bucket>/<key>", scope, iat, exp}`, HS256 with the stack's JWT secret, as storage-api signs. */
async function signObjectToken(call: StorageCall, url: string, seconds: number): Promise<string> {
  return new SignJWT({ url, scope: DOWNLOAD_SCOPE })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
    .sign(secretKey(call.stack.config.jwtSecret));
}

/** POST /object/sign/:bucket/*key: the caller must be able to select the object (RLS). */
export async function handleSign(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const bucketId = mustBeValidBucketName(param(call, 0));
  const key = mustBeValidKey(param(call, 1));
  const body = await readJson(call, signBody);
  const row = await asCaller(call, caller.claims, (tx) => findObject(tx, bucketId, key));
  if (!row) throw storageErrors.noSuchKey();
  const url = `${bucketId}/${key}`;
  sendJson(call.res, 200, {
    signedURL: `/object/sign/${url}?token=${await signObjectToken(call, url, body.expiresIn)}`,
  });
}

/** POST /object/sign/:bucket {expiresIn, paths}: one answer per path, an error string where the caller sees nothing. */
export async function handleSignMany(call: StorageCall): Promise<void> {
  const caller = await callerOf(call.req, call.stack.config.jwtSecret);
  const bucketId = mustBeValidBucketName(param(call, 0));
  const body = await readJson(call, signManyBody);
  const visible = await asCaller(call, caller.claims, (tx) =>
    findObjectNames(tx, bucketId, body.paths),
  );
  const answers = await Promise.all(
    body.paths.map(async (path) => {
      if (!visible.has(path)) {
        return {
          error: 'Either the object does not exist or you do not have access to it',
          path,
          signedURL: null,
        };
      }
      const url = `${bucketId}/${path}`;
      return {
        error: null,
        path,
        signedURL: `/object/sign/${url}?token=${await signObjectToken(call, url, body.expiresIn)}`,
      };
    }),
  );
  sendJson(call.res, 200, answers);
}

/** Checks a signed-URL token: valid signature, unexpired, download-scoped, and naming exactly this object. */
async function verifyObjectToken(call: StorageCall, url: string): Promise<{ exp: number }> {
  const token = call.query.get('token');
  if (!token) throw storageErrors.invalidRequest("querystring must have required property 'token'");
  let payload: Record<string, unknown>;
  try {
    payload = (
      await jwtVerify(token, secretKey(call.stack.config.jwtSecret), { algorithms: ['HS256'] })
    ).payload;
  } catch (error) {
    throw storageErrors.invalidJwt((error as Error).message);
  }
  const downloadScoped =
    payload.scope === DOWNLOAD_SCOPE || (payload.scope === undefined && !('upsert' in payload));
  if (!downloadScoped)
    throw storageErrors.invalidSignature(`Token is not scoped for ${DOWNLOAD_SCOPE}`);
  if (payload.url !== url) throw storageErrors.invalidSignature();
  if (typeof payload.exp !== 'number') throw storageErrors.invalidJwt('"exp" claim is missing');
  return { exp: payload.exp };
}

/** GET /object/sign/:bucket/*key?token=...: the token is the authority, so the object is read without RLS. */
export async function handleSignedDownload(call: StorageCall): Promise<void> {
  const bucketId = mustBeValidBucketName(param(call, 0));
  const key = mustBeValidKey(param(call, 1));
  const { exp } = await verifyObjectToken(call, `${bucketId}/${key}`);
  const row = await findObject(call.stack.db, bucketId, key);
  if (!row) throw storageErrors.noSuchKey();
  await sendObject(call, row, { expires: new Date(exp * 1000) });
}
