// The session the core holds: the public face of this folder.
export { FileSecretStore, MemorySecretStore, type SecretStore } from './secret-store.js';
export { SealedSecretStore, type SecretCipher } from './sealed-secret-store.js';
export {
  AUTH_STORAGE_KEY,
  createSessionClient,
  type SessionClientOptions,
} from './session-client.js';
export { SESSION_RECORD_KEY } from './session-record.js';
export {
  DEFAULT_REFRESH_MARGIN_SECONDS,
  Session,
  type AuthState,
  type SessionFailureCode,
  type SessionOptions,
  type SessionUser,
  type SignInAnswer,
  type TokenAnswer,
} from './session.js';
