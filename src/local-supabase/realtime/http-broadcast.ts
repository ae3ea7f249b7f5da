import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBoundedJson } from '../bounded-json.js';
import type { Database } from '../db/index.js';
import { BodyTooLargeError, readBody, requestToken, sendJson } from '../http.js';
import type { JwtClaims } from '../jwt.js';
import { checkChannelToken } from './channel-auth.js';
import type { RoleGate } from './role-gate.js';
import type { Rooms } from './rooms.js';
import { mayWrite } from './topic-policies.js';

/** Broadcast bodies are small messages; Supabase caps them far below the gateway's default. */
const BODY_LIMIT = 1024 * 1024;

interface BroadcastMessage {
  topic: string;
  event: string;
  payload: unknown;
  private: boolean;
}

function parseMessages(body: unknown): BroadcastMessage[] | undefined {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) return undefined;
  const parsed: BroadcastMessage[] = [];
  for (const message of messages as Record<string, unknown>[]) {
    if (typeof message?.topic !== 'string' || typeof message.event !== 'string') return undefined;
    parsed.push({
      topic: message.topic,
      event: message.event,
      payload: message.payload ?? {},
      private: message.private === true,
    });
  }
  return parsed;
}

/** Whether the token's INSERT policies let it broadcast on each private topic, asked once per topic. */
function privateWriteCheck(db: Database, claims: JwtClaims): (topic: string) => Promise<boolean> {
  const answers = new Map<string, Promise<boolean>>();
  return (topic) => {
    let answer = answers.get(topic);
    if (!answer) {
      answer = mayWrite(db, claims, topic, 'broadcast').catch((error: unknown) => {
        process.stderr.write(
          `realtime: RlsPolicyError on ${topic}: ${(error as Error)?.stack ?? String(error)}\n`,
        );
        return false;
      });
      answers.set(topic, answer);
    }
    return answer;
  };
}

/** The body as JSON, refused (thrown) past MAX_JSON_DEPTH: a deeper payload would overflow JSON.stringify on delivery. */
function boundedJson(body: Buffer): unknown {
  const json = parseBoundedJson(body.toString('utf8') || 'null');
  if (!json.ok) throw new Error(json.message);
  return json.value;
}

/**
 * Realtime's REST broadcast: `POST /api/broadcast` with `{messages: [...]}` (the send() fallback)
 * and `POST /api/broadcast/<topic>/events/<event>` (httpSend), both answered 202.
 */
export async function handleHttpBroadcast(
  req: IncomingMessage,
  res: ServerResponse,
  subpath: string,
  deps: { db: Database; jwtSecret: string; rooms: Rooms; roles: RoleGate },
): Promise<void> {
  const single = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/.exec(subpath);
  if (subpath !== '/api/broadcast' && !single) {
    sendJson(res, 404, { message: 'Not found' });
    return;
  }
  if (req.method !== 'POST') {
    sendJson(res, 405, { message: 'Method not allowed' });
    return;
  }
  const token = requestToken(req);
  const checked = token ? await checkChannelToken(token, deps.jwtSecret) : undefined;
  if (!checked?.ok) {
    sendJson(res, 401, { message: checked ? checked.refusal.message : 'API key is missing' });
    return;
  }
  const role = await deps.roles.describe(checked.claims.role);
  let body: Buffer;
  try {
    body = await readBody(req, BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendJson(res, 413, { message: error.message });
      return;
    }
    throw error;
  }
  if (!role.allowed) {
    sendJson(res, 401, { message: 'Unauthorized' });
    return;
  }
  const isPrivate = new URL(req.url ?? '/', 'http://local').searchParams.get('private') === 'true';
  let messages: BroadcastMessage[] | undefined;
  let binary: Buffer | undefined;
  try {
    if (single) {
      const [, topic = '', event = ''] = single.map((part) => decodeURIComponent(part));
      if (req.headers['content-type']?.startsWith('application/octet-stream')) {
        binary = body;
        messages = [{ topic, event, payload: undefined, private: isPrivate }];
      } else {
        messages = [
          {
            topic,
            event,
            payload: boundedJson(body),
            private: isPrivate,
          },
        ];
      }
    } else {
      messages = parseMessages(boundedJson(body));
    }
  } catch (_notJson) {
    messages = undefined;
  }
  if (!messages) {
    sendJson(res, 400, { message: 'Invalid broadcast body' });
    return;
  }
  const mayBroadcast = privateWriteCheck(deps.db, checked.claims);
  for (const message of messages) {
    // As Supabase: a private message the INSERT policies on realtime.messages refuse is dropped.
    if (message.private && !(await mayBroadcast(message.topic))) continue;
    const scope = `${message.private ? 'private' : 'public'}:${message.topic}`;
    if (binary)
      deps.rooms.broadcastRaw(scope, undefined, {
        userEvent: message.event,
        metadata: '',
        encoding: 'binary',
        payload: binary,
      });
    else
      deps.rooms.broadcast(scope, undefined, {
        type: 'broadcast',
        event: message.event,
        payload: message.payload,
      });
  }
  res.writeHead(202).end();
}
