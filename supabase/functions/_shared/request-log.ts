// One JSON line per request on stdout (function, method, status, duration, who), the shape the
// Supabase log explorer indexes; and the one place a function's unexpected error becomes a 500
// envelope without a stack trace (the log line keeps the error).
import { ApiFailure, failed } from './api-response.ts';

/** Who made the request, as the log names them: a user id once known, else the address. */
export interface RequestParty {
  address: string;
  user?: string;
}

export type Handler = (request: Request, party: RequestParty) => Promise<Response>;

/**
 * The caller's address: the first entry of X-Forwarded-For, which Supabase's edge (and the embedded
 * stack) sets from the connection, replacing what the client sent.
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}

interface LogLine {
  time: string;
  level: 'info' | 'error';
  function: string;
  method: string;
  status: number;
  duration_ms: number;
  address: string;
  user?: string;
  code?: string;
  error?: string;
}

/** Wraps a handler: answers ApiFailure as its envelope, anything else as INTERNAL_ERROR, and logs the request. */
export function served(name: string, handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    const started = performance.now();
    const party: RequestParty = { address: clientAddress(request) };
    let response: Response;
    let code: string | undefined;
    let error: string | undefined;
    try {
      response = await handler(request, party);
    } catch (thrown) {
      const failure =
        thrown instanceof ApiFailure
          ? thrown
          : new ApiFailure('INTERNAL_ERROR', `${name} could not handle this request; try again.`);
      if (!(thrown instanceof ApiFailure)) {
        error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
      }
      code = failure.code;
      response = failed(failure);
    }
    const line: LogLine = {
      time: new Date().toISOString(),
      level: response.status >= 500 ? 'error' : 'info',
      function: name,
      method: request.method,
      status: response.status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      address: party.address,
      ...(party.user && { user: party.user }),
      ...(code && { code }),
      ...(error && { error }),
    };
    console.log(JSON.stringify(line));
    return response;
  };
}
