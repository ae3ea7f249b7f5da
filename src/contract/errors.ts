// The one list of error codes a caller may see; add codes here, never ad hoc strings.
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNKNOWN_OPERATION',
  'UNTRUSTED_SENDER',
  'INTERNAL_ERROR',
  // src/domain/phone.ts
  'PHONE_EMPTY',
  'PHONE_INVALID',
  'PHONE_TOO_SHORT',
  'PHONE_TOO_LONG',
  'PHONE_UNKNOWN_COUNTRY',
  // src/domain/dispositions.ts
  'DISPOSITION_CATALOGUE_INVALID',
  'DISPOSITION_UNKNOWN',
  'CALLBACK_TIME_REQUIRED',
  'CALLBACK_TIME_NOT_ALLOWED',
  'CALLBACK_IN_PAST',
  'STATUS_MOVE_NOT_ALLOWED',
  // src/domain/calling-window.ts
  'CALLING_WINDOW_INVALID',
  'INVALID_TIME_ZONE',
  // src/domain/dnc.ts (the first reason a lead may not be dialled)
  'DNC_LEAD',
  'DNC_LIST',
  'CONSENT_WITHDRAWN',
  'OUTSIDE_CALLING_WINDOW',
  // src/domain/assessment-scoring.ts
  'ASSESSMENT_DEFINITION_INVALID',
  'ASSESSMENT_ANSWERS_INVALID',
  // src/domain/kpis.ts
  'KPI_RANGE_INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
