import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for Brevo's transactional API (POST /v3/smtp/email) that records every request and
// injects faults: 429 with Retry-After, 500, a hang (no answer ever), and a hang after accepting (the
// email is taken but the answer is lost). Like Brevo, it takes each idempotencyKey once and answers a
// repeat with 400 duplicate_parameter; a wrong api-key gets 401.

export const STAND_IN_API_KEY = 'xkeysib-stand-in';

export interface FaultRates {
  tooManyRequests: number;
  serverError: number;
  hang: number;
  acceptThenHang: number;
}

export type Answer =
  | 'accepted'
  | 'duplicate'
  | 'too_many_requests'
  | 'server_error'
  | 'hang'
  | 'accept_then_hang'
  | 'invalid'
  | 'unauthorized';

export interface RecordedRequest {
  at: number;
  apiKey: string | undefined;
  key: string | undefined;
  recipient: string | undefined;
  body: Record<string, unknown>;
  answer: Answer;
}

export interface Accepted {
  recipient: string;
  messageId: string;
}

export interface BrevoStandIn {
  url: string;
  requests: RecordedRequest[];
  /** By idempotencyKey: what Brevo took under each key (once, like Brevo). */
  accepted: Map<string, Accepted>;
  /** Emails taken per recipient, whatever their key: more than 1 is a recipient mailed twice. */
  acceptedPerRecipient: Map<string, number>;
  faults: FaultRates;
  /** While true, every key is refused with 401, as after the account's key was revoked. */
  revoked: boolean;
  close(): Promise<void>;
}

/** A small seeded generator, so a failing run's faults can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      } catch (error) {
        reject(error as Error);
      }
    });
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startBrevoStandIn(options: {
  faults?: Partial<FaultRates>;
  random?: () => number;
  /** Recipients Brevo refuses as invalid (a hard 400). */
  invalid?: (recipient: string) => boolean;
}): Promise<BrevoStandIn> {
  const random = options.random ?? Math.random;
  const faults: FaultRates = {
    tooManyRequests: 0,
    serverError: 0,
    hang: 0,
    acceptThenHang: 0,
    ...options.faults,
  };
  const requests: RecordedRequest[] = [];
  const accepted = new Map<string, Accepted>();
  const acceptedPerRecipient = new Map<string, number>();

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v3/smtp/email') {
        return json(res, 404, { code: 'not_found', message: 'Not found' });
      }
      const body = await readJson(req);
      const apiKey = req.headers['api-key'] as string | undefined;
      const key = (body.headers as { idempotencyKey?: string } | undefined)?.idempotencyKey;
      const recipient = (body.to as { email?: string }[] | undefined)?.[0]?.email;
      const record = (answer: Answer) =>
        requests.push({ at: performance.now(), apiKey, key, recipient, body, answer });

      if (apiKey !== STAND_IN_API_KEY || standIn.revoked) {
        record('unauthorized');
        return json(res, 401, { code: 'unauthorized', message: 'Key not found' });
      }
      const roll = random();
      let edge = faults.tooManyRequests;
      if (roll < edge) {
        record('too_many_requests');
        return json(
          res,
          429,
          { code: 'too_many_requests', message: 'Too many requests' },
          {
            'retry-after': '1',
          },
        );
      }
      if (roll < (edge += faults.serverError)) {
        record('server_error');
        return json(res, 500, { code: 'internal_error', message: 'Internal server error' });
      }
      if (roll < (edge += faults.hang)) {
        record('hang');
        return; // never answered: the sender's timeout must end it
      }
      if (recipient && options.invalid?.(recipient)) {
        record('invalid');
        return json(res, 400, { code: 'invalid_parameter', message: 'email is not valid in to' });
      }
      if (key && accepted.has(key)) {
        record('duplicate');
        return json(res, 400, {
          code: 'duplicate_parameter',
          message: 'The idempotency key was used within the last 30 minutes',
        });
      }
      const messageId = `<${randomUUID()}@smtp-relay.mailin.fr>`;
      if (key) accepted.set(key, { recipient: recipient ?? '', messageId });
      acceptedPerRecipient.set(
        recipient ?? '',
        (acceptedPerRecipient.get(recipient ?? '') ?? 0) + 1,
      );
      if (roll < edge + faults.acceptThenHang) {
        record('accept_then_hang');
        return; // taken, but the answer never arrives
      }
      record('accepted');
      json(res, 201, { messageId });
    })().catch((error: unknown) => json(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const standIn: BrevoStandIn = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    accepted,
    acceptedPerRecipient,
    faults,
    revoked: false,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIn;
}
