// One call to an Edge Function as the signed-in person (supabase-js functions.invoke carries their
// token), read as the functions' ApiResponse envelope: a refusal keeps its code when the contract
// knows it, no answer at all is OFFLINE. people.ts reads admin-users through it too.
import { FunctionsHttpError, FunctionsRelayError } from '@supabase/supabase-js';
import { z } from 'zod';
import { isErrorCode } from '../../domain/error-codes.js';
import { failure, type Failure } from '../../domain/failure.js';
import { offline, unreadable } from './online-call.js';
import type { ServiceContext } from './service-context.js';

const refusalSchema = z.object({
  success: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }),
});

/** The envelope's data in `schema`'s shape, or its refusal as a Failure. */
function readEnvelope<S extends z.ZodType>(
  schema: S,
  about: string,
  body: unknown,
): z.output<S> | Failure {
  const refused = refusalSchema.safeParse(body);
  if (refused.success) {
    const { code, message } = refused.data.error;
    return isErrorCode(code) ? failure(code, message) : failure('INTERNAL_ERROR', message, { code });
  }
  const envelope = z.object({ success: z.literal(true), data: z.unknown() }).safeParse(body);
  if (!envelope.success) return unreadable(about, envelope.error.issues);
  const answered = schema.safeParse(envelope.data.data);
  return answered.success ? answered.data : unreadable(about, answered.error.issues);
}

export async function invokeFunction<S extends z.ZodType>(
  context: ServiceContext,
  name: string,
  body: Record<string, unknown>,
  schema: S,
  about: string,
): Promise<z.output<S> | Failure> {
  const { session } = context.workstation;
  // A fresh token first: functions.invoke sends whatever the client holds.
  const token = await session.accessTokenFresh();
  if (!token.ok) return token;
  const { data, error } = await session.client.functions.invoke(name, {
    body,
    signal: AbortSignal.timeout(context.requestTimeoutMs),
  });
  if (error instanceof FunctionsHttpError) {
    const response = error.context as Response;
    return readEnvelope(schema, about, await response.json().catch(() => null));
  }
  if (error instanceof FunctionsRelayError) {
    return failure('INTERNAL_ERROR', `The server could not run the ${name} function.`, {
      message: String((error as Error).message),
    });
  }
  if (error) return offline(String((error as Error).message));
  return readEnvelope(schema, about, data);
}
