// The one list of error codes a caller may see; add codes here, never ad hoc strings.
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNKNOWN_OPERATION',
  'UNTRUSTED_SENDER',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
