import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StackService } from '../context.js';
import { sendJson } from '../http.js';
import type { MailMessage, Mailbox } from './mailbox.js';

export { Mailbox } from './mailbox.js';

/** Mail holds sign-in links: only a person or a test on this machine may read it, as with a local Inbucket. */
function fromThisMachine(req: IncomingMessage): boolean {
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function listPage(messages: MailMessage[], to: string | null): string {
  const items = messages
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to)} at ${escapeHtml(m.sentAt)}</p>` +
        `<pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join('\n');
  const title = to ? `Mailbox: ${escapeHtml(to)}` : 'Mailbox';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p>${messages.length} message(s), newest first. Filter with ?to=&lt;email&gt;.</p>
${items}</body></html>`;
}

/**
 * The local inbox at /mailbox: GET /mailbox/ lists messages for a person (HTML), GET
 * /mailbox/api/messages?to=<email> answers `{ messages: [...] }` newest first for tests and tools.
 */
export function createMailboxService(mailbox: Mailbox): StackService {
  return {
    async handle(req: IncomingMessage, res: ServerResponse, subpath: string) {
      if (!fromThisMachine(req)) {
        sendJson(res, 403, { message: 'the mailbox answers only on this machine' });
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 }).end();
        return;
      }
      const to = new URL(req.url ?? '/', 'http://local').searchParams.get('to');
      const messages = mailbox.list(to ?? undefined);
      if (subpath === '/api/messages') {
        sendJson(res, 200, { messages });
        return;
      }
      if (subpath === '/') {
        const html = listPage(messages, to);
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'none'",
          'content-length': Buffer.byteLength(html),
        });
        res.end(html);
        return;
      }
      sendJson(res, 404, { message: 'no mailbox resource at this path' });
    },
    async close() {},
  };
}
