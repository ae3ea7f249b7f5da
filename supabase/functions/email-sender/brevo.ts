// One transactional email through Brevo (POST /v3/smtp/email) and what its answer means for the outbox.
// The outbox row's id goes as Brevo's idempotencyKey: a retry of a send Brevo already accepted (its
// answer was lost, or the sender died before settling) is refused with `duplicate_parameter` instead of
// mailed again, within the key's 30-minute lifetime at Brevo.
import type { EmailContent } from './templates.ts';

export interface BrevoConfig {
  apiUrl: string;
  apiKey: string;
  sender: { email: string; name: string };
  timeoutMs: number;
}

export interface OutgoingEmail {
  id: string;
  recipient: string;
  recipientName?: string;
  template: string;
  content: EmailContent;
  /** This row's attempt, counting this one. */
  attempt: number;
}

/** What to do with the row after one send. */
export type SendOutcome =
  | { kind: 'sent'; messageId: string | null }
  /** Worth another attempt later: 429, 5xx, a timeout or a dropped connection. */
  | { kind: 'retry'; error: string; retryAfterSeconds?: number }
  /** Brevo refuses the account (401/403): no email can go until an operator fixes the key. */
  | { kind: 'refused'; error: string }
  /** The same request would fail again: another 4xx. */
  | { kind: 'dead'; error: string };

/** Retry-After in seconds (a number or an HTTP date), else Brevo's x-sib-ratelimit-reset. */
export function retryAfterSeconds(headers: Headers, nowMs = Date.now()): number | undefined {
  const value = headers.get('retry-after') ?? headers.get('x-sib-ratelimit-reset');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

async function brevoError(response: Response): Promise<{ code?: string; message: string }> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    return {
      ...(typeof body.code === 'string' && { code: body.code }),
      message: typeof body.message === 'string' ? body.message : text.slice(0, 300),
    };
  } catch (_error) {
    return { message: text.slice(0, 300) };
  }
}

export async function sendEmail(config: BrevoConfig, email: OutgoingEmail): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(`${config.apiUrl}/v3/smtp/email`, {
      method: 'POST',
      headers: {
        'api-key': config.apiKey,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        sender: config.sender,
        to: [{ email: email.recipient, ...(email.recipientName && { name: email.recipientName }) }],
        headers: { idempotencyKey: email.id },
        tags: [email.template],
        ...email.content,
      }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return {
      kind: 'retry',
      error: timedOut
        ? `no answer from Brevo within ${config.timeoutMs} ms`
        : `Brevo unreachable: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (response.ok) {
    const body = (await response.json().catch(() => ({}))) as { messageId?: unknown };
    return { kind: 'sent', messageId: typeof body.messageId === 'string' ? body.messageId : null };
  }
  const { code, message } = await brevoError(response);
  const error = `HTTP ${response.status}${code ? ` ${code}` : ''}: ${message}`;
  // Brevo took this idempotency key already: an earlier attempt went out. (On a first attempt the key
  // is new, so the code means some other duplicate and the request is at fault.)
  if (response.status === 400 && code === 'duplicate_parameter' && email.attempt > 1) {
    return { kind: 'sent', messageId: null };
  }
  if (response.status === 429) {
    const after = retryAfterSeconds(response.headers);
    return { kind: 'retry', error, ...(after !== undefined && { retryAfterSeconds: after }) };
  }
  if (response.status >= 500) return { kind: 'retry', error };
  if (response.status === 401 || response.status === 403) return { kind: 'refused', error };
  return { kind: 'dead', error };
}
