import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors';

export const apiErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});

/** The envelope every operation answers with (DESIGN.md section 4). */
export const apiResponseSchema = z.object({
  success: z.boolean(),
  data: z.unknown().optional(),
  error: apiErrorSchema.optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type ApiError = z.infer<typeof apiErrorSchema>;
export type ApiResponse = z.infer<typeof apiResponseSchema>;

export function ok(data: unknown): ApiResponse {
  return { success: true, data };
}

export function fail(code: ErrorCode, message: string, details?: unknown): ApiResponse {
  return {
    success: false,
    error: details === undefined ? { code, message } : { code, message, details },
  };
}
