import { z } from 'zod';

/** Operation names look like `leads:queue` or `calls:log`. */
export const operationNameSchema = z.string().regex(/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/);

/** What arrives on the invoke channel; the receiving side parses it because the sender is untrusted. */
export const invokeRequestSchema = z.object({
  op: operationNameSchema,
  args: z.unknown(),
});

export type InvokeRequest = z.infer<typeof invokeRequestSchema>;
