// The error codes of the contract: the one list lives in src/domain/error-codes.ts, where the domain's
// Failure can name them without importing upward.
export { ERROR_CODES, isErrorCode, type ErrorCode } from '../domain/error-codes';
